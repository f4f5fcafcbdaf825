using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using HarmonyGen.Providers;
using HarmonyGen.Runtime.Tests.Infrastructure;
using HarmonyGen.Definitions;
using Xunit;

namespace HarmonyGen.Runtime.Tests;

/// <summary>
/// A <c>provider = "runbeam"</c> mesh end to end, through two gateways and the stand-in provider: A's egress token
/// comes from the provider and is reused; B checks it against the provider's JWKS, which it fetches once, refetches
/// when a new kid appears (at most once per 30 s), and never trusts for a kid it does not publish.
/// </summary>
public sealed class ProviderMeshTests
{
    private static string Bearer(string token) => "Bearer " + token;

    [Fact]
    public async Task The_egress_token_is_fetched_once_and_reused_and_the_jwks_once()
    {
        await using ProviderMeshScenario mesh = await ProviderMeshScenario.StartAsync();
        for (int i = 0; i < 20; i++)
        {
            (await mesh.Client.FetchAsync(mesh.AUrl("/Patient?i=" + i))).AssertOk();
        }

        Assert.Equal(1, mesh.Provider.TokenCalls);
        Assert.Equal(1, mesh.Provider.JwksCalls); // B, at start-up; A verifies nothing and never asks
        Assert.Equal(0, mesh.Provider.ResolveCalls);
        Assert.Equal(1, mesh.A.Runtime.ProviderCalls(ProviderOperation.MeshToken));
        Assert.Equal(1, mesh.B.Runtime.ProviderCalls(ProviderOperation.Jwks));
        Assert.Equal(19, mesh.B.Runtime.ValidatedTokenCacheHits);

        // The provider was asked for mesh-123 and B's ingress, with A's machine token.
        (string? meshId, string? destination, string? authorization) = Assert.Single(mesh.Provider.TokenRequests);
        Assert.Equal(ProviderMeshScenario.MeshId, meshId);
        Assert.Equal(mesh.BUrl(), destination);
        Assert.Equal(Bearer(ProviderMeshScenario.ClinicMachineToken), authorization);

        // The backend saw every request, and no mesh token (B consumed it) and no machine token.
        Assert.Equal(20, mesh.Backend.Requests.Count);
        Assert.All(mesh.Backend.Requests, r => Assert.False(r.Headers.ContainsKey("Authorization")));
    }

    [Fact]
    public async Task Concurrent_requests_on_a_cold_cache_share_one_token_fetch()
    {
        await using ProviderMeshScenario mesh = await ProviderMeshScenario.StartAsync();
        mesh.Provider.Delay = TimeSpan.FromMilliseconds(300);
        Answer[] answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => mesh.Client.FetchAsync(mesh.AUrl("/Patient/" + i))));
        Assert.All(answers, a => a.AssertOk());
        Assert.Equal(1, mesh.Provider.TokenCalls);
    }

    [Fact]
    public async Task The_token_is_renewed_in_the_background_shortly_before_it_expires()
    {
        await using ProviderMeshScenario mesh = await ProviderMeshScenario.StartAsync();
        (await mesh.Client.FetchAsync(mesh.AUrl("/Patient"))).AssertOk();
        mesh.Clock.Advance(TimeSpan.FromSeconds(230)); // still 70 s to go: reused as is
        (await mesh.Client.FetchAsync(mesh.AUrl("/Patient"))).AssertOk();
        Assert.Equal(1, mesh.Provider.TokenCalls);

        mesh.Clock.Advance(TimeSpan.FromSeconds(20)); // 50 s to go: this request still leaves with the token held ...
        (await mesh.Client.FetchAsync(mesh.AUrl("/Patient"))).AssertOk();
        await Eventually.TrueAsync(() => mesh.Provider.TokenCalls == 2); // ... and a new one is fetched meanwhile

        mesh.Clock.Advance(TimeSpan.FromSeconds(60)); // the first token has expired; the renewed one serves
        (await mesh.Client.FetchAsync(mesh.AUrl("/Patient"))).AssertOk();
        Assert.Equal(2, mesh.Provider.TokenCalls);
    }

    [Fact]
    public async Task A_rotated_signing_key_is_fetched_when_its_kid_first_appears()
    {
        await using ProviderMeshScenario mesh = await ProviderMeshScenario.StartAsync();
        (await mesh.Client.FetchAsync(mesh.AUrl("/Patient"))).AssertOk();
        Assert.Equal(1, mesh.Provider.JwksCalls);

        mesh.Provider.Rotate();
        mesh.Clock.Advance(TimeSpan.FromSeconds(296)); // A's token is about to expire: A fetches one signed with the new key
        (await mesh.Client.FetchAsync(mesh.AUrl("/Patient"))).AssertOk();
        Assert.Equal(2, mesh.Provider.TokenCalls);
        Assert.Equal(2, mesh.Provider.JwksCalls); // B met the new kid and asked once

        (await mesh.Client.FetchAsync(mesh.AUrl("/Patient"))).AssertOk();
        Assert.Equal(2, mesh.Provider.JwksCalls);
        Assert.Equal(3, mesh.Backend.Requests.Count);
    }

    [Fact]
    public async Task A_token_signed_with_a_key_the_provider_does_not_publish_is_refused_after_one_rate_limited_refresh()
    {
        await using ProviderMeshScenario mesh = await ProviderMeshScenario.StartAsync();
        mesh.Clock.Advance(TimeSpan.FromSeconds(31)); // past the refresh rate limit since the start-up fetch
        string forged = mesh.Provider.IssueWithUnpublishedKey(ProviderMeshScenario.MeshId, mesh.BOrigin, "forged-kid");
        (await mesh.Client.FetchAsync(mesh.BUrl("/Patient"), Bearer(forged))).AssertProblem(HttpStatusCode.Forbidden, forged);
        Assert.Equal(2, mesh.Provider.JwksCalls); // asked once: still unknown

        // Within 30 s of that, more unknown kids do not reach the provider.
        for (int i = 0; i < 5; i++)
        {
            string another = mesh.Provider.IssueWithUnpublishedKey(ProviderMeshScenario.MeshId, mesh.BOrigin, "forged-kid-" + i);
            (await mesh.Client.FetchAsync(mesh.BUrl("/Patient"), Bearer(another))).AssertProblem(HttpStatusCode.Forbidden, another);
        }

        Assert.Equal(2, mesh.Provider.JwksCalls);
        mesh.Clock.Advance(TimeSpan.FromSeconds(31));
        (await mesh.Client.FetchAsync(mesh.BUrl("/Patient"), Bearer(forged))).AssertProblem(HttpStatusCode.Forbidden, forged);
        Assert.Equal(3, mesh.Provider.JwksCalls);
        Assert.Empty(mesh.Backend.Requests);
    }

    [Fact]
    public async Task A_provider_token_is_accepted_by_a_verifying_member_directly()
    {
        await using ProviderMeshScenario mesh = await ProviderMeshScenario.StartAsync(new ProviderMeshSetup { ExplicitJwksUrl = true });
        string token = mesh.TokenForB();
        (await mesh.Client.FetchAsync(mesh.BUrl("/Patient"), Bearer(token))).AssertOk();
        Assert.Equal(1, mesh.Provider.JwksCalls);
    }

    public static TheoryData<string> RefusedTokens => new()
    {
        "no kid",
        "HS256 keyed with the kid's RSA modulus",
        "alg none",
        "another mesh_id",
        "another audience",
        "expired",
        "issued in the future",
        "lives an hour",
        "another dest_url",
        "a dest_url that is no URL",
        "no exp",
    };

    [Theory]
    [MemberData(nameof(RefusedTokens))]
    public async Task A_provider_mesh_checks_a_token_as_a_local_mesh_does(string attack)
    {
        await using ProviderMeshScenario mesh = await ProviderMeshScenario.StartAsync();
        long now = mesh.Clock.GetUtcNow().ToUnixTimeSeconds();
        string valid = mesh.TokenForB();
        string payload = Jwt.Decode(valid.Split('.')[1]);
        string token = attack switch
        {
            "no kid" => NoKid(valid),
            "HS256 keyed with the kid's RSA modulus" => Jwt.Hs256(System.Text.Encoding.UTF8.GetBytes(mesh.Provider.JwksUrl), payload, mesh.Provider.CurrentKid),
            "alg none" => Jwt.None(payload),
            "another mesh_id" => mesh.TokenForB(c => c["mesh_id"] = "mesh-999"),
            "another audience" => mesh.TokenForB(c => c["aud"] = "http://127.0.0.1:1"),
            "expired" => mesh.TokenForB(c => { c["iat"] = now - 400; c["exp"] = now - 100; }),
            "issued in the future" => mesh.TokenForB(c => { c["iat"] = now + 200; c["exp"] = now + 400; }),
            "lives an hour" => mesh.TokenForB(c => c["exp"] = now + 3600),
            "another dest_url" => mesh.TokenForB(c => c["dest_url"] = "http://127.0.0.1:1/fhir"),
            "a dest_url that is no URL" => mesh.TokenForB(c => c["dest_url"] = "care"),
            "no exp" => mesh.TokenForB(c => c.Remove("exp")),
            _ => throw new ArgumentOutOfRangeException(nameof(attack)),
        };

        (await mesh.Client.FetchAsync(mesh.BUrl("/Patient"), Bearer(token))).AssertProblem(HttpStatusCode.Forbidden, token);
        Assert.Empty(mesh.Backend.Requests);
        Assert.Equal(1, mesh.Provider.JwksCalls); // none of them made B ask the provider again
    }

    [Fact]
    public async Task A_token_whose_iss_is_the_mesh_name_is_accepted_too()
    {
        await using ProviderMeshScenario mesh = await ProviderMeshScenario.StartAsync();
        string token = mesh.TokenForB(c => c["iss"] = ProviderMeshScenario.Mesh);
        (await mesh.Client.FetchAsync(mesh.BUrl("/Patient"), Bearer(token))).AssertOk();
    }

    /// <summary>The token re-signed by nobody: its header without the kid, so the signature no longer matters.</summary>
    private static string NoKid(string token)
    {
        string[] parts = token.Split('.');
        return Jwt.Encode("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + parts[1] + "." + parts[2];
    }
}
