using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using HarmonyGen.Providers;
using HarmonyGen.Runtime.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace HarmonyGen.Runtime.Tests;

/// <summary>
/// The measurement in docs/benchmarks.md, "Provider calls per 1,000 mesh requests": 1,000 requests through the
/// two-gateway runbeam mesh (B lists its ingress by a provider reference), counting every call the stand-in provider
/// receives. Run it with:
/// <c>dotnet test tests/HarmonyGen.Runtime.Tests --filter "FullyQualifiedName~ProviderCallsPer1000" --logger "console;verbosity=detailed"</c>
/// </summary>
public sealed class ProviderCallsPer1000Tests
{
    private const string IngressReference = "runbeam.team1.ingress.name.records_in";
    private const int Requests = 1000;

    private readonly ITestOutputHelper _output;

    public ProviderCallsPer1000Tests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task A_burst_of_1000_requests_makes_three_provider_calls()
    {
        await using ProviderMeshScenario mesh = await StartAsync();
        var stopwatch = Stopwatch.StartNew();
        const int clients = 8;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            for (int i = c; i < Requests; i += clients)
            {
                (await mesh.Client.FetchAsync(mesh.AUrl("/Patient/" + i))).AssertOk();
            }
        }));
        stopwatch.Stop();

        Report(mesh, $"burst: {Requests} requests, {clients} concurrent clients, {stopwatch.Elapsed.TotalSeconds:0.0} s wall clock");
        Assert.Equal(1, mesh.Provider.TokenCalls);
        Assert.Equal(1, mesh.Provider.JwksCalls);
        Assert.Equal(1, mesh.Provider.ResolveCalls); // at B's start-up; the next poll is 30 s away
        Assert.Equal(Requests, mesh.Backend.Requests.Count);
    }

    [Fact]
    public async Task A_steady_1000_requests_over_ten_minutes_renew_the_token_twice_and_poll_once_per_interval()
    {
        await using ProviderMeshScenario mesh = await StartAsync();
        TimeSpan step = TimeSpan.FromMilliseconds(600); // 1,000 requests over 10 simulated minutes
        int polls = 0;
        for (int i = 1; i <= Requests; i++)
        {
            (await mesh.Client.FetchAsync(mesh.AUrl("/Patient/" + i))).AssertOk();
            mesh.Clock.Advance(step);
            if (i % 50 == 0)
            {
                // 30 s have passed on the gateways' clock: B's poll loop resolves the reference; wait for it, so that
                // the simulated time does not run ahead of the loop.
                polls++;
                await Eventually.TrueAsync(() => mesh.Provider.ResolveCalls == 1 + polls);
            }
        }

        await Eventually.TrueAsync(() => mesh.Provider.TokenCalls == 3);
        Report(mesh, $"steady: {Requests} requests, one every {step.TotalMilliseconds:0} ms of simulated time (10 minutes), poll_interval_secs = 30, {polls} polls");
        Assert.Equal(3, mesh.Provider.TokenCalls); // at 0 s, and renewed at 240 s and 480 s
        Assert.Equal(1, mesh.Provider.JwksCalls); // the keys go stale after 15 minutes
        Assert.Equal(1 + 20, mesh.Provider.ResolveCalls); // start-up, then one per 30 s
    }

    private static Task<ProviderMeshScenario> StartAsync() => ProviderMeshScenario.StartAsync(new ProviderMeshSetup
    {
        IngressReferenceOnB = IngressReference,
        BeforeStart = p => p.Resolutions[IngressReference] = StandInProvider.Local("ingress", "hospital", "b_in"),
    });

    private void Report(ProviderMeshScenario mesh, string scenario)
    {
        _output.WriteLine(scenario);
        _output.WriteLine("| provider call | count | made by |");
        _output.WriteLine("|---|---:|---|");
        _output.WriteLine($"| POST /harmony/mesh/token | {mesh.Provider.TokenCalls} | A (egress) |");
        _output.WriteLine($"| GET /.well-known/jwks.json | {mesh.Provider.JwksCalls} | B (ingress) |");
        _output.WriteLine($"| GET /api/harmony/resources/resolve | {mesh.Provider.ResolveCalls} | B (1 reference) |");
        _output.WriteLine($"| total | {mesh.Provider.TokenCalls + mesh.Provider.JwksCalls + mesh.Provider.ResolveCalls} | |");
        _output.WriteLine($"B verified {mesh.Provider.TokenCalls} token signature(s); {mesh.B.Runtime.ValidatedTokenCacheHits} requests were served from its validated-token cache.");
        Assert.Equal(mesh.Provider.TokenCalls, mesh.A.Runtime.ProviderCalls(ProviderOperation.MeshToken));
        Assert.Equal(mesh.Provider.JwksCalls, mesh.B.Runtime.ProviderCalls(ProviderOperation.Jwks));
    }
}
