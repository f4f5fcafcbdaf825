using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using HarmonyGen.Spec;

namespace HarmonyGen.Routing;

/// <summary>
/// Matches a request to an ingress route (scheme, host, port, segment-boundary longest prefix) and otherwise to an
/// endpoint path route. Built once per network from the generated tables, which are already ordered longest
/// prefix first; lookups by host use a span-keyed dictionary, so matching allocates nothing.
/// </summary>
internal sealed class IngressMatcher
{
    private readonly Dictionary<string, Entry[]> _byHost;
    private readonly Dictionary<string, Entry[]>.AlternateLookup<ReadOnlySpan<char>> _byHostSpan;
    private readonly RouteTarget[] _endpointTargets;
    private readonly string[] _endpointPrefixes;

    public IngressMatcher(IEnumerable<IngressRoute> ingressRoutes, IEnumerable<EndpointRoute> endpointRoutes, Func<string, ImmutableArray<string>> meshesOfIngress, Func<IngressRoute, MeshMode> modeOf)
    {
        _byHost = ingressRoutes
            .GroupBy(r => r.Host, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(
                g => g.Key,
                g => g.Select(r => new Entry(
                        r.Scheme,
                        r.Port,
                        r.PathPrefix,
                        new RouteTarget(r.Pipeline, r.Endpoint, r.PathPrefix, r.Ingress, modeOf(r), meshesOfIngress(r.Ingress), Origin.Of(r.Scheme, r.Host, r.Port))))
                    .ToArray(),
                StringComparer.OrdinalIgnoreCase);
        _byHostSpan = _byHost.GetAlternateLookup<ReadOnlySpan<char>>();
        EndpointRoute[] endpoints = endpointRoutes.ToArray();
        _endpointPrefixes = endpoints.Select(e => e.PathPrefix).ToArray();
        _endpointTargets = endpoints.Select(e => new RouteTarget(e.Pipeline, e.Endpoint, e.PathPrefix, null, MeshMode.Default, ImmutableArray<string>.Empty, null)).ToArray();
    }

    /// <summary>The first route matching the request, or null for 404.</summary>
    public RouteTarget? Match(string scheme, ReadOnlySpan<char> host, int port, ReadOnlySpan<char> path)
    {
        if (_byHostSpan.TryGetValue(host, out Entry[]? entries))
        {
            foreach (Entry entry in entries)
            {
                if (entry.Port == port && string.Equals(entry.Scheme, scheme, StringComparison.Ordinal) && IsPrefix(entry.PathPrefix, path))
                {
                    return entry.Target;
                }
            }
        }

        for (int i = 0; i < _endpointPrefixes.Length; i++)
        {
            if (IsPrefix(_endpointPrefixes[i], path))
            {
                return _endpointTargets[i];
            }
        }

        return null;
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

    private sealed record Entry(string Scheme, int Port, string PathPrefix, RouteTarget Target);
}
