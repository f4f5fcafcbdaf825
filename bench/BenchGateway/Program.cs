using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using BenchGateway;
using HarmonyGen.Hosting;
using HarmonyGen.Definitions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

// The load benchmark's gateways (bench/load/run.sh). Every scenario is compiled from its own TOML root(s) in this
// project, all on 127.0.0.1, ports 7110-7117, forwarding to the fixed-response origin on 7100 (bodies: the large-body
// origin on 7150; neither started here).
//
//   bench-gateway SCENARIO...                         start those scenarios' gateways in this process, until SIGTERM
//   bench-gateway all                                 start every scenario
//   bench-gateway token SCENARIO [--audience URL]     print a fresh mesh token (hs256, rs256, twohop) and exit
//   bench-gateway list                                print the scenarios and the URL wrk calls
//
// hs256 and twohop read the mesh secret from BENCH_HS256_SECRET; rs256 reads the BENCH-ONLY keys in keys/.
Dictionary<string, Scenario> scenarios = new Scenario[]
{
    new("plain", "http://127.0.0.1:7110/bench/ping", [Gateways.BenchPlain.Definition], null),
    new("hs256", "http://127.0.0.1:7111/bench/ping", [Gateways.BenchHs256.Definition], new(Gateways.BenchHs256.Definition, "bench_hs256", "http://127.0.0.1:7111")),
    new("rs256", "http://127.0.0.1:7112/bench/ping", [Gateways.BenchRs256.Definition], new(Gateways.BenchRs256.Definition, "bench_rs256", "http://127.0.0.1:7112")),
    // Clients call the egress gateway without a token; the token here is for calling the ingress hop directly.
    new("twohop", "http://127.0.0.1:7113/bench/ping", [Gateways.BenchTwohopIngress.Definition, Gateways.BenchTwohopEgress.Definition], new(Gateways.BenchTwohopEgress.Definition, "bench_twohop", "http://127.0.0.1:7114")),
    new("twohop-plain", "http://127.0.0.1:7115/bench/ping", [Gateways.BenchTwohopPlainSecond.Definition, Gateways.BenchTwohopPlainFirst.Definition], null),
    // bench/load/bodies.sh: 256 MiB up and down, to its own origin on 7150.
    new("bodies", "http://127.0.0.1:7117/bench/files/big.bin", [Gateways.BenchBodies.Definition], null),
}.ToDictionary(s => s.Name, StringComparer.Ordinal);

if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine("usage: bench-gateway SCENARIO... | all | token SCENARIO [--audience URL] | list");
    Console.Error.WriteLine("scenarios: " + string.Join(' ', scenarios.Keys));
    return 2;
}

if (args[0] == "list")
{
    foreach (Scenario s in scenarios.Values)
    {
        Console.WriteLine($"{s.Name}\t{s.Url}\t{(s.Token is null ? "-" : "token")}");
    }

    return 0;
}

if (args[0] == "token")
{
    if (args.Length is not (2 or 4) || !scenarios.TryGetValue(args[1], out Scenario? tokenScenario) || tokenScenario.Token is not { } token
        || (args.Length == 4 && args[2] != "--audience"))
    {
        Console.Error.WriteLine("usage: bench-gateway token hs256|rs256|twohop [--audience scheme://host:port]");
        return 2;
    }

    // The audience defaults to the scenario's own ingress origin; peers (YARP, HAProxy) get a token for theirs.
    Console.WriteLine(MeshTokens.Issue(token.From, token.Mesh, args.Length == 4 ? args[3] : token.Audience));
    return 0;
}

string[] names = args.Contains("all") ? scenarios.Keys.ToArray() : args;
var unknown = names.Where(n => !scenarios.ContainsKey(n)).ToList();
if (unknown.Count > 0)
{
    Console.Error.WriteLine($"unknown scenario(s): {string.Join(' ', unknown)}; known: {string.Join(' ', scenarios.Keys)}");
    return 2;
}

var apps = new List<WebApplication>();
foreach (string name in names.Distinct())
{
    foreach (GatewayDefinition gateway in scenarios[name].Gateways)
    {
        // For A/B runs of one binary: BENCH_BLOCK_SIZE is Kestrel's connection block size (0: Kestrel's own 4 KiB
        // pool), BENCH_PORT the port of every network of the scenario (one gateway per process then).
        var options = new HarmonyGatewayOptions();
        if (int.TryParse(Environment.GetEnvironmentVariable("BENCH_BLOCK_SIZE"), out int block))
        {
            options.ConnectionBlockSize = block;
        }

        // BENCH_DIRECT_TRACE=0: hosting's server span and SocketsHttpHandler's client span on every request, as before
        // the gateway wrote trace context itself (HarmonyGatewayOptions.DirectTraceContext).
        options.DirectTraceContext = Environment.GetEnvironmentVariable("BENCH_DIRECT_TRACE") != "0";
        if (int.TryParse(Environment.GetEnvironmentVariable("BENCH_PORT"), out int port))
        {
            foreach (NetworkDefinition network in gateway.Networks)
            {
                options.PortOverrides[network.Name] = port;
            }
        }

        apps.Add(HarmonyGateway.Build(gateway, options));
    }
}

await Task.WhenAll(apps.Select(a => a.StartAsync()));
foreach (string name in names.Distinct())
{
    Scenario s = scenarios[name];
    string ports = string.Join(", ", s.Gateways.Select(g => $"{g.ProxyId} on {string.Join(' ', g.Networks.Select(n => n.Http?.BindPort))}"));
    Console.WriteLine($"bench-gateway: {s.Name} ready at {s.Url} ({ports})");
}

await Task.WhenAll(apps.Select(a => a.WaitForShutdownAsync()));
return 0;

internal sealed record Scenario(string Name, string Url, GatewayDefinition[] Gateways, TokenSource? Token);

internal sealed record TokenSource(GatewayDefinition From, string Mesh, string Audience);
