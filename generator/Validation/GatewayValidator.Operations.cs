using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using HarmonyGen.Generator.Parsing;
using HarmonyGen.Generator.Spec;

namespace HarmonyGen.Generator.Validation;

/// <summary>The HG07xx rules: <c>[management]</c>, <c>[proxy.content_limits]</c>, drain time and concurrency caps.</summary>
internal sealed partial class GatewayValidator
{
    /// <summary>Where the management API is served when <c>base_path</c> is not given.</summary>
    public const string DefaultManagementBasePath = "/admin";

    private const long MaxBodySizeLimit = 1L << 40; // 1 TiB: beyond it a typo is likelier than a need
    private const int MinHeaderSize = 1024; // below it a Host header and a token no longer fit
    private const int MaxHeaderSizeLimit = 16 << 20;
    private const int MaxDrainSeconds = 3600;
    private const int MaxConcurrentLimit = 1_000_000;

    private ManagementSpec? ValidateManagement(List<PipelineSpec> pipelines)
    {
        if (_tables.Management is not { } management)
        {
            return null;
        }

        bool enabled = management.Enabled?.Value ?? true;
        string network = management.Network?.Text ?? string.Empty;
        if (management.Network is { } value)
        {
            if (!_networks.ContainsKey(value.Text))
            {
                Report(DiagnosticDescriptors.ManagementNetworkUnknown, value.Location, value.Text, NameSuggester.Hint(value.Text, _networks.Keys));
            }
            else if (enabled && pipelines.FirstOrDefault(p => p.Endpoints.Count > 0 && p.Networks.Contains(value.Text)) is { } shared)
            {
                Report(DiagnosticDescriptors.ManagementSharesTraffic, value.Location, value.Text, shared.Name);
            }
        }

        string basePath = DefaultManagementBasePath;
        if (management.BasePath is { } path)
        {
            if (ManagementBasePath(path.Text, out string normalized, out string problem))
            {
                basePath = normalized;
            }
            else
            {
                Report(DiagnosticDescriptors.ManagementBasePathInvalid, path.Location, path.Text, problem);
            }
        }

        return new ManagementSpec { Enabled = enabled, BasePath = basePath, Network = network, File = File(management.Location) };
    }

    /// <summary>
    /// <c>admin</c>, <c>/admin</c> and <c>/admin/</c> are all <c>/admin</c>; an empty path or <c>/</c> is the root. Only
    /// characters a URL path holds literally are allowed, so the path a client types is the path that matches.
    /// </summary>
    internal static bool ManagementBasePath(string text, out string normalized, out string problem)
    {
        normalized = string.Empty;
        problem = string.Empty;
        string trimmed = text.Trim('/');
        foreach (char c in trimmed)
        {
            bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~!$&'()*+,;=:@/".IndexOf(c) >= 0;
            if (!allowed)
            {
                problem = char.IsWhiteSpace(c) || char.IsControl(c)
                    ? "contains white space or a control character, which cannot be in a URL path"
                    : $"contains '{c}', which cannot be in a URL path without escaping (use letters, digits, '-', '_', '.', '~' and '/')";
                return false;
            }
        }

        string[] segments = trimmed.Length == 0 ? Array.Empty<string>() : trimmed.Split('/');
        if (segments.Any(s => s.Length == 0 || s == "." || s == ".."))
        {
            problem = "has an empty, '.' or '..' segment; a client's URL library would rewrite it before it is sent";
            return false;
        }

        normalized = "/" + trimmed;
        return true;
    }

    private LimitsSpec? ValidateLimits()
    {
        ProxyTable proxy = _tables.Proxy;
        long? body = Size(proxy.ContentLimits?.MaxBodySize, "proxy.content_limits.max_body_size", 1, MaxBodySizeLimit, "1 byte", "1TiB");
        long? header = Size(proxy.ContentLimits?.MaxHeaderSize, "proxy.content_limits.max_header_size", MinHeaderSize, MaxHeaderSizeLimit, "1KiB", "16MiB");
        int? drain = InRange(proxy.DrainTimeoutSeconds, "proxy.drain_timeout_secs", 0, MaxDrainSeconds, "0", "3600 seconds");
        var limits = new LimitsSpec { MaxBodySize = body, MaxHeaderSize = header is null ? null : (int)header.Value, DrainTimeoutSeconds = drain };
        return limits.IsEmpty ? null : limits;
    }

    /// <summary><c>[proxy] trusted_proxies</c>: each an address or CIDR range, checked as the policy rules' are (HG0801).</summary>
    private EquatableArray<IpNetworkSpec> ValidateTrustedProxies() => IpNetworks(_tables.Proxy.TrustedProxies, "proxy.trusted_proxies");

    /// <summary>Addresses and CIDR ranges, each checked at its span (HG0801); the valid ones.</summary>
    private EquatableArray<IpNetworkSpec> IpNetworks(IEnumerable<TomlValue> values, string key)
    {
        var networks = new List<IpNetworkSpec>();
        foreach (TomlValue item in values)
        {
            if (CidrRange.Parse(item.Text, out IpNetworkSpec? network) is { } reason)
            {
                Report(DiagnosticDescriptors.InvalidIpRange, item.Location, item.Text, key, reason);
            }
            else
            {
                networks.Add(network!);
            }
        }

        return networks.ToEquatableArray();
    }

    private int? ValidMaxConcurrent(PipelineTable pipeline) =>
        InRange(pipeline.MaxConcurrentRequests, $"pipelines.{pipeline.Name}.max_concurrent_requests", 1, MaxConcurrentLimit, "1", "1000000");

    private long? Size(TomlValue? value, string key, long min, long max, string minText, string maxText)
    {
        if (value is null)
        {
            return null;
        }

        if (!ByteSize.TryParse(value.Text, out long bytes))
        {
            // A negative integer is a number, just out of range; anything else is not a size at all.
            if (value.Kind == TomlValueKind.Integer && long.TryParse(value.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long negative))
            {
                Report(DiagnosticDescriptors.LimitOutOfRange, value.Location, key, minText, maxText, negative.ToString(CultureInfo.InvariantCulture));
                return null;
            }

            Report(DiagnosticDescriptors.SizeNotUnderstood, value.Location, key, value.Text);
            return null;
        }

        if (bytes < min || bytes > max)
        {
            Report(DiagnosticDescriptors.LimitOutOfRange, value.Location, key, minText, maxText, value.Text);
            return null;
        }

        return bytes;
    }

    private int? InRange(LocatedInt? value, string key, int min, int max, string minText, string maxText)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Value < min || value.Value > max)
        {
            Report(DiagnosticDescriptors.LimitOutOfRange, value.Location, key, minText, maxText, value.Value.ToString(CultureInfo.InvariantCulture));
            return null;
        }

        return value.Value;
    }
}
