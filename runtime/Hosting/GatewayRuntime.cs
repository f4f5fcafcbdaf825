using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using HarmonyGen.Diagnostics;
using HarmonyGen.Forwarding;
using HarmonyGen.Limits;
using HarmonyGen.Management;
using HarmonyGen.Mesh;
using HarmonyGen.Middleware;
using HarmonyGen.Providers;
using HarmonyGen.Routing;
using HarmonyGen.Definitions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace HarmonyGen.Hosting;

/// <summary>
/// One gateway's request path, built once from its <see cref="GatewayDefinition"/>: six stages, each in the folder
/// that names it and each returning a value (docs/runtime.md, "A request, step by step"), and the edge that writes a
/// refusal as problem+json. Everything that can be decided at start-up is decided here.
/// </summary>
internal sealed class GatewayRuntime : IDisposable
{
    private readonly GatewayDefinition _definition;
    private readonly MeshTokenIssuer _issuer;
    private readonly MeshTokenValidator _validator;
    private readonly ProviderSet? _providers;
    private readonly HttpMessageInvoker _invoker;
    private readonly GatewayMetrics _metrics;
    private readonly ManagementEndpoints? _management;
    private readonly PipelineRoute[] _pipelines;
    private readonly RequestRouter _router;
    private readonly RequestLimits _limits;
    private readonly IngressAuthentication _ingress;
    private readonly EgressAuthorization _egress;
    private readonly BackendForwarder _backend;
    private readonly TrustedProxies? _trustedProxies;

    /// <param name="meters">The host's meter factory, so each application's instruments are its own; null for a process-wide meter.</param>
    /// <param name="stagesOf">A pipeline's middleware stages; <see cref="PipelineStages.For"/> unless a test supplies its own.</param>
    public GatewayRuntime(GatewayDefinition definition, HarmonyGatewayOptions options, IHttpForwarder forwarder, HttpMessageInvoker invoker, ILogger logger, IMeterFactory? meters = null, Func<PipelineDefinition, PipelineStages>? stagesOf = null)
    {
        if (definition.ConfigurationErrors > 0)
        {
            throw new InvalidOperationException(
                $"Gateway '{definition.ProxyId}' was compiled from a configuration with {definition.ConfigurationErrors} error(s); fix the HG errors the build reported.");
        }

        _definition = definition;
        _invoker = invoker;
        _metrics = GatewayMetrics.Create(meters);

        // Providers first: a provider mesh's credentials are its provider's JWKS.
        _providers = ProviderSet.Create(definition, options, logger, _metrics);
        Dictionary<string, MeshCredentials> meshes = definition.Meshes
            .Where(m => m.Enabled)
            .ToDictionary(
                m => m.Name,
                m => m.Provider == MeshProvider.Local ? MeshCredentials.Load(m, options.Environment) : MeshCredentials.ForProvider(m, _providers!.KeysFor(m)),
                StringComparer.Ordinal);

        _issuer = new MeshTokenIssuer(definition.ProxyId, options.TimeProvider, logger, _metrics);
        _validator = new MeshTokenValidator(meshes, options.TimeProvider, _metrics);
        if (definition.Management is { Enabled: true } management)
        {
            _management = new ManagementEndpoints(definition, management, Readiness, () => _providers?.ColdCache());
        }

        _limits = new RequestLimits(definition.Limits);
        stagesOf ??= p => PipelineStages.For(p, options.TimeProvider, options.Environment, logger, _limits);
        Dictionary<string, PipelineRoute> pipelines = definition.Pipelines.ToDictionary(
            p => p.Name,
            p => PipelineRoute.Create(definition, p, meshes, stagesOf(p)),
            StringComparer.Ordinal);
        _pipelines = pipelines.Values.ToArray();
        _router = new RequestRouter(definition, options.PortOverrides, pipelines, _management);
        _trustedProxies = TrustedProxies.Create(definition.TrustedProxies);
        _ingress = new IngressAuthentication(_validator, _providers, logger, _metrics);
        _egress = new EgressAuthorization(_issuer, meshes, _providers, logger, _metrics);
        _backend = new BackendForwarder(forwarder, invoker, _limits, new CallerHeaders(definition.Meshes), logger, _metrics);
    }

    /// <summary>What <c>{base}/health/ready</c> reports; the host marks it listening and draining.</summary>
    public GatewayReadiness Readiness { get; } = new();

    /// <summary>The management API, when <c>[management]</c> is enabled (its base path and network).</summary>
    public ManagementEndpoints? Management => _management;

    /// <summary>Egress tokens signed so far (the rest were reused).</summary>
    public long TokensSigned => _issuer.Signed;

    /// <summary>Ingress tokens served from the validated-token cache (their signature was checked on an earlier request).</summary>
    public long ValidatedTokenCacheHits => _validator.CacheHits;

    public GatewayDefinition Definition => _definition;

    /// <summary>This gateway's meter (from the host's IMeterFactory), for tests that listen to one gateway only.</summary>
    internal Meter Meter => _metrics.Meter;

    /// <summary>Calls made to providers so far, by kind (tokens, JWKS, references); for tests and docs/benchmarks.md.</summary>
    public long ProviderCalls(ProviderOperation operation) => _providers?.Calls(operation) ?? 0;

    /// <summary>The membership resolved provider references add; empty without providers.</summary>
    internal ProviderMembership ProviderMembership => _providers?.Membership ?? ProviderMembership.Empty;

    /// <summary>Fetches provider keys and resolves references before the gateway serves (see <see cref="ProviderSet.StartAsync"/>).</summary>
    public Task StartProvidersAsync(CancellationToken cancellation) => _providers?.StartAsync(cancellation) ?? Task.CompletedTask;

    public Task StopProvidersAsync() => _providers?.StopAsync() ?? Task.CompletedTask;

    /// <summary>Resolves every provider reference now, as the next poll would.</summary>
    public Task ResolveReferencesAsync() => _providers?.ResolveReferencesAsync() ?? Task.CompletedTask;

    /// <summary>Closes the pooled backend and provider connections when the application stops.</summary>
    public void Dispose()
    {
        _invoker.Dispose();
        _providers?.Dispose();
        foreach (PipelineRoute pipeline in _pipelines)
        {
            pipeline.Stages.Dispose();
        }
    }

    /// <summary>Serves one request; times it only when a listener collects <c>harmony.gateway.request.duration</c>.</summary>
    public Task HandleAsync(HttpContext context) =>
        _metrics.MeasuresRequests ? HandleMeasuredAsync(context) : AnswerAsync(context, measured: null);

    private async Task HandleMeasuredAsync(HttpContext context)
    {
        var measured = new MeasuredRequest();
        long started = Stopwatch.GetTimestamp();
        try
        {
            await AnswerAsync(context, measured).ConfigureAwait(false);
        }
        finally
        {
            _metrics.RequestFinished(measured.Target?.Pipeline, measured.Target?.Ingress, context.Request.Method, context.Response.StatusCode, Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>The edge: the one place where a stage's refusal becomes its problem+json answer.</summary>
    private Task AnswerAsync(HttpContext context, MeasuredRequest? measured)
    {
        ValueTask<Rejection?> serving = ServeAsync(context, measured);
        if (!serving.IsCompletedSuccessfully)
        {
            return AnswerLaterAsync(context, serving);
        }

        return serving.Result is { } rejection ? Problem.WriteAsync(context, rejection) : Task.CompletedTask;
    }

    private static async Task AnswerLaterAsync(HttpContext context, ValueTask<Rejection?> serving)
    {
        if (await serving.ConfigureAwait(false) is { } rejection)
        {
            await Problem.WriteAsync(context, rejection).ConfigureAwait(false);
        }
    }

    /// <summary>The request path, stage by stage; the first stage that refuses the request ends it with its rejection.</summary>
    /// <param name="measured">Where the matched route is kept for the duration metric; null when it is not collected.</param>
    // Every stage but the forward usually completes synchronously; when one does not (the send, in a real host), the
    // pooled builder reuses this state machine rather than allocating one per request.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<Rejection?> ServeAsync(HttpContext context, MeasuredRequest? measured)
    {
        // 0. Client: the connection's peer, or whom the trusted proxies in front of the gateway forward for.
        _trustedProxies?.Apply(context);

        // 1. Match: the connection's network, the management API on it, else the route and its pipeline (or 404).
        RouteMatch match = _router.Match(context);
        if (match.ManagementPath is { } managementPath)
        {
            await _management!.HandleAsync(context, managementPath).ConfigureAwait(false);
            return null;
        }

        if (match.Rejection is { } noRoute)
        {
            return noRoute;
        }

        RouteTarget target = match.Target!;
        PipelineRoute pipeline = match.Pipeline!;
        measured?.Matched(target);
        GatewayActivity.Routed(context, target);

        // 2. Limits: body and header sizes, then a slot of the pipeline's max_concurrent_requests.
        if (_limits.Check(context, pipeline.Gate) is { } overLimit)
        {
            return overLimit;
        }

        // 3. Ingress authentication: the mesh token, validated before anything reaches the backend.
        IngressOutcome ingress = await _ingress.AuthenticateAsync(context, target, pipeline.MeshAuth).ConfigureAwait(false);
        if (ingress.Rejection is { } unauthenticated)
        {
            return unauthenticated;
        }

        // 4. Pipeline middleware, request side: the pipeline's policies, path filters, ... (mesh_auth is step 3).
        StageResult staged = await pipeline.Stages.RunRequestAsync(context, target).ConfigureAwait(false);
        if (staged.Rejection is { } refused)
        {
            return refused;
        }

        // 5. Egress authorization: the mesh token a mesh egress adds, or why the request may not leave.
        EgressOutcome egress = await _egress.AuthorizeAsync(context, target, pipeline.Backend, ingress.Mesh).ConfigureAwait(false);
        if (egress.Rejection is { } unauthorized)
        {
            return unauthorized;
        }

        // 6. Forward: to the backend (or the echo service), its response-side middleware, and a failed send's problem.
        return await _backend.ForwardAsync(context, target, pipeline, egress.Authorization, ingress.Mesh).ConfigureAwait(false);
    }

    /// <summary>What the duration metric needs to know of a request once it is routed (allocated only while it is collected).</summary>
    private sealed class MeasuredRequest
    {
        public RouteTarget? Target { get; private set; }

        public void Matched(RouteTarget target) => Target = target;
    }
}
