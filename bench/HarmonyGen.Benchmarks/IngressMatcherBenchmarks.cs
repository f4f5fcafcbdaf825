using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using BenchmarkDotNet.Attributes;
using HarmonyGen.Routing;
using HarmonyGen.Definitions;

namespace HarmonyGen.Benchmarks;

/// <summary>
/// The runtime's ingress matcher (host lookup, then one probe per path segment) against the obvious alternative,
/// a dictionary by host and a scan of that host's prefixes longest first, at 10, 1,000 and 10,000 ingress URLs.
/// The request targets a route in the middle of the table, on a host shared by all routes (the scan's worst case is
/// not staged: a real gateway's routes cluster on a few hosts).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(MicroRunConfig))]
public class IngressMatcherBenchmarks
{
    private IngressMatcher _matcher = null!;
    private DictionaryAndScanMatcher _baseline = null!;
    private string _path = string.Empty;

    [Params(10, 1_000, 10_000)]
    public int Routes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        List<IngressRoute> routes = Enumerable.Range(0, Routes)
            .Select(i => new IngressRoute("https", i % 2 == 0 ? "fhir.example" : "dicom.example", 443, $"/tenant{i}/r4", $"in{i}", $"p{i}", $"e{i}", MeshMode.Mesh))
            .OrderByDescending(r => r.PathPrefix.Length)
            .ToList();
        _matcher = new IngressMatcher(routes, Array.Empty<EndpointRoute>(), _ => ImmutableArray<string>.Empty, r => r.Mode);
        _baseline = new DictionaryAndScanMatcher(routes);
        int target = Routes / 2 - (Routes / 2 % 2);
        _path = $"/tenant{target}/r4/Patient/123";
        if (_matcher.Match("https", "fhir.example", 443, _path)?.Pipeline != $"p{target}" || _baseline.Match("https", "fhir.example", 443, _path) != $"p{target}")
        {
            throw new InvalidOperationException("the matchers disagree on the set-up request");
        }
    }

    [Benchmark]
    public string? HarmonyGenMatcher() => _matcher.Match("https", "fhir.example", 443, _path)?.Pipeline;

    [Benchmark(Baseline = true)]
    public string? DictionaryPlusScan() => _baseline.Match("https", "fhir.example", 443, _path);

    /// <summary>The baseline: hosts in a dictionary, then every prefix of that host tried in order.</summary>
    private sealed class DictionaryAndScanMatcher
    {
        private readonly Dictionary<string, IngressRoute[]> _byHost;

        public DictionaryAndScanMatcher(IEnumerable<IngressRoute> routes) =>
            _byHost = routes.GroupBy(r => r.Host, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.OrdinalIgnoreCase);

        public string? Match(string scheme, string host, int port, string path)
        {
            if (!_byHost.TryGetValue(host, out IngressRoute[]? routes))
            {
                return null;
            }

            foreach (IngressRoute route in routes)
            {
                if (route.Port == port && route.Scheme == scheme && IngressMatcher.IsPrefix(route.PathPrefix, path))
                {
                    return route.Pipeline;
                }
            }

            return null;
        }
    }
}
