using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net.Http;
using HarmonyGen.Mesh;
using Yarp.ReverseProxy.Forwarder;

namespace HarmonyGen.Diagnostics;

/// <summary>
/// The instruments of one gateway, on the meter "HarmonyGen.Gateway" (see docs/operations.md for every name, unit and
/// tag). Each record method checks <see cref="Instrument.Enabled"/> first, so with no listener attached a call costs a
/// field read and builds no tags; tags are a stack <see cref="TagList"/> of constant or configuration strings.
/// </summary>
internal sealed class GatewayMetrics
{
    public const string MeterName = "HarmonyGen.Gateway";

    /// <summary>The tag value for a request that matched no ingress (a path route) or nothing at all.</summary>
    public const string None = "none";

    private const string PipelineTag = "harmony.gateway.pipeline";
    private const string IngressTag = "harmony.gateway.ingress";
    private const string BackendTag = "harmony.gateway.backend";
    private const string MeshTag = "harmony.mesh.name";

    internal static readonly string? Version = typeof(GatewayMetrics).Assembly.GetName().Version?.ToString();

    // Used when the host has no IMeterFactory (a runtime built by hand, as the benchmarks do).
    private static readonly Meter SharedMeter = new(MeterName, Version);

    // http.response.status_code is an int; boxing it per request would allocate, so the usual codes are boxed once.
    private static readonly object[] BoxedStatusCodes = BoxStatusCodes();

    private readonly Histogram<double> _requestDuration;
    private readonly Counter<long> _meshRejections;
    private readonly Counter<long> _egressTokens;
    private readonly Counter<long> _validationCacheLookups;
    private readonly Counter<long> _backendErrors;

    private GatewayMetrics(Meter meter)
    {
        Meter = meter;
        _requestDuration = meter.CreateHistogram(
            "harmony.gateway.request.duration",
            unit: "s",
            description: "Time from the gateway receiving a request to its handler finishing, by pipeline, ingress, method and status.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10] });
        _meshRejections = meter.CreateCounter<long>("harmony.mesh.auth.rejections", "{request}", "Requests refused by mesh authentication, by reason.");
        _egressTokens = meter.CreateCounter<long>("harmony.mesh.egress.tokens", "{token}", "Egress mesh tokens issued (signed or fetched) and reused from the gateway's cache.");
        _validationCacheLookups = meter.CreateCounter<long>("harmony.mesh.validation_cache.lookups", "{lookup}", "Ingress mesh tokens looked up in the validated-token cache: hit (signature not checked again) or miss.");
        _backendErrors = meter.CreateCounter<long>("harmony.gateway.backend.errors", "{error}", "Forwarding failures by backend and error type.");
    }

    public Meter Meter { get; }

    /// <summary>True when a listener collects request durations; only then is a request timed.</summary>
    public bool MeasuresRequests => _requestDuration.Enabled;

    /// <summary>The gateway's meter from <paramref name="factory"/> (so each host's meters are its own), else a process-wide one.</summary>
    public static GatewayMetrics Create(IMeterFactory? factory) =>
        new(factory?.Create(new MeterOptions(MeterName) { Version = Version }) ?? SharedMeter);

    public void RequestFinished(string? pipeline, string? ingress, string method, int statusCode, TimeSpan elapsed)
    {
        if (!_requestDuration.Enabled)
        {
            return;
        }

        var tags = new TagList
        {
            { PipelineTag, pipeline ?? None },
            { IngressTag, ingress ?? None },
            { "http.request.method", KnownMethod(method) },
            { "http.response.status_code", StatusCode(statusCode) },
        };
        _requestDuration.Record(elapsed.TotalSeconds, tags);
    }

    public void MeshRejected(string pipeline, string? ingress, MeshRejection reason)
    {
        if (!_meshRejections.Enabled)
        {
            return;
        }

        var tags = new TagList
        {
            { "harmony.mesh.rejection.reason", reason.TagValue() },
            { PipelineTag, pipeline },
            { IngressTag, ingress ?? None },
        };
        _meshRejections.Add(1, tags);
    }

    /// <param name="provider">The provider that issued it, or "local" for a token this gateway signed.</param>
    public void EgressToken(bool issued, string mesh, string provider)
    {
        if (!_egressTokens.Enabled)
        {
            return;
        }

        var tags = new TagList
        {
            { "harmony.mesh.token.outcome", issued ? "issued" : "reused" },
            { MeshTag, mesh },
            { "harmony.mesh.provider", provider },
        };
        _egressTokens.Add(1, tags);
    }

    public void ValidationCacheLookup(bool hit)
    {
        if (_validationCacheLookups.Enabled)
        {
            _validationCacheLookups.Add(1, new KeyValuePair<string, object?>("harmony.cache.outcome", hit ? "hit" : "miss"));
        }
    }

    public void BackendFailed(string backend, ForwarderError error, Exception? exception)
    {
        if (!_backendErrors.Enabled)
        {
            return;
        }

        var tags = new TagList
        {
            { "error.type", ErrorType(error, exception) },
            { BackendTag, backend },
        };
        _backendErrors.Add(1, tags);
    }

    /// <summary>
    /// A bounded <c>error.type</c> for a forwarding failure: what an operator acts on differently (a slow backend, a
    /// backend that is down, one that breaks connections, a client that went away), not YARP's enum member names.
    /// </summary>
    internal static string ErrorType(ForwarderError error, Exception? exception) => error switch
    {
        ForwarderError.RequestTimedOut => "timeout",
        ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled or ForwarderError.ResponseBodyCanceled => "canceled",
        ForwarderError.RequestBodyClient or ForwarderError.ResponseBodyClient => "client",
        ForwarderError.Request => exception is HttpRequestException
        {
            HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError
        }
            ? "connection"
            : "reset",
        ForwarderError.RequestBodyDestination or ForwarderError.ResponseBodyDestination or ForwarderError.ResponseHeaders => "reset",
        _ => "_OTHER",
    };

    /// <summary>The method as OpenTelemetry bounds it: the standard methods (case-sensitive), anything else "_OTHER".</summary>
    internal static string KnownMethod(string method) => method switch
    {
        "GET" => "GET",
        "POST" => "POST",
        "PUT" => "PUT",
        "DELETE" => "DELETE",
        "PATCH" => "PATCH",
        "HEAD" => "HEAD",
        "OPTIONS" => "OPTIONS",
        "TRACE" => "TRACE",
        "CONNECT" => "CONNECT",
        _ => "_OTHER",
    };

    private static object StatusCode(int statusCode) =>
        (uint)statusCode < (uint)BoxedStatusCodes.Length ? BoxedStatusCodes[statusCode] : statusCode;

    private static object[] BoxStatusCodes()
    {
        var boxed = new object[600];
        for (int i = 0; i < boxed.Length; i++)
        {
            boxed[i] = i;
        }

        return boxed;
    }
}
