using System;
using System.Collections.Immutable;
using System.Diagnostics.Metrics;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using HarmonyGen.Hosting;
using HarmonyGen.Definitions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Yarp.ReverseProxy.Forwarder;

namespace HarmonyGen.Benchmarks;

/// <summary>
/// The gateway's own work per request (route, mesh check, egress token, destination, the request transform), with
/// YARP's forwarder replaced by one that runs the transform on a fresh request message and answers at once: what the
/// runtime adds on top of a plain YARP forward, and what it allocates.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(MicroRunConfig))]
public class ForwardingPathBenchmarks
{
    private const string Secret = "a-benchmark-only-shared-secret-of-48-bytes-long!!";
    private GatewayRuntime _runtime = null!;
    private string _token = string.Empty;
    private MeterListener? _listener;

    /// <summary>
    /// With a MeterListener collecting every "HarmonyGen.Gateway" instrument (as an OpenTelemetry exporter would), or with
    /// none: what telemetry costs a request when it is collected, and that it costs nothing when it is not.
    /// </summary>
    [Params(false, true)]
    public bool Metered { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var mesh = new MeshDefinition("care", "care", MeshProvider.Local, TransportType.Http, MeshAlgorithm.HS256,
            ConfigValue.FromEnvironment("SECRET", "mesh.care.jwt_secret"), null, null, null,
            ImmutableArray.Create("fhir_in", "records_in"), ImmutableArray<string>.Empty, ImmutableArray.Create("partner_out"), ImmutableArray<ProviderReference>.Empty, true, null);
        var definition = new GatewayDefinition(
            "bench",
            ImmutableArray.Create(new NetworkDefinition("lan", new ListenerDefinition("127.0.0.1", 8080), null)),
            ImmutableArray.Create(
                new PipelineDefinition("plain", null, ImmutableArray.Create("lan"), ImmutableArray.Create("plain_ep"), ImmutableArray.Create("origin"), ImmutableArray<string>.Empty, false),
                new PipelineDefinition("meshed", null, ImmutableArray.Create("lan"), ImmutableArray.Create("fhir_ep"), ImmutableArray.Create("partner"), ImmutableArray<string>.Empty, false),
                new PipelineDefinition("policed", null, ImmutableArray.Create("lan"), ImmutableArray.Create("policed_ep"), ImmutableArray.Create("origin"), ImmutableArray.Create("guard"), false) { RequestStages = [Guard()] },
                new PipelineDefinition("records", null, ImmutableArray.Create("lan"), ImmutableArray.Create("records_ep"), ImmutableArray.Create("records"), ImmutableArray<string>.Empty, false)),
            ImmutableArray.Create(new EndpointDefinition("plain_ep", EndpointService.Http, "/plain"), new EndpointDefinition("fhir_ep", EndpointService.Fhir, null), new EndpointDefinition("policed_ep", EndpointService.Http, "/gated"), new EndpointDefinition("records_ep", EndpointService.Fhir, null)),
            ImmutableArray.Create(new BackendDefinition("origin", BackendService.Http, "http://127.0.0.1:9000/base", 30), new BackendDefinition("partner", BackendService.Http, "http://127.0.0.1:9001/fhir", 30), new BackendDefinition("records", BackendService.Http, "http://127.0.0.1:9002/records", 30)),
            ImmutableArray.Create(
                new IngressDefinition("fhir_in", "meshed", "fhir_ep", TransportType.Http, MeshMode.Mesh, MeshMode.Mesh, ImmutableArray.Create("http://127.0.0.1:8080/r4"), true, null, ImmutableArray.Create("care")),
                new IngressDefinition("records_in", "records", "records_ep", TransportType.Http, MeshMode.Mesh, MeshMode.Mesh, ImmutableArray.Create("http://127.0.0.1:8080/records"), true, null, ImmutableArray.Create("care"))),
            ImmutableArray.Create(new EgressDefinition("partner_out", "meshed", "partner", TransportType.Http, MeshMode.Mesh, true, null, ImmutableArray.Create("care"))),
            ImmutableArray<RemoteIngressDefinition>.Empty,
            ImmutableArray.Create(mesh),
            ImmutableArray<ProviderDefinition>.Empty,
            ImmutableArray.Create(
                new IngressRoute("http", "127.0.0.1", 8080, "/records", "records_in", "records", "records_ep", MeshMode.Mesh),
                new IngressRoute("http", "127.0.0.1", 8080, "/r4", "fhir_in", "meshed", "fhir_ep", MeshMode.Mesh)),
            ImmutableArray.Create(
                new EndpointRoute("/gated", "policed", "policed_ep", ImmutableArray.Create("lan")),
                new EndpointRoute("/plain", "plain", "plain_ep", ImmutableArray.Create("lan"))));
        if (Metered)
        {
            _listener = new MeterListener
            {
                InstrumentPublished = (instrument, listener) =>
                {
                    if (instrument.Meter.Name == "HarmonyGen.Gateway")
                    {
                        listener.EnableMeasurementEvents(instrument);
                    }
                },
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => _measured += value);
            _listener.SetMeasurementEventCallback<double>((_, value, _, _) => _measured += value);
            _listener.Start();
        }

        var options = new HarmonyGatewayOptions { Environment = _ => Secret };
        _runtime = new GatewayRuntime(definition, options, new AnsweringForwarder(), new HttpMessageInvoker(new SocketsHttpHandler()), NullLogger.Instance);
        _token = MeshTokens.Issue(definition, "care", "http://127.0.0.1:8080", options);
        if (Run("/plain/Patient/1", null).Result != 200 || Run("/r4/Patient/1", _token).Result != 200 || Run("/gated/Patient/1", null).Result != 200 || Run("/records/Patient/1", _token).Result != 200)
        {
            throw new InvalidOperationException("the benchmark requests are not answered 200");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _listener?.Dispose();

    private double _measured;

    /// <summary>The harness alone (a DefaultHttpContext set up as Kestrel would): subtract it from the others.</summary>
    [Benchmark]
    public int HarnessOnly() => Context("/plain/Patient/1", null).Response.StatusCode;

    [Benchmark(Baseline = true)]
    public Task<int> PlainPathRoute() => Run("/plain/Patient/1", null);

    /// <summary>The plain route behind a policies middleware whose every rule type is evaluated and lets it through.</summary>
    [Benchmark]
    public Task<int> PolicedPathRoute() => Run("/gated/Patient/1", null);

    /// <summary>Mesh-mode ingress (token from the validated-token cache) and a mesh egress (reused token).</summary>
    [Benchmark]
    public Task<int> MeshIngressAndEgress() => Run("/r4/Patient/1", _token);

    /// <summary>Mesh-mode ingress (token from the validated-token cache) to a plain backend: the end of a mesh hop.</summary>
    [Benchmark]
    public Task<int> MeshIngressToBackend() => Run("/records/Patient/1", _token);

    private async Task<int> Run(string path, string? token)
    {
        HttpContext context = Context(path, token);
        await _runtime.HandleAsync(context);
        return context.Response.StatusCode;
    }

    private static HttpContext Context(string path, string? token)
    {
        var context = new DefaultHttpContext();
        context.Features.Set(new NetworkFeature("lan"));
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("127.0.0.1", 8080);
        context.Request.Path = path;
        context.Request.Method = HttpMethods.Get;
        context.Connection.RemoteIpAddress = System.Net.IPAddress.Loopback; // Kestrel's, made once per connection
        if (token is not null)
        {
            context.Request.Headers.Authorization = "Bearer " + token;
        }

        return context;
    }

    /// <summary>One policy with a rule of each enforced type, every one evaluated for a request to <c>/gated</c> (as long as <c>/plain</c>, so the two allocate alike).</summary>
    private static PoliciesMiddlewareDefinition Guard() => new("guard",
    [
        new PolicyDefinition("site", "site", true,
        [
            new PolicyRuleDefinition("lan", null, PolicyRuleType.IpAllow, 100, true, new IpNetworksCondition([new IpNetworkDefinition("127.0.0.0", 8), new IpNetworkDefinition("::1", 128)])),
            new PolicyRuleDefinition("blocked", null, PolicyRuleType.IpDeny, 90, true, new IpNetworksCondition([new IpNetworkDefinition("203.0.113.0", 24)])),
            new PolicyRuleDefinition("admin", null, PolicyRuleType.Path, 80, true, new ListCondition(RuleMode.Deny, ["/gated/admin/{*rest}", "/gated/internal/{*rest}"])),
            new PolicyRuleDefinition("verbs", null, PolicyRuleType.Method, 70, true, new ListCondition(RuleMode.Allow, ["GET", "HEAD"])),
            new PolicyRuleDefinition("xml", null, PolicyRuleType.ContentType, 60, true, new ListCondition(RuleMode.Deny, ["application/xml"])),
            new PolicyRuleDefinition("limit", null, PolicyRuleType.RateLimit, 50, true, new RateLimitCondition(int.MaxValue, 60)),
        ]),
    ]);

    /// <summary>
    /// Stands in for YARP: runs the request transform on a new request message, as YARP does before it sends, then
    /// answers 200 without a network round trip. The message and YARP's header copy are YARP's cost, in every row.
    /// </summary>
    private sealed class AnsweringForwarder : IHttpForwarder
    {
        public async ValueTask<ForwarderError> SendAsync(HttpContext context, string destinationPrefix, HttpMessageInvoker httpClient, ForwarderRequestConfig requestConfig, HttpTransformer transformer)
        {
            using var proxyRequest = new HttpRequestMessage();
            await transformer.TransformRequestAsync(context, proxyRequest, destinationPrefix, CancellationToken.None);
            context.Response.StatusCode = 200;
            return ForwarderError.None;
        }
    }
}
