using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using HarmonyGen.Management;
using HarmonyGen.Spec;
using Microsoft.AspNetCore.Http;

namespace HarmonyGen.Routing;

/// <summary>
/// The match stage: the network a request's connection arrived on, the management API's hand-off on its network,
/// then the route of that network (an ingress URL, else an endpoint path route) and the pipeline it leads to. Built
/// once at start-up; a match allocates nothing.
/// </summary>
internal sealed class RequestRouter
{
    private readonly Dictionary<string, IngressMatcher> _matchers;
    private readonly Dictionary<int, string> _networkByPort;
    private readonly ManagementEndpoints? _management;

    /// <param name="portOverrides">Ports the host listens on instead of a network's own (tests and benchmarks bind port 0).</param>
    public RequestRouter(GatewayDefinition definition, IDictionary<string, int> portOverrides, IReadOnlyDictionary<string, PipelineRoute> pipelines, ManagementEndpoints? management)
    {
        _management = management;

        Dictionary<string, ImmutableArray<string>> ingressMeshes = definition.Ingresses.ToDictionary(i => i.Name, i => i.Meshes, StringComparer.Ordinal);
        _matchers = definition.Networks.ToDictionary(
            n => n.Name,
            n => new IngressMatcher(
                definition.IngressRoutes.Where(r => ServedOn(definition, r.Pipeline, n.Name)),
                definition.EndpointRoutes.Where(r => r.Networks.Contains(n.Name)),
                ingress => ingressMeshes.TryGetValue(ingress, out ImmutableArray<string> m) ? m : ImmutableArray<string>.Empty,
                route => route.Mode,
                pipeline => pipelines.TryGetValue(pipeline, out PipelineRoute? route) ? route : null),
            StringComparer.Ordinal);

        _networkByPort = new Dictionary<int, string>();
        foreach (NetworkDefinition network in definition.Networks)
        {
            foreach (ListenerDefinition? listener in new[] { network.Http, network.Http3 })
            {
                if (listener is not null)
                {
                    _networkByPort.TryAdd(portOverrides.TryGetValue(network.Name, out int port) && port != 0 ? port : listener.BindPort, network.Name);
                }
            }
        }
    }

    public RouteMatch Match(HttpContext context)
    {
        HttpRequest request = context.Request;

        // Kestrel's listeners tag each connection with its network; a host without them (a test, a benchmark) has the port.
        string? network = context.Features.Get<Hosting.NetworkFeature>()?.Network;
        if (network is null && !_networkByPort.TryGetValue(context.Connection.LocalPort, out network))
        {
            return RouteMatch.NotFound;
        }

        string path = request.Path.HasValue ? request.Path.Value! : "/";
        if (_management?.SubPath(network, path) is { } managementPath)
        {
            return RouteMatch.Management(managementPath);
        }

        RouteTarget? target = _matchers[network].Match(request.Scheme, request.Host.Host, Origin.PortOf(request), path);
        return target?.Route is { } pipeline ? RouteMatch.Routed(target, pipeline) : RouteMatch.NotFound;
    }

    private static bool ServedOn(GatewayDefinition definition, string pipeline, string network) =>
        definition.Pipelines.Any(p => p.Name == pipeline && p.Networks.Contains(network));
}
