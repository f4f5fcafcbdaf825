using System;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading.Tasks;
using HarmonyGen.Runtime.Tests.Infrastructure;
using HarmonyGen.Definitions;
using Xunit;

namespace HarmonyGen.Runtime.Tests;

/// <summary>
/// Egress tokens are reused until shortly before they expire (exp - 60 s), then replaced (SPEC §5), on a clock the
/// test moves. Gateway A and gateway B share that clock.
/// </summary>
public sealed class TokenLifetimeTests
{
    [Theory]
    [InlineData(MeshAlgorithm.HS256)]
    [InlineData(MeshAlgorithm.RS256)]
    public async Task Egress_token_is_reused_then_refreshed_and_B_accepts_every_request(MeshAlgorithm algorithm)
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using MeshScenario mesh = await MeshScenario.StartAsync(new MeshSetup { Algorithm = algorithm, IngressMode = MeshMode.Mesh, Clock = clock });

        async Task<long> SendAsync()
        {
            (await mesh.Client.FetchAsync(mesh.AUrl("/Patient"))).AssertOk();
            return mesh.A.Runtime.TokensSigned;
        }

        Assert.Equal(1, await SendAsync());
        Assert.Equal(1, await SendAsync());
        clock.Advance(TimeSpan.FromSeconds(239)); // iat + 239: still before exp - 60
        Assert.Equal(1, await SendAsync());
        clock.Advance(TimeSpan.FromSeconds(2)); // iat + 241: past exp - 60, a new token
        Assert.Equal(2, await SendAsync());
        Assert.Equal(2, await SendAsync());
        clock.Advance(TimeSpan.FromSeconds(238)); // second token's iat + 238
        Assert.Equal(2, await SendAsync());
        clock.Advance(TimeSpan.FromMinutes(30)); // long idle: the cached token is long expired, a new one is signed
        Assert.Equal(3, await SendAsync());
        Assert.Equal(7, mesh.Backend.Requests.Count);
    }

    /// <summary>
    /// The tokens themselves: A's egress points at a recording backend, so the test sees exactly what A sends, then
    /// replays the tokens to B (whose ingress URL names that backend's origin, as a real member's would).
    /// </summary>
    [Theory]
    [InlineData(MeshAlgorithm.HS256)]
    [InlineData(MeshAlgorithm.RS256)]
    public async Task Same_token_is_reused_a_new_one_follows_exp_minus_60_s_and_B_accepts_both(MeshAlgorithm algorithm)
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        MeshKeys keys = MeshKeys.Create(algorithm);
        RecordingBackend tap = null!, records = null!;
        int portA = 0, portB = 0;
        (ServerSet servers, _) = await ServerSet.StartAsync(async servers =>
        {
            tap = await servers.StartBackendAsync();
            records = await servers.StartBackendAsync();
            using var a = new PortReservation();
            using var b = new PortReservation();
            (portA, portB) = (a.Port, b.Port);
            string memberUrl = tap.Url("/in"); // where A believes member B lives
            GatewayDefinition gatewayA = new GatewayBuilder("clinic")
                .Network("lan", portA)
                .Pipeline("outbound", "lan", new[] { "out" }, new[] { "member" })
                .Endpoint("out", "/out")
                .Backend("member", memberUrl)
                .Egress("to_member", "outbound")
                .RemoteIngress("member_in", memberUrl)
                .Mesh(keys.Signer(MeshScenario.Mesh, egresses: new[] { "to_member" }, remoteIngresses: new[] { "member_in" }))
                .Build();
            GatewayDefinition gatewayB = new GatewayBuilder("hospital")
                .Network("edge", portB)
                .Pipeline("records", "edge", new[] { "api" }, new[] { "records_service" })
                .Endpoint("api")
                .Backend("records_service", records.Url("/base"))
                .Ingress("member_in", "records", memberUrl, MeshMode.Mesh)
                .Mesh(keys.Verifier(MeshScenario.Mesh, ingresses: new[] { "member_in" }))
                .Build();
            a.Release();
            await servers.StartGatewayAsync(gatewayA, GatewayOptions.For(clock, keys));
            b.Release();
            await servers.StartGatewayAsync(gatewayB, GatewayOptions.For(clock, keys));
            return 0;
        });
        await using ServerSet cleanup = servers;
        using var client = Http.CreateClient();

        async Task<string> TokenSentByAAsync()
        {
            (await client.FetchAsync($"http://127.0.0.1:{portA}/out/Patient")).AssertOk();
            string authorization = tap.Requests[^1].Headers["Authorization"];
            Assert.StartsWith("Bearer ", authorization, StringComparison.Ordinal);
            return authorization["Bearer ".Length..];
        }

        Task<Answer> ReplayToBAsync(string token) =>
            client.FetchAsync($"http://127.0.0.1:{portB}/in/Patient", "Bearer " + token, host: new Uri(tap.Url("/")).Authority);

        DateTimeOffset start = clock.GetUtcNow();
        string first = await TokenSentByAAsync();
        Assert.Equal(first, await TokenSentByAAsync());
        clock.Advance(TimeSpan.FromSeconds(240) - TimeSpan.FromMilliseconds(start.Millisecond + 1)); // just before exp - 60
        Assert.Equal(first, await TokenSentByAAsync());
        clock.Advance(TimeSpan.FromSeconds(2));
        string second = await TokenSentByAAsync();
        Assert.NotEqual(first, second);
        Assert.Equal(second, await TokenSentByAAsync());

        // Both are correct mesh tokens (SPEC §4) for the member's origin...
        AssertClaims(first, keys, tap, start);
        AssertClaims(second, keys, tap, clock.GetUtcNow());

        // ...and B accepts both while they are valid, and strips them before its backend.
        (await ReplayToBAsync(first)).AssertOk();
        (await ReplayToBAsync(second)).AssertOk();
        Assert.All(records.Requests, r => Assert.False(r.Headers.ContainsKey("Authorization")));

        // Past the first token's exp + 60 s leeway, B refuses it and still takes the second.
        clock.Advance(TimeSpan.FromSeconds(300 - 240 + 61));
        (await ReplayToBAsync(first)).AssertProblem(HttpStatusCode.Forbidden);
        (await ReplayToBAsync(second)).AssertOk();
        Assert.Equal(3, records.Requests.Count);
    }

    private static void AssertClaims(string token, MeshKeys keys, RecordingBackend member, DateTimeOffset issuedAround)
    {
        string[] parts = token.Split('.');
        Assert.Equal(3, parts.Length);
        using JsonDocument header = JsonDocument.Parse(Jwt.Decode(parts[0]));
        using JsonDocument payload = JsonDocument.Parse(Jwt.Decode(parts[1]));
        Assert.Equal(keys.Algorithm.ToString(), header.RootElement.GetProperty("alg").GetString());
        Assert.Equal("JWT", header.RootElement.GetProperty("typ").GetString());
        if (keys.Algorithm == MeshAlgorithm.RS256)
        {
            Assert.Equal(keys.KeyId, header.RootElement.GetProperty("kid").GetString());
        }

        JsonElement claims = payload.RootElement;
        Assert.Equal(MeshScenario.Mesh, claims.GetProperty("iss").GetString());
        Assert.Equal("clinic", claims.GetProperty("sub").GetString());
        Assert.Equal(new Uri(member.Url("/")).GetLeftPart(UriPartial.Authority), claims.GetProperty("dest_url").GetString());
        Assert.False(claims.TryGetProperty("aud", out _), "aud makes every Harmony member refuse the token; it is sent only with jwt_audience");
        Assert.Equal(MeshScenario.Mesh, claims.GetProperty("mesh_id").GetString());
        long iat = claims.GetProperty("iat").GetInt64();
        Assert.Equal(issuedAround.ToUnixTimeSeconds(), iat);
        Assert.Equal(iat + 300, claims.GetProperty("exp").GetInt64());
    }
}
