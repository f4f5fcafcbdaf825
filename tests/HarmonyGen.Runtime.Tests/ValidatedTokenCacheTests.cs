using System;
using System.Net;
using System.Threading.Tasks;
using HarmonyGen.Runtime.Tests.Infrastructure;
using HarmonyGen.Definitions;
using Xunit;

namespace HarmonyGen.Runtime.Tests;

/// <summary>
/// B verifies a token's signature once and serves later requests with the same token from its cache, while still
/// refusing the token once it expires, at an ingress of another mesh, or for another audience.
/// </summary>
public sealed class ValidatedTokenCacheTests
{
    private static string Bearer(string token) => "Bearer " + token;

    [Theory]
    [InlineData(MeshAlgorithm.HS256)]
    [InlineData(MeshAlgorithm.RS256)]
    public async Task A_reused_egress_token_is_verified_once_at_the_ingress(MeshAlgorithm algorithm)
    {
        await using MeshScenario mesh = await MeshScenario.StartAsync(new MeshSetup { Algorithm = algorithm, IngressMode = MeshMode.Mesh });
        for (int i = 0; i < 20; i++)
        {
            (await mesh.Client.FetchAsync(mesh.AUrl("/Patient"))).AssertOk();
        }

        Assert.Equal(1, mesh.A.Runtime.TokensSigned);
        Assert.Equal(19, mesh.B.Runtime.ValidatedTokenCacheHits);
        Assert.Equal(20, mesh.Backend.Requests.Count);
    }

    [Fact]
    public async Task A_cached_token_is_refused_once_it_has_expired()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using MeshScenario mesh = await MeshScenario.StartAsync(new MeshSetup { IngressMode = MeshMode.Mesh, Clock = clock });
        string token = mesh.IssueToken(mesh.BOrigin);
        (await mesh.Client.FetchAsync(mesh.BUrl("/Patient"), Bearer(token))).AssertOk();
        (await mesh.Client.FetchAsync(mesh.BUrl("/Patient"), Bearer(token))).AssertOk();
        Assert.Equal(1, mesh.B.Runtime.ValidatedTokenCacheHits);

        clock.Advance(TimeSpan.FromSeconds(300 + 61)); // past exp and the 60 s leeway
        (await mesh.Client.FetchAsync(mesh.BUrl("/Patient"), Bearer(token))).AssertProblem(HttpStatusCode.Forbidden, token);
        Assert.Equal(2, mesh.Backend.Requests.Count);
    }

    [Fact]
    public async Task A_cached_token_still_has_to_name_this_ingress_as_its_audience()
    {
        // B also has an endpoint path route, so a request that misses the ingress still reaches the mesh check.
        await using MeshScenario mesh = await MeshScenario.StartAsync(new MeshSetup { IngressMode = MeshMode.Mesh, EndpointPrefixOnB = "/in" });
        string token = mesh.IssueToken(mesh.BOrigin);
        (await mesh.Client.FetchAsync(mesh.BUrl("/Patient"), Bearer(token))).AssertOk();

        // The same, already validated, token through the path route with a Host that is not one of B's ingress origins.
        (await mesh.Client.FetchAsync($"{mesh.BOrigin}/in/Patient", Bearer(token), host: $"localhost:{mesh.PortB}")).AssertProblem(HttpStatusCode.Forbidden, token);
        Assert.Single(mesh.Backend.Requests);
    }
}
