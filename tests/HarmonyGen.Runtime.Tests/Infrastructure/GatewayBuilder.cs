using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using HarmonyGen.Definitions;

namespace HarmonyGen.Runtime.Tests.Infrastructure;

/// <summary>
/// Builds a <see cref="GatewayDefinition"/> the way the generator does from TOML (SPEC §2, configuration
/// decisions): membership lists only enabled meshes, a mesh_auth middleware raises every ingress of its pipeline to
/// mesh mode, routes exist only for enabled ingresses, are normalised (lower-case scheme and host, default port,
/// decoded prefix without a trailing slash) and are ordered longest prefix first with "/" last.
/// </summary>
internal sealed class GatewayBuilder
{
    private readonly string _proxyId;
    private readonly List<NetworkDefinition> _networks = new();
    private readonly List<PipelineDefinition> _pipelines = new();
    private readonly List<EndpointDefinition> _endpoints = new();
    private readonly List<BackendDefinition> _backends = new();
    private readonly List<(string Name, string Pipeline, string? Endpoint, TransportType Type, MeshMode Mode, string[] Urls, bool Enabled)> _ingresses = new();
    private readonly List<(string Name, string Pipeline, string? Backend, TransportType Type, MeshMode Mode, bool Enabled)> _egresses = new();
    private readonly List<RemoteIngressDefinition> _remoteIngresses = new();
    private readonly List<MeshDefinition> _meshes = new();
    private readonly List<ProviderDefinition> _providers = new();
    private ManagementDefinition? _management;
    private LimitsDefinition? _limits;

    public GatewayBuilder(string proxyId) => _proxyId = proxyId;

    public GatewayBuilder Network(string name, int port, bool http3 = false, string bindAddress = "127.0.0.1")
    {
        var listener = new ListenerDefinition(bindAddress, port);
        _networks.Add(new NetworkDefinition(name, http3 ? null : listener, http3 ? listener : null));
        return this;
    }

    public GatewayBuilder Pipeline(string name, string network, string[] endpoints, string[] backends, bool meshAuth = false, int? maxConcurrentRequests = null)
    {
        _pipelines.Add(new PipelineDefinition(
            name,
            "test pipeline",
            ImmutableArray.Create(network),
            endpoints.ToImmutableArray(),
            backends.ToImmutableArray(),
            meshAuth ? ImmutableArray.Create("mesh_auth") : ImmutableArray<string>.Empty,
            meshAuth,
            maxConcurrentRequests));
        return this;
    }

    /// <summary>A <c>policies</c> middleware named <paramref name="middleware"/> on the request chain of <paramref name="pipeline"/>.</summary>
    public GatewayBuilder Policies(string pipeline, string middleware, params PolicyDefinition[] policies) =>
        RequestStage(pipeline, new PoliciesMiddlewareDefinition(middleware, policies.ToImmutableArray()));

    /// <summary>A middleware on the pipeline's request chain, after those already there, as the generator writes it.</summary>
    public GatewayBuilder RequestStage(string pipeline, MiddlewareDefinition middleware)
    {
        int index = _pipelines.FindIndex(p => p.Name == pipeline);
        PipelineDefinition existing = _pipelines[index];
        _pipelines[index] = existing with
        {
            Middleware = existing.Middleware.Add(middleware.Name),
            RequestStages = existing.RequestStages.Add(middleware),
        };
        return this;
    }

    /// <summary>A middleware named <c>stage.Name</c> in the pipeline's list, run on the request side and/or the response side.</summary>
    public GatewayBuilder Stage(string pipeline, MiddlewareDefinition stage, bool request = true, bool response = false)
    {
        int index = _pipelines.FindIndex(p => p.Name == pipeline);
        PipelineDefinition existing = _pipelines[index];
        _pipelines[index] = existing with
        {
            Middleware = existing.Middleware.Add(stage.Name),
            RequestStages = request ? existing.RequestStages.Add(stage) : existing.RequestStages,
            ResponseStages = response ? existing.ResponseStages.Add(stage) : existing.ResponseStages,
        };
        return this;
    }

    /// <summary><c>[management]</c>, with the base path already normalised as the generator does (<c>/admin</c>).</summary>
    public GatewayBuilder Management(string network, string basePath = "/admin", bool enabled = true)
    {
        _management = new ManagementDefinition(enabled, basePath, network);
        return this;
    }

    /// <summary><c>[proxy.content_limits]</c> and <c>[proxy] drain_timeout_secs</c>.</summary>
    public GatewayBuilder Limits(long? maxBodySize = null, int? maxHeaderSize = null, int? drainTimeoutSeconds = null)
    {
        _limits = new LimitsDefinition(maxBodySize, maxHeaderSize, drainTimeoutSeconds);
        return this;
    }

    public GatewayBuilder Endpoint(string name, string? pathPrefix = null, EndpointService service = EndpointService.Http)
    {
        _endpoints.Add(new EndpointDefinition(name, service, pathPrefix));
        return this;
    }

    public GatewayBuilder Backend(string name, string? baseUrl, int timeoutSeconds = 30, BackendService service = BackendService.Http)
    {
        _backends.Add(new BackendDefinition(name, service, baseUrl, timeoutSeconds));
        return this;
    }

    public GatewayBuilder Ingress(string name, string pipeline, string url, MeshMode mode = MeshMode.Default, string? endpoint = null, bool enabled = true, TransportType type = TransportType.Http) =>
        Ingress(name, pipeline, new[] { url }, mode, endpoint, enabled, type);

    public GatewayBuilder Ingress(string name, string pipeline, string[] urls, MeshMode mode = MeshMode.Default, string? endpoint = null, bool enabled = true, TransportType type = TransportType.Http)
    {
        _ingresses.Add((name, pipeline, endpoint, type, mode, urls, enabled));
        return this;
    }

    public GatewayBuilder Egress(string name, string pipeline, string? backend = null, MeshMode mode = MeshMode.Default, bool enabled = true, TransportType type = TransportType.Http)
    {
        _egresses.Add((name, pipeline, backend, type, mode, enabled));
        return this;
    }

    public GatewayBuilder RemoteIngress(string name, params string[] urls)
    {
        _remoteIngresses.Add(new RemoteIngressDefinition(name, urls.ToImmutableArray()));
        return this;
    }

    public GatewayBuilder Mesh(MeshDefinition mesh)
    {
        _meshes.Add(mesh);
        return this;
    }

    /// <summary>A <c>[provider.NAME]</c> table: the API a provider mesh or a provider reference talks to.</summary>
    public GatewayBuilder Provider(string name, string api, int pollIntervalSeconds = 30)
    {
        _providers.Add(new ProviderDefinition(name, api, pollIntervalSeconds));
        return this;
    }

    public GatewayDefinition Build(int configurationErrors = 0)
    {
        ImmutableArray<string> MeshesListing(Func<MeshDefinition, ImmutableArray<string>> members, string name) =>
            _meshes.Where(m => m.Enabled && members(m).Contains(name)).Select(m => m.Name).ToImmutableArray();

        PipelineDefinition PipelineNamed(string name) => _pipelines.Single(p => p.Name == name);

        List<IngressDefinition> ingresses = _ingresses.Select(i => new IngressDefinition(
            i.Name,
            i.Pipeline,
            i.Endpoint ?? PipelineNamed(i.Pipeline).Endpoints[0],
            i.Type,
            i.Mode,
            i.Mode == MeshMode.Mesh || PipelineNamed(i.Pipeline).RequiresMeshAuth ? MeshMode.Mesh : MeshMode.Default,
            i.Urls.ToImmutableArray(),
            i.Enabled,
            "test ingress",
            MeshesListing(m => m.Ingresses, i.Name))).ToList();

        List<EgressDefinition> egresses = _egresses.Select(e => new EgressDefinition(
            e.Name,
            e.Pipeline,
            e.Backend ?? PipelineNamed(e.Pipeline).Backends[0],
            e.Type,
            e.Mode,
            e.Enabled,
            "test egress",
            MeshesListing(m => m.Egresses, e.Name))).ToList();

        var routes = new List<IngressRoute>();
        foreach (IngressDefinition ingress in ingresses.Where(i => i.Enabled))
        {
            foreach (string url in ingress.Urls)
            {
                var uri = new Uri(url, UriKind.Absolute);
                routes.Add(new IngressRoute(
                    uri.Scheme.ToLowerInvariant(),
                    uri.Host.ToLowerInvariant(),
                    uri.Port,
                    NormalizePrefix(uri.AbsolutePath),
                    ingress.Name,
                    ingress.Pipeline,
                    ingress.Endpoint,
                    ingress.EffectiveMode));
            }
        }

        var endpointRoutes = new List<EndpointRoute>();
        foreach (PipelineDefinition pipeline in _pipelines)
        {
            foreach (string name in pipeline.Endpoints)
            {
                if (_endpoints.SingleOrDefault(e => e.Name == name) is { PathPrefix: { } prefix })
                {
                    endpointRoutes.Add(new EndpointRoute(NormalizePrefix(prefix), pipeline.Name, name, pipeline.Networks));
                }
            }
        }

        return new GatewayDefinition(
            _proxyId,
            _networks.ToImmutableArray(),
            _pipelines.ToImmutableArray(),
            _endpoints.ToImmutableArray(),
            _backends.ToImmutableArray(),
            ingresses.ToImmutableArray(),
            egresses.ToImmutableArray(),
            _remoteIngresses.ToImmutableArray(),
            _meshes.ToImmutableArray(),
            _providers.ToImmutableArray(),
            LongestFirst(routes, r => r.PathPrefix),
            LongestFirst(endpointRoutes, r => r.PathPrefix),
            configurationErrors,
            _management,
            _limits);
    }

    // OrderBy is stable: ties keep declaration order, as the generator's table does.
    private static ImmutableArray<T> LongestFirst<T>(List<T> routes, Func<T, string> prefix) =>
        routes.OrderByDescending(r => prefix(r) == "/" ? 0 : prefix(r).Length).ToImmutableArray();

    private static string NormalizePrefix(string path)
    {
        string decoded = Uri.UnescapeDataString(path);
        string trimmed = decoded.TrimEnd('/');
        return trimmed.Length == 0 ? "/" : trimmed;
    }
}
