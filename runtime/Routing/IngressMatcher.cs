using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using HarmonyGen.Spec;

namespace HarmonyGen.Routing;

/// <summary>
/// Matches a request to an ingress route (scheme, host, port, segment-boundary longest prefix) and otherwise to an
/// endpoint path route. Built once per network from the generated tables. A lookup costs one dictionary probe for
/// the host and one per path segment, whatever the number of routes (a table of 10,000 URLs is no slower than one
/// of 10), and allocates nothing: every probe is a span into the request's own strings.
/// </summary>
internal sealed class IngressMatcher
{
    private readonly Dictionary<string, OriginRoutes[]>.AlternateLookup<ReadOnlySpan<char>> _origins;
    private readonly PrefixTable _endpointRoutes;

    /// <param name="pipelineOf">The start-up form of a pipeline, by name, for <see cref="RouteTarget.Route"/>; none when omitted.</param>
    public IngressMatcher(IEnumerable<IngressRoute> ingressRoutes, IEnumerable<EndpointRoute> endpointRoutes, Func<string, ImmutableArray<string>> meshesOfIngress, Func<IngressRoute, MeshMode> modeOf, Func<string, PipelineRoute?>? pipelineOf = null)
    {
        Dictionary<string, OriginRoutes[]> origins = ingressRoutes
            .GroupBy(r => r.Host, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(
                host => host.Key,
                host => host
                    .GroupBy(r => (r.Scheme, r.Port))
                    .Select(origin => new OriginRoutes(
                        origin.Key.Scheme,
                        origin.Key.Port,
                        new PrefixTable(origin.Select(r => (r.PathPrefix, new RouteTarget(
                            r.Pipeline, r.Endpoint, r.PathPrefix, r.Ingress, modeOf(r), meshesOfIngress(r.Ingress), Origin.Of(r.Scheme, r.Host, r.Port), pipelineOf?.Invoke(r.Pipeline)))))))
                    .ToArray(),
                StringComparer.OrdinalIgnoreCase);
        _origins = origins.GetAlternateLookup<ReadOnlySpan<char>>();
        _endpointRoutes = new PrefixTable(endpointRoutes.Select(e =>
            (e.PathPrefix, new RouteTarget(e.Pipeline, e.Endpoint, e.PathPrefix, null, MeshMode.Default, ImmutableArray<string>.Empty, null, pipelineOf?.Invoke(e.Pipeline)))));
    }

    /// <summary>The route for the request, or null for 404.</summary>
    public RouteTarget? Match(string scheme, ReadOnlySpan<char> host, int port, ReadOnlySpan<char> path)
    {
        if (_origins.TryGetValue(host, out OriginRoutes[]? origins))
        {
            foreach (OriginRoutes origin in origins)
            {
                if (origin.Port == port && string.Equals(origin.Scheme, scheme, StringComparison.Ordinal) && origin.Routes.Match(path) is { } target)
                {
                    return target;
                }
            }
        }

        return _endpointRoutes.Match(path);
    }

    /// <summary>Segment-boundary prefix: <c>/r4</c> matches <c>/r4</c> and <c>/r4/Patient</c>, never <c>/r4x</c>.</summary>
    public static bool IsPrefix(string prefix, ReadOnlySpan<char> path)
    {
        if (prefix.Length == 1)
        {
            return true; // "/" matches every path
        }

        return path.StartsWith(prefix, StringComparison.Ordinal) && (path.Length == prefix.Length || path[prefix.Length] == '/');
    }

    /// <summary>The routes of one scheme and port of a host.</summary>
    private sealed record OriginRoutes(string Scheme, int Port, PrefixTable Routes);

    /// <summary>
    /// Prefixes of one origin. The longest matching prefix is found by probing the path cut at each segment
    /// boundary, longest first: <c>/a/b/c</c>, <c>/a/b</c>, <c>/a</c>, then <c>/</c>.
    /// </summary>
    private sealed class PrefixTable
    {
        private readonly Dictionary<string, RouteTarget>.AlternateLookup<ReadOnlySpan<char>> _byPrefix;
        private readonly RouteTarget? _root;

        public PrefixTable(IEnumerable<(string Prefix, RouteTarget Target)> routes)
        {
            var byPrefix = new Dictionary<string, RouteTarget>(StringComparer.Ordinal);
            foreach ((string prefix, RouteTarget target) in routes)
            {
                // The generated table is ordered longest first with ties in declaration order; the first one stands.
                if (prefix == "/")
                {
                    _root ??= target;
                }
                else
                {
                    byPrefix.TryAdd(prefix, target);
                }
            }

            _byPrefix = byPrefix.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        public RouteTarget? Match(ReadOnlySpan<char> path)
        {
            ReadOnlySpan<char> candidate = path.Length > 1 && path[^1] == '/' ? path[..^1] : path;
            while (candidate.Length > 1)
            {
                if (_byPrefix.TryGetValue(candidate, out RouteTarget? target))
                {
                    return target;
                }

                int slash = candidate.LastIndexOf('/');
                if (slash <= 0)
                {
                    break;
                }

                candidate = candidate[..slash];
            }

            return _root;
        }
    }
}
