using System;
using System.Collections.Generic;
using System.Linq;
using HarmonyGen.Generator.Parsing;
using HarmonyGen.Generator.Spec;

namespace HarmonyGen.Generator.Validation;

/// <summary>Networks and their listeners, endpoints, backends, targets and pipelines.</summary>
internal sealed partial class GatewayValidator
{
    private NetworkSpec ValidateNetwork(NetworkTable network) => new()
    {
        Name = network.Name,
        MemberName = _members.Of(GeneratedNames.Networks, network.Name),
        File = File(network.Location),
        Http = ValidateListener(network.Http, network.Name, "http"),
        Http3 = ValidateListener(network.Http3, network.Name, "http3"),
    };

    private void CheckListenerPorts()
    {
        var bound = new List<ListenerPorts.Bound>();
        foreach (NetworkTable network in _tables.Networks)
        {
            foreach ((ListenerTable? listener, string kind) in new[] { (network.Http, "http"), (network.Http3, "http3") })
            {
                if (listener?.BindPort is { Value: >= 1 and <= 65535 } port && ListenerPorts.Address(listener.BindAddress?.Text ?? "127.0.0.1") is { } address)
                {
                    bound.Add(new ListenerPorts.Bound(network.Name, kind, address, port));
                }
            }
        }

        foreach ((ListenerPorts.Bound later, ListenerPorts.Bound earlier) in ListenerPorts.Clashes(bound))
        {
            Report(
                DiagnosticDescriptors.ListenerPortInUse,
                later.Port.Location,
                earlier.Port.Location,
                $"network.{later.Network}.{later.Kind}",
                later.Endpoint,
                $"network.{earlier.Network}.{earlier.Kind}");
        }
    }

    private ListenerSpec? ValidateListener(ListenerTable? listener, string network, string kind)
    {
        if (listener is null)
        {
            return null;
        }

        string path = $"network.{network}.{kind}";
        if (listener.BindAddress is { } address && !UrlRules.IsBindAddress(address.Text))
        {
            Report(DiagnosticDescriptors.InvalidBindAddress, address.Location, $"{path}.bind_address", address.Text);
        }

        if (listener.BindPort is { } port && (port.Value < 1 || port.Value > 65535))
        {
            Report(DiagnosticDescriptors.InvalidPort, port.Location, $"{path}.bind_port", port.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (kind == "http3" && (listener.CertPath is null || listener.KeyPath is null))
        {
            Report(DiagnosticDescriptors.Http3NeedsCertificate, listener.Location, network);
        }
        else if (kind == "http" && (listener.CertPath ?? listener.KeyPath) is { } half && (listener.CertPath is null) != (listener.KeyPath is null))
        {
            // One of the pair alone would quietly leave the listener on plain HTTP, which its author meant to be TLS.
            bool hasCert = listener.CertPath is not null;
            Report(DiagnosticDescriptors.HalfConfiguredTls, half.Location, network, hasCert ? "cert_path" : "key_path", hasCert ? "key_path" : "cert_path");
        }

        return new ListenerSpec
        {
            BindAddress = listener.BindAddress?.Text ?? "127.0.0.1",
            BindPort = listener.BindPort?.Value ?? 0,
            CertPath = ReadPath(listener.CertPath, $"{path}.cert_path"),
            KeyPath = ReadPath(listener.KeyPath, $"{path}.key_path"),
        };
    }

    private EndpointSpec ValidateEndpoint(EndpointTable endpoint)
    {
        string? prefix = endpoint.PathPrefix?.Text;
        if (endpoint.PathPrefix is { } value && !value.Text.StartsWith("/", StringComparison.Ordinal))
        {
            Report(DiagnosticDescriptors.InvalidPathPrefix, value.Location, $"endpoints.{endpoint.Name}.options.path_prefix", value.Text);
            prefix = null;
        }

        return new EndpointSpec
        {
            Name = endpoint.Name,
            MemberName = _members.Of(GeneratedNames.Endpoints, endpoint.Name),
            File = File(endpoint.Location),
            Service = TomlEnum.Parse(endpoint.Service?.Text, EndpointService.Http),
            PathPrefix = prefix is null ? null : UrlRules.NormalizePrefix(prefix),
        };
    }

    private BackendSpec ValidateBackend(BackendTable backend)
    {
        // Harmony's http3 service also answers to h3; its fhir service forwards over HTTP as http does (FhirEndpoint
        // requires the HTTP protocol and sends the request to the backend's base_url unchanged).
        BackendService service = backend.Service?.Text switch
        {
            "h3" => BackendService.Http3,
            "fhir" => BackendService.Http,
            _ => TomlEnum.Parse(backend.Service?.Text, BackendService.Http),
        };
        string? baseUrl = null;
        int timeout = backend.TimeoutSeconds?.Value ?? 30;
        if (!ValidTimeout(backend.TimeoutSeconds, $"backends.{backend.Name}.timeout_secs"))
        {
            timeout = 30;
        }

        TargetTable? target = null;
        if (backend.TargetRef is { } targetRef && Resolve("Target", targetRef, _targets.Keys))
        {
            target = _targets[targetRef.Text];
        }

        if (backend.BaseUrl is { } url)
        {
            // base_url, when given, overrides the target's address (as in Harmony).
            if (UrlRules.TryParseHttpUrl(url.Text, out _))
            {
                baseUrl = url.Text;
            }
            else
            {
                Report(DiagnosticDescriptors.InvalidBaseUrl, url.Location, $"backends.{backend.Name}.options.base_url", url.Text);
            }
        }
        else if (target is not null)
        {
            baseUrl = _targetUrls[target.Name];
            if (target.Http3 && service == BackendService.Http)
            {
                // An http3 target asks for HTTP/3: the backend prefers it, falling back where QUIC is not available.
                service = BackendService.Http3;
            }
        }
        else if (backend.TargetRef is null && service != BackendService.Echo)
        {
            Report(DiagnosticDescriptors.BackendHasNoAddress, backend.Location, backend.Name);
        }

        if (backend.TimeoutSeconds is null && target?.TimeoutSeconds is { } targetTimeout && ValidTimeout(targetTimeout, null))
        {
            timeout = targetTimeout.Value;
        }

        return new BackendSpec
        {
            Name = backend.Name,
            MemberName = _members.Of(GeneratedNames.Backends, backend.Name),
            File = File(backend.Location),
            Service = service,
            BaseUrl = baseUrl,
            TimeoutSeconds = timeout,
        };
    }

    /// <summary>True for an absent or in-range timeout; reports an out-of-range one when <paramref name="key"/> is given.</summary>
    private bool ValidTimeout(LocatedInt? timeout, string? key)
    {
        if (timeout is null || (timeout.Value >= 1 && timeout.Value <= 3600))
        {
            return true;
        }

        if (key is not null)
        {
            Report(DiagnosticDescriptors.InvalidTimeout, timeout.Location, key, timeout.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return false;
    }

    private string? TargetUrl(TargetTable target)
    {
        if (target.Host is null)
        {
            return null;
        }

        if (target.Port is { } port && (port.Value < 1 || port.Value > 65535))
        {
            Report(DiagnosticDescriptors.InvalidPort, port.Location, $"targets.{target.Name}.connection.port", port.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return null;
        }

        // HTTP/3 always runs over TLS: an http3 (or Harmony's h3) target is an https:// address.
        string scheme = target.Http3 ? "https" : target.Protocol?.Text ?? "http";
        string portPart = target.Port is null ? string.Empty : ":" + target.Port.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string basePath = target.BasePath?.Text ?? string.Empty;
        if (basePath.Length > 0 && basePath[0] != '/')
        {
            basePath = "/" + basePath;
        }

        string url = $"{scheme}://{target.Host.Text}{portPart}{basePath}";
        if (!UrlRules.TryParseHttpUrl(url, out _))
        {
            Report(DiagnosticDescriptors.InvalidBaseUrl, target.Host.Location, $"targets.{target.Name}.connection", url);
            return null;
        }

        return url;
    }

    private PipelineSpec ValidatePipeline(PipelineTable pipeline, List<NetworkSpec> networks)
    {
        foreach (TomlValue network in pipeline.Networks)
        {
            Resolve("Network", network, _networks.Keys);
        }

        foreach (TomlValue endpoint in pipeline.Endpoints)
        {
            Resolve("Endpoint", endpoint, _endpoints.Keys);
        }

        foreach (TomlValue backend in pipeline.Backends)
        {
            Resolve("Backend", backend, _backends.Keys);
        }

        bool meshAuth = false;
        foreach (TomlValue middleware in pipeline.Middleware.All)
        {
            if (ResolveMiddleware(middleware)?.Name == HarmonyMiddleware.MeshAuth)
            {
                meshAuth = true;
            }
        }

        return new PipelineSpec
        {
            Name = pipeline.Name,
            MemberName = _members.Of(GeneratedNames.Pipelines, pipeline.Name),
            File = File(pipeline.Location),
            Description = pipeline.Description,
            Networks = Texts(pipeline.Networks),
            Endpoints = Texts(pipeline.Endpoints),
            Backends = Texts(pipeline.Backends),
            // Harmony's execution order: the request chain, then the response chain (the runtime's one list, for now).
            Middleware = pipeline.Middleware.All.Select(m => m.Text).ToEquatableArray(),
            RequestMiddleware = Texts(pipeline.Middleware.Left),
            ResponseMiddleware = pipeline.Middleware.ResponseOrder.Select(m => m.Text).ToEquatableArray(),
            RequiresMeshAuth = meshAuth,
            // Reachable at all: a pipeline without endpoints serves nothing by design, one with endpoints needs a listener.
            Listening = pipeline.Endpoints.Count == 0 || networks.Any(n => n.HasListener && pipeline.Networks.Any(p => p.Text == n.Name)),
            MaxConcurrentRequests = ValidMaxConcurrent(pipeline),
        };
    }
}
