using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using HarmonyGen.Diagnostics;
using HarmonyGen.Forwarding;
using HarmonyGen.Limits;
using HarmonyGen.Management;
using HarmonyGen.Mesh;
using HarmonyGen.Providers;
using HarmonyGen.Routing;
using HarmonyGen.Spec;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace HarmonyGen.Hosting;

/// <summary>
/// One gateway's request path, built once from its <see cref="GatewayDefinition"/>: route, authenticate the mesh
/// ingress, apply the egress, forward (or echo). Everything that can be decided at start-up is decided here.
/// </summary>
internal sealed class GatewayRuntime : IDisposable
{
    private readonly GatewayDefinition _definition;
    private readonly Dictionary<string, IngressMatcher> _matchers;
    private readonly Dictionary<int, string> _networkByPort;
    private readonly Dictionary<string, PipelineRoute> _pipelines;
    private readonly MeshTokenIssuer _issuer;
    private readonly MeshTokenValidator _validator;
    private readonly Dictionary<string, MeshCredentials> _meshes;
    private readonly ProviderSet? _providers;
    private readonly IHttpForwarder _forwarder;
    private readonly HttpMessageInvoker _invoker;
    private readonly ILogger _logger;
    private readonly GatewayMetrics _metrics;
    private readonly ManagementEndpoints? _management;
    private readonly RequestLimits _limits;

    /// <param name="meters">The host's meter factory, so each application's instruments are its own; null for a process-wide meter.</param>
    public GatewayRuntime(GatewayDefinition definition, HarmonyGatewayOptions options, IHttpForwarder forwarder, HttpMessageInvoker invoker, ILogger logger, IMeterFactory? meters = null)
    {
        if (definition.ConfigurationErrors > 0)
        {
            throw new InvalidOperationException(
                $"Gateway '{definition.ProxyId}' was compiled from a configuration with {definition.ConfigurationErrors} error(s); fix the HG errors the build reported.");
        }

        _definition = definition;
        _forwarder = forwarder;
        _invoker = invoker;
        _logger = logger;
        _metrics = GatewayMetrics.Create(meters);

        // Providers first: a provider mesh's credentials are its provider's JWKS.
        _providers = ProviderSet.Create(definition, options, logger, _metrics);
        Dictionary<string, MeshCredentials> meshes = definition.Meshes
            .Where(m => m.Enabled)
            .ToDictionary(
                m => m.Name,
                m => m.Provider == MeshProvider.Local ? MeshCredentials.Load(m, options.Environment) : MeshCredentials.ForProvider(m, _providers!.KeysFor(m)),
                StringComparer.Ordinal);
        _meshes = meshes;

        _issuer = new MeshTokenIssuer(definition.ProxyId, options.TimeProvider, logger, _metrics);
        _validator = new MeshTokenValidator(meshes, options.TimeProvider, _metrics);

        Dictionary<string, ImmutableArray<string>> ingressMeshes = definition.Ingresses.ToDictionary(i => i.Name, i => i.Meshes, StringComparer.Ordinal);
        _matchers = definition.Networks.ToDictionary(
            n => n.Name,
            n => new IngressMatcher(
                definition.IngressRoutes.Where(r => ServedOn(r.Pipeline, n.Name)),
                definition.EndpointRoutes.Where(r => r.Networks.Contains(n.Name)),
                ingress => ingressMeshes.TryGetValue(ingress, out ImmutableArray<string> m) ? m : ImmutableArray<string>.Empty,
                route => route.Mode),
            StringComparer.Ordinal);
        _networkByPort = new Dictionary<int, string>();
        foreach (NetworkDefinition network in definition.Networks)
        {
            foreach (ListenerDefinition? listener in new[] { network.Http, network.Http3 })
            {
                if (listener is not null)
                {
                    _networkByPort.TryAdd(options.PortOverrides.TryGetValue(network.Name, out int port) && port != 0 ? port : listener.BindPort, network.Name);
                }
            }
        }

        _pipelines = definition.Pipelines.ToDictionary(p => p.Name, p => PipelineRoute.Create(definition, p, meshes), StringComparer.Ordinal);
        _limits = new RequestLimits(definition.Limits);
        if (definition.Management is { Enabled: true } management)
        {
            _management = new ManagementEndpoints(definition, management, Readiness, () => _providers?.ColdCache());
        }
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
    }

    /// <summary>Serves one request; times it only when a listener collects <c>harmony.gateway.request.duration</c>.</summary>
    public Task HandleAsync(HttpContext context) =>
        _metrics.MeasuresRequests ? HandleMeasuredAsync(context) : ServeAsync(context, measured: null);

    private async Task HandleMeasuredAsync(HttpContext context)
    {
        var measured = new MeasuredRequest();
        long started = Stopwatch.GetTimestamp();
        try
        {
            await ServeAsync(context, measured).ConfigureAwait(false);
        }
        finally
        {
            _metrics.RequestFinished(measured.Target?.Pipeline, measured.Target?.Ingress, context.Request.Method, context.Response.StatusCode, Stopwatch.GetElapsedTime(started));
        }
    }

    /// <param name="measured">Where the matched route is kept for the duration metric; null when it is not collected.</param>
    private async Task ServeAsync(HttpContext context, MeasuredRequest? measured)
    {
        HttpRequest request = context.Request;
        string? network = context.Features.Get<NetworkFeature>()?.Network;
        if (network is null && !_networkByPort.TryGetValue(context.Connection.LocalPort, out network))
        {
            await Problem.NotFound(context).ConfigureAwait(false);
            return;
        }

        int port = request.Host.Port ?? (request.IsHttps ? 443 : 80);
        string path = request.Path.HasValue ? request.Path.Value! : "/";
        if (_management?.SubPath(network, path) is { } managementPath)
        {
            await _management.HandleAsync(context, managementPath).ConfigureAwait(false);
            return;
        }

        if (_limits.RejectAsync(context) is { } rejected)
        {
            await rejected.ConfigureAwait(false);
            return;
        }

        RouteTarget? target = _matchers[network].Match(request.Scheme, request.Host.Host, port, path);
        if (target is null || !_pipelines.TryGetValue(target.Pipeline, out PipelineRoute? pipeline))
        {
            await Problem.NotFound(context).ConfigureAwait(false);
            return;
        }

        measured?.Matched(target);
        GatewayActivity.Routed(context, target);
        if (pipeline.Gate is { } gate && !gate.TryEnter(context))
        {
            await ConcurrencyGate.RejectAsync(context, target.Pipeline).ConfigureAwait(false);
            return;
        }

        // Mesh ingress: validated before anything reaches the backend.
        ProviderMembership? membership = _providers?.Membership;
        MeshMode mode = target.Mode;
        ImmutableArray<string> meshes = membership is null ? target.Meshes : membership.MeshesOfIngress(target.Ingress, target.Meshes);
        string? audience = target.IngressOrigin;
        if (target.Ingress is null && pipeline.RequiresMeshAuth)
        {
            mode = MeshMode.Mesh;
            meshes = membership is null ? pipeline.Meshes : membership.MeshesOfPipeline(target.Pipeline, pipeline.Meshes);

            // The Host header is the caller's to choose, so it may name only one of the pipeline's own ingress origins
            // as the expected aud; otherwise a token minted for another member could be replayed here by sending that
            // member's name as Host. With no such origin, a token that names any audience is refused.
            string origin = Origin.Of(request.Scheme, request.Host.Host, port);
            audience = pipeline.IngressOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase) ? origin : null;
        }

        MeshValidation mesh = default;
        string? bearer = BearerToken(request);
        if (bearer is not null && !meshes.IsDefaultOrEmpty)
        {
            using Activity? validation = GatewayActivity.StartValidation(); // ended by Validated, or here if validation throws
            mesh = await _validator.ValidateAsync(bearer, meshes, audience, context.RequestAborted).ConfigureAwait(false);
            GatewayActivity.Validated(validation, mesh);
        }

        // A token of a provider mesh that could not be checked, because the provider's keys could not be fetched, is
        // neither accepted nor passed on as if it were some other credential: the request fails, whatever the mode.
        if (mesh.ProviderFailure is { } unverifiable)
        {
            MeshRejected(target, MeshRejection.ProviderUnavailable);
            await ProviderProblemAsync(context, unverifiable, "The mesh token cannot be checked").ConfigureAwait(false);
            return;
        }

        if (mode == MeshMode.Mesh && !mesh.IsValid)
        {
            string reason = bearer is null ? "a mesh token (Authorization: Bearer) is required" : mesh.Reason ?? "the mesh token was not accepted";
            GatewayLog.MeshRejected(_logger, target.Ingress ?? target.Pipeline, reason);
            MeshRejected(target, bearer is null ? MeshRejection.Missing : mesh.Rejection);
            await Problem.Forbidden(context, reason).ConfigureAwait(false);
            return;
        }

        if (!BackendPath.TryGetRemainder(path, target.PathPrefix, out string remainder))
        {
            await Problem.WriteAsync(context, StatusCodes.Status400BadRequest, "Bad path", "The path has dot segments that would leave the backend's base path.").ConfigureAwait(false);
            return;
        }

        BackendRoute? backend = pipeline.Backend;
        if (backend is null)
        {
            await Problem.WriteAsync(context, StatusCodes.Status502BadGateway, "No backend", "The pipeline has no backend.").ConfigureAwait(false);
            return;
        }

        // Egress: a request leaving through a mesh egress carries a fresh mesh token, or is refused.
        string? authorization = null;
        if (backend.Egress is { } egress)
        {
            if (egress.Definition.Mode == MeshMode.Mesh && !mesh.IsValid)
            {
                GatewayLog.MeshRejected(_logger, egress.Definition.Name, "no mesh context for a mesh-mode egress");
                MeshRejected(target, MeshRejection.NoMeshContext);
                await Problem.Forbidden(context, "this egress only carries requests that arrived with a valid mesh token").ConfigureAwait(false);
                return;
            }

            // No mesh: an egress that no enabled mesh lists (nor a resolved reference). A mesh-mode one is still guarded
            // (above); it has no token to add.
            MeshCredentials? egressMesh = egress.Mesh;
            if (egressMesh is null && membership is not null && egress.Audience.Length > 0)
            {
                if (membership.MeshOfEgress(egress.Definition.Name) is { } referenced)
                {
                    egressMesh = _meshes[referenced];
                }
                else if (membership.EgressPending)
                {
                    // A reference that may name this egress has not been resolved yet: its token may be needed.
                    await ProviderProblemAsync(context, new ProviderFailure("the mesh membership of this egress is not known yet (a provider reference is unresolved)", MalformedAnswer: false), "Mesh token unavailable").ConfigureAwait(false);
                    return;
                }
            }

            if (egressMesh is not null)
            {
                if (egressMesh.Mesh.Provider != MeshProvider.Local)
                {
                    ProviderAuthorization fetched = await _providers!.GetAuthorizationAsync(egressMesh.Mesh, egress.Audience, backend.Definition.BaseUrl!, context.RequestAborted).ConfigureAwait(false);
                    if (fetched.Authorization is null)
                    {
                        await ProviderProblemAsync(context, fetched.Failure!, "Mesh token unavailable").ConfigureAwait(false);
                        return;
                    }

                    authorization = fetched.Authorization;
                }
                else if (egressMesh.SigningCredentials is null)
                {
                    await Problem.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Mesh token unavailable", "This gateway cannot obtain a token for the egress's mesh.").ConfigureAwait(false);
                    return;
                }
                else
                {
                    authorization = _issuer.GetAuthorization(egressMesh, egress.Audience);
                }
            }
        }

        if (backend.Definition.Service == BackendService.Echo)
        {
            await EchoResponder.WriteAsync(context, remainder, mesh.Sender).ConfigureAwait(false);
            return;
        }

        Uri destination = BackendPath.Join(backend.Definition.BaseUrl!, remainder, request.QueryString.Value ?? string.Empty);
        var transformer = new GatewayTransformer(destination, dropAuthorization: mesh.IsValid, authorization);
        ForwarderError error = await _forwarder.SendAsync(context, backend.Definition.BaseUrl!, _invoker, backend.RequestConfig, transformer).ConfigureAwait(false);
        if (error != ForwarderError.None)
        {
            await ReportForwarderErrorAsync(context, backend.Definition.Name, error).ConfigureAwait(false);
        }
    }

    /// <summary>A request that needed a provider's answer and could not get one: 502 for an answer not trusted, else 503.</summary>
    private Task ProviderProblemAsync(HttpContext context, ProviderFailure failure, string title)
    {
        GatewayLog.ProviderUnavailable(_logger, failure.Reason);
        return Problem.WriteAsync(context, failure.Status, title, "The mesh provider gave no usable answer: " + failure.Reason + ".");
    }

    /// <summary>Counts a request refused by mesh authentication and marks its server span.</summary>
    private void MeshRejected(RouteTarget target, MeshRejection reason)
    {
        _metrics.MeshRejected(target.Pipeline, target.Ingress, reason);
        GatewayActivity.MeshRejected(reason);
    }

    private async Task ReportForwarderErrorAsync(HttpContext context, string backend, ForwarderError error)
    {
        Exception? exception = context.Features.Get<IForwarderErrorFeature>()?.Exception;
        if (RequestLimits.IsBodyTooLarge(exception))
        {
            // A body (chunked, or longer than it said) crossed max_body_size while streaming: the backend call is aborted.
            // The client's mistake, not the backend's, so it is not counted as a backend error.
            await _limits.BodyTooLargeAsync(context).ConfigureAwait(false);
            return;
        }

        _metrics.BackendFailed(backend, error, exception);
        GatewayLog.BackendFailed(_logger, backend, exception is null ? error.ToString() : $"{error}: {exception.GetType().Name}");
        switch (error)
        {
            case ForwarderError.RequestCanceled:
            case ForwarderError.RequestBodyCanceled:
            case ForwarderError.RequestBodyClient:
            case ForwarderError.ResponseBodyCanceled:
            case ForwarderError.ResponseBodyClient:
                return; // the client went away or sent a broken body; the backend call is already cancelled
            case ForwarderError.RequestTimedOut:
                await Problem.WriteAsync(context, StatusCodes.Status504GatewayTimeout, "Backend timeout", $"Backend '{backend}' did not answer in time.").ConfigureAwait(false);
                return;
            default:
                await Problem.WriteAsync(context, StatusCodes.Status502BadGateway, "Backend unavailable", $"Backend '{backend}' refused, reset or broke the connection.").ConfigureAwait(false);
                return;
        }
    }

    private bool ServedOn(string pipeline, string network) =>
        _definition.Pipelines.Any(p => p.Name == pipeline && p.Networks.Contains(network));

    /// <summary>The token of an <c>Authorization: Bearer</c> header, or null.</summary>
    private static string? BearerToken(HttpRequest request)
    {
        string? value = request.Headers.Authorization;
        const string scheme = "Bearer ";
        return value is not null && value.Length > scheme.Length && value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            ? value.Substring(scheme.Length).Trim()
            : null;
    }

    /// <summary>A pipeline as the request path needs it: its backend (with any egress) and, for mesh_auth, its meshes.</summary>
    private sealed record PipelineRoute(BackendRoute? Backend, bool RequiresMeshAuth, ImmutableArray<string> Meshes, ImmutableArray<string> IngressOrigins, ConcurrencyGate? Gate)
    {
        public static PipelineRoute Create(GatewayDefinition definition, PipelineDefinition pipeline, Dictionary<string, MeshCredentials> meshes)
        {
            BackendDefinition? backend = pipeline.Backends.IsDefaultOrEmpty
                ? null
                : definition.Backends.FirstOrDefault(b => b.Name == pipeline.Backends[0]);
            EgressRoute? egress = null;
            if (backend is not null)
            {
                EgressDefinition? covering = definition.Egresses.FirstOrDefault(e => e.Enabled && e.Pipeline == pipeline.Name && e.Backend == backend.Name && !e.Meshes.IsDefaultOrEmpty);
                if (covering is not null && meshes.TryGetValue(covering.Meshes[0], out MeshCredentials? credentials) && backend.BaseUrl is not null)
                {
                    egress = new EgressRoute(covering, credentials, Origin.Of(backend.BaseUrl));
                }
                else if (definition.Egresses.FirstOrDefault(e => e.Enabled && e.Pipeline == pipeline.Name && e.Backend == backend.Name) is { } uncovered)
                {
                    // mode = "mesh" fails closed, as it does on an ingress: an egress that no enabled mesh lists (or whose
                    // only mesh is disabled) still refuses requests without mesh context. A resolved provider reference may
                    // still put it in a mesh at run time, which then adds the token.
                    egress = new EgressRoute(uncovered, null, backend.BaseUrl is null ? string.Empty : Origin.Of(backend.BaseUrl));
                }
            }

            ImmutableArray<string> pipelineMeshes = definition.Ingresses
                .Where(i => i.Enabled && i.Pipeline == pipeline.Name)
                .SelectMany(i => i.Meshes)
                .Distinct(StringComparer.Ordinal)
                .ToImmutableArray();

            // A pipeline guarded by a mesh-mode ingress must not be reachable around it: a request that matches no
            // ingress (another Host header, say) and falls back to an endpoint path route needs a mesh token too.
            bool meshOnly = pipeline.RequiresMeshAuth
                || definition.Ingresses.Any(i => i.Enabled && i.Pipeline == pipeline.Name && i.EffectiveMode == MeshMode.Mesh);
            return new PipelineRoute(
                backend is null ? null : new BackendRoute(backend, egress, RequestConfig(backend, egress?.Definition)),
                meshOnly,
                pipelineMeshes,
                definition.IngressRoutes.Where(r => r.Pipeline == pipeline.Name).Select(r => Origin.Of(r.Scheme, r.Host, r.Port)).Distinct(StringComparer.Ordinal).ToImmutableArray(),
                pipeline.MaxConcurrentRequests is { } max ? new ConcurrencyGate(max) : null);
        }

        private static ForwarderRequestConfig RequestConfig(BackendDefinition backend, EgressDefinition? egress)
        {
            bool http3 = backend.Service == BackendService.Http3 || egress?.Type == TransportType.Http3;
            return new ForwarderRequestConfig
            {
                ActivityTimeout = TimeSpan.FromSeconds(backend.TimeoutSeconds),
                // HTTP/3 where the backend speaks it, falling back to HTTP/2 or 1.1 (QUIC may be unavailable).
                Version = http3 && QuicSupport.IsSupported ? HttpVersion.Version30 : HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
            };
        }
    }

    /// <summary>What the duration metric needs to know of a request once it is routed (allocated only while it is collected).</summary>
    private sealed class MeasuredRequest
    {
        public RouteTarget? Target { get; private set; }

        public void Matched(RouteTarget target) => Target = target;
    }

    private sealed record BackendRoute(BackendDefinition Definition, EgressRoute? Egress, ForwarderRequestConfig RequestConfig);

    private sealed record EgressRoute(EgressDefinition Definition, MeshCredentials? Mesh, string Audience);
}
