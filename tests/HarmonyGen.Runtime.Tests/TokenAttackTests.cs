using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using HarmonyGen.Runtime.Tests.Infrastructure;
using HarmonyGen.Definitions;
using Xunit;

namespace HarmonyGen.Runtime.Tests;

/// <summary>
/// Crafted tokens sent straight to B's mesh-mode ingress. Every one is refused with 403 problem+json that shows no
/// token text, and the backend receives nothing. Each crafted token differs from a correct one (the controls, which
/// pass) in one respect only.
/// </summary>
public sealed class TokenAttackTests
{
    private delegate string? Attack(MeshScenario mesh, DateTimeOffset now);

    private static readonly Dictionary<string, Attack> Attacks = new()
    {
        ["alg none, no signature"] = (m, now) => Bearer(Jwt.None(Claims(m, now).ToJsonString())),
        ["alg none, signature of a correct token kept"] = (m, now) =>
        {
            string good = Jwt.Sign(m.Keys, Claims(m, now));
            return Bearer(Jwt.None(Claims(m, now).ToJsonString()).TrimEnd('.') + "." + good.Split('.')[2]);
        },
        ["alg NONE in capitals"] = (m, now) => Bearer(Jwt.Encode("{\"alg\":\"NONE\",\"typ\":\"JWT\"}") + "." + Jwt.Encode(Claims(m, now).ToJsonString()) + "."),

        // Key confusion: HS256 with the RS256 mesh's public key, which every member (and maybe everyone) has, as
        // the HMAC secret. For an HS256 mesh the same token is just signed with a wrong secret.
        ["HS256 keyed with the RS256 public key (PEM text)"] = (m, now) =>
            Bearer(Jwt.Hs256(Encoding.UTF8.GetBytes(RsaKeys(m).PublicKeyPem!), Claims(m, now).ToJsonString(), RsaKeys(m).KeyId)),
        ["HS256 keyed with the RS256 public key (PEM text without newline)"] = (m, now) =>
            Bearer(Jwt.Hs256(Encoding.UTF8.GetBytes(RsaKeys(m).PublicKeyPem!.TrimEnd('\n')), Claims(m, now).ToJsonString(), RsaKeys(m).KeyId)),
        ["HS256 keyed with the RS256 public key (DER)"] = (m, now) =>
            Bearer(Jwt.Hs256(RsaKeys(m).Rsa!.ExportSubjectPublicKeyInfo(), Claims(m, now).ToJsonString(), RsaKeys(m).KeyId)),
        ["HS256 keyed with the RS256 public key (PKCS#1 DER)"] = (m, now) =>
            Bearer(Jwt.Hs256(RsaKeys(m).Rsa!.ExportRSAPublicKey(), Claims(m, now).ToJsonString(), RsaKeys(m).KeyId)),
        ["alg of the other family"] = (m, now) => Bearer(m.Keys.Algorithm == MeshAlgorithm.HS256
            ? Jwt.Sign(MeshKeys.Create(MeshAlgorithm.RS256), Claims(m, now))
            : Jwt.Hs256(Encoding.UTF8.GetBytes("an HMAC secret the attacker picked, 32+ bytes long"), Claims(m, now).ToJsonString())),
        ["wrong secret or wrong private key"] = (m, now) => Bearer(Jwt.Sign(MeshKeys.Other(m.Keys.Algorithm), Claims(m, now))),
        ["tampered payload (sub changed, signature kept)"] = (m, now) =>
            Bearer(Jwt.ReplacePayload(Jwt.Sign(m.Keys, Claims(m, now)), json => json.Replace("\"upstream\"", "\"upstreax\""))),
        ["tampered payload (exp extended, signature kept)"] = (m, now) =>
            Bearer(Jwt.ReplacePayload(Jwt.Sign(m.Keys, Claims(m, now)), json => json.Replace((now.ToUnixTimeSeconds() + 300).ToString(), (now.ToUnixTimeSeconds() + 3000).ToString()))),
        ["expired beyond the 60 s leeway"] = (m, now) => Bearer(Jwt.Sign(m.Keys, With(Claims(m, now), ("iat", now.ToUnixTimeSeconds() - 370), ("exp", now.ToUnixTimeSeconds() - 70)))),
        ["iat in the future beyond the leeway"] = (m, now) => Bearer(Jwt.Sign(m.Keys, With(Claims(m, now), ("iat", now.ToUnixTimeSeconds() + 120), ("exp", now.ToUnixTimeSeconds() + 420)))),
        ["exp - iat of 361 s"] = (m, now) => Bearer(Jwt.Sign(m.Keys, With(Claims(m, now), ("exp", now.ToUnixTimeSeconds() + 361)))),
        ["exp - iat of a year"] = (m, now) => Bearer(Jwt.Sign(m.Keys, With(Claims(m, now), ("exp", now.ToUnixTimeSeconds() + 31_536_000)))),
        ["no exp"] = (m, now) => Bearer(Jwt.Sign(m.Keys, Without(Claims(m, now), "exp"))),
        ["no iat"] = (m, now) => Bearer(Jwt.Sign(m.Keys, Without(Claims(m, now), "iat"))),
        ["wrong iss"] = (m, now) => Bearer(Jwt.Sign(m.Keys, With(Claims(m, now), ("iss", "care2")))),
        ["no iss"] = (m, now) => Bearer(Jwt.Sign(m.Keys, Without(Claims(m, now), "iss"))),
        ["wrong mesh_id"] = (m, now) => Bearer(Jwt.Sign(m.Keys, With(Claims(m, now), ("mesh_id", "partners")))),
        ["no mesh_id"] = (m, now) => Bearer(Jwt.Sign(m.Keys, Without(Claims(m, now), "mesh_id"))),
        ["aud of another member"] = (m, now) => Bearer(Jwt.Sign(m.Keys, With(Claims(m, now), ("aud", m.AOrigin)))),
        ["aud list with another member"] = (m, now) => Bearer(Jwt.Sign(m.Keys, With(Claims(m, now), ("aud", new JsonArray(m.BOrigin, m.AOrigin))))),
        ["aud of B on another scheme"] = (m, now) => Bearer(Jwt.Sign(m.Keys, With(Claims(m, now), ("aud", m.BOrigin.Replace("http://", "https://"))))),
        ["token of a mesh this ingress is not in"] = (m, now) =>
            Bearer(Jwt.Sign(m.PartnerKeys, Jwt.Claims(MeshScenario.PartnerMeshName, m.BOrigin, now))),
        ["token of that mesh, claiming to be care"] = (m, now) => Bearer(Jwt.Sign(m.PartnerKeys, Claims(m, now))),
        ["truncated signature"] = (m, now) => Bearer(Jwt.Sign(m.Keys, Claims(m, now))[..^10]),
        ["signature removed"] = (m, now) => Bearer(string.Join('.', Jwt.Sign(m.Keys, Claims(m, now)).Split('.')[..2]) + "."),
        ["two segments"] = (m, now) => Bearer(string.Join('.', Jwt.Sign(m.Keys, Claims(m, now)).Split('.')[..2])),
        ["empty Bearer"] = (_, _) => "Bearer ",
        ["Bearer alone"] = (_, _) => "Bearer",
        ["not base64url"] = (_, _) => Bearer("!!!.@@@.###"),
        ["header not JSON"] = (m, now) => Bearer(Jwt.Encode("not json") + "." + Jwt.Encode(Claims(m, now).ToJsonString()) + "." + Jwt.Encode("sig")),
        ["payload not JSON, correctly signed"] = (m, _) => Bearer(m.Keys.Algorithm == MeshAlgorithm.HS256
            ? Jwt.Hs256(Encoding.UTF8.GetBytes(m.Keys.Secret!), "not json at all")
            : Jwt.Rs256(m.Keys.Rsa!, m.Keys.KeyId!, "not json at all")),
        ["JWE-shaped, five segments"] = (m, _) => Bearer(Jwt.Encode("{\"alg\":\"dir\",\"enc\":\"A256GCM\"}") + ".." + Jwt.Encode("iv") + "." + Jwt.Encode("ciphertext") + "." + Jwt.Encode("tag")),
        ["16 KiB token"] = (m, now) => Bearer(Jwt.Sign(m.Keys, With(Claims(m, now), ("pad", new string('x', 16 * 1024))))),
        ["raw token without the Bearer scheme"] = (m, now) => Jwt.Sign(m.Keys, Claims(m, now)),
        ["Basic scheme carrying the token"] = (m, now) => "Basic " + Jwt.Sign(m.Keys, Claims(m, now)),
        ["no Authorization header"] = (_, _) => null,
        ["two tokens in one header"] = (m, now) => Bearer(Jwt.Sign(m.Keys, Claims(m, now)) + " " + Jwt.Sign(m.Keys, Claims(m, now))),

        // Correctly signed, but with claims of the wrong JSON type: a parser that trusts types would throw (500).
        ["iss is a number"] = (m, now) => Bearer(Jwt.Sign(m.Keys, With(Claims(m, now), ("iss", 42)))),
        ["iss is an array"] = (m, now) => Bearer(Jwt.Sign(m.Keys, With(Claims(m, now), ("iss", new JsonArray("care", "care"))))),
        ["mesh_id is a number"] = (m, now) => Bearer(Jwt.Sign(m.Keys, With(Claims(m, now), ("mesh_id", 7)))),
        ["mesh_id is an object"] = (m, now) => Bearer(Jwt.Sign(m.Keys, With(Claims(m, now), ("mesh_id", new JsonObject { ["id"] = "care" })))),
        ["exp is a string"] = (m, now) => Bearer(Jwt.Sign(m.Keys, With(Claims(m, now), ("exp", "tomorrow")))),
        ["iat is a string"] = (m, now) => Bearer(Jwt.Sign(m.Keys, With(Claims(m, now), ("iat", "yesterday")))),
        ["aud is a number"] = (m, now) => Bearer(Jwt.Sign(m.Keys, With(Claims(m, now), ("aud", 443)))),

        // dest_url binds the token to a member as aud does, and is what HarmonyGen members send (Harmony refuses aud).
        ["dest_url of another member"] = (m, now) => Bearer(Jwt.Sign(m.Keys, Without(With(Claims(m, now), ("dest_url", m.AOrigin + "/in")), "aud"))),
        ["dest_url of another member, aud of B"] = (m, now) => Bearer(Jwt.Sign(m.Keys, With(Claims(m, now), ("dest_url", m.AOrigin)))),
        ["dest_url of B on another scheme"] = (m, now) => Bearer(Jwt.Sign(m.Keys, Without(With(Claims(m, now), ("dest_url", m.BOrigin.Replace("http://", "https://"))), "aud"))),
        ["dest_url is not a URL"] = (m, now) => Bearer(Jwt.Sign(m.Keys, Without(With(Claims(m, now), ("dest_url", "care")), "aud"))),
        ["dest_url is not http"] = (m, now) => Bearer(Jwt.Sign(m.Keys, Without(With(Claims(m, now), ("dest_url", "ftp://127.0.0.1/in")), "aud"))),
        ["dest_url is a number"] = (m, now) => Bearer(Jwt.Sign(m.Keys, Without(With(Claims(m, now), ("dest_url", 443)), "aud"))),

        // sub is told to the backend in a header.
        ["no sub"] = (m, now) => Bearer(Jwt.Sign(m.Keys, Without(Claims(m, now), "sub"))),
        ["sub with a line break"] = (m, now) => Bearer(Jwt.Sign(m.Keys, With(Claims(m, now), ("sub", "upstream\r\nX-Harmony-Mesh-Caller: admin")))),
        ["sub of blanks"] = (m, now) => Bearer(Jwt.Sign(m.Keys, With(Claims(m, now), ("sub", "   ")))),
        ["payload is an array"] = (m, _) => Bearer(m.Keys.Algorithm == MeshAlgorithm.HS256
            ? Jwt.Hs256(Encoding.UTF8.GetBytes(m.Keys.Secret!), "[1,2,3]")
            : Jwt.Rs256(m.Keys.Rsa!, m.Keys.KeyId!, "[1,2,3]")),
    };

    public static IEnumerable<object[]> Cases() =>
        from algorithm in new[] { MeshAlgorithm.HS256, MeshAlgorithm.RS256 }
        from attack in Attacks.Keys
        select new object[] { algorithm, attack };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Crafted_token_is_refused_with_403_and_the_backend_gets_nothing(MeshAlgorithm algorithm, string attack)
    {
        await using MeshScenario mesh = await StartAsync(algorithm);
        string? authorization = Attacks[attack](mesh, DateTimeOffset.UtcNow);

        var request = MeshScenario.Post(mesh.BUrl("/Patient/1?x=1"), Encoding.UTF8.GetBytes("{\"resourceType\":\"Patient\"}"), authorization);
        Answer answer = await mesh.Client.CallAsync(request);

        answer.AssertProblem(HttpStatusCode.Forbidden, mesh.Keys.Secret, authorization?.Length > 20 ? authorization[^20..] : null);
        Assert.Empty(mesh.Backend.Requests);
    }

    /// <summary>
    /// A 64 KiB Authorization header is over Kestrel's 32 KiB request-header limit: the server refuses it with 431
    /// before the gateway runs (or, when the client is still writing the headers, resets the connection). Either way
    /// the backend gets nothing. Tokens between the gateway's own 8 KiB cap and Kestrel's limit get the gateway's
    /// 403 (the "16 KiB token" attack above).
    /// </summary>
    [Theory]
    [InlineData(MeshAlgorithm.HS256)]
    [InlineData(MeshAlgorithm.RS256)]
    public async Task Token_of_64_KiB_is_refused_and_the_backend_gets_nothing(MeshAlgorithm algorithm)
    {
        await using MeshScenario mesh = await StartAsync(algorithm);
        string token = Jwt.Sign(mesh.Keys, With(Claims(mesh, DateTimeOffset.UtcNow), ("pad", new string('x', 64 * 1024))));

        try
        {
            Answer answer = await mesh.Client.CallAsync(MeshScenario.Post(mesh.BUrl("/Patient"), new byte[] { 1 }, Bearer(token)));
            Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, answer.Status);
        }
        catch (HttpRequestException)
        {
            // The server closed the connection while the client was still sending the oversized header.
        }

        Assert.Empty(mesh.Backend.Requests);
    }

    public static IEnumerable<object[]> Controls() =>
        from algorithm in new[] { MeshAlgorithm.HS256, MeshAlgorithm.RS256 }
        from control in new[] { "hand-made", "MeshTokens.Issue", "lower-case bearer", "no aud", "aud in an array", "expired within the leeway", "exp - iat of 360 s", "iat 50 s ahead", "upper-case origin in aud",
            "as Harmony mints (no aud, no dest_url)", "dest_url of B's ingress URL", "dest_url and aud of B" }
        select new object[] { algorithm, control };

    /// <summary>The controls: correct tokens, including the edges the spec allows, pass (200) and never reach the backend as a header.</summary>
    [Theory]
    [MemberData(nameof(Controls))]
    public async Task Correct_token_passes(MeshAlgorithm algorithm, string control)
    {
        await using MeshScenario mesh = await StartAsync(algorithm);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        long t = now.ToUnixTimeSeconds();
        string authorization = control switch
        {
            "hand-made" => Bearer(Jwt.Sign(mesh.Keys, Claims(mesh, now))),
            "MeshTokens.Issue" => Bearer(mesh.IssueToken(mesh.BOrigin)),
            "lower-case bearer" => "bearer " + Jwt.Sign(mesh.Keys, Claims(mesh, now)),
            "no aud" => Bearer(Jwt.Sign(mesh.Keys, Without(Claims(mesh, now), "aud"))),
            "aud in an array" => Bearer(Jwt.Sign(mesh.Keys, With(Claims(mesh, now), ("aud", new JsonArray(mesh.BOrigin))))),
            "expired within the leeway" => Bearer(Jwt.Sign(mesh.Keys, With(Claims(mesh, now), ("iat", t - 330), ("exp", t - 30)))),
            "exp - iat of 360 s" => Bearer(Jwt.Sign(mesh.Keys, With(Claims(mesh, now), ("exp", t + 360)))),
            "iat 50 s ahead" => Bearer(Jwt.Sign(mesh.Keys, With(Claims(mesh, now), ("iat", t + 50), ("exp", t + 350)))),
            "upper-case origin in aud" => Bearer(Jwt.Sign(mesh.Keys, With(Claims(mesh, now), ("aud", mesh.BOrigin.ToUpperInvariant().Replace("HTTP://", "http://"))))),
            "as Harmony mints (no aud, no dest_url)" => Bearer(Jwt.Sign(mesh.Keys, new JsonObject { ["sub"] = "harmony-proxy", ["iss"] = MeshScenario.Mesh, ["iat"] = t, ["exp"] = t + 300, ["mesh_id"] = MeshScenario.Mesh })),
            "dest_url of B's ingress URL" => Bearer(Jwt.Sign(mesh.Keys, Without(With(Claims(mesh, now), ("dest_url", mesh.BUrl("/Patient"))), "aud"))),
            "dest_url and aud of B" => Bearer(Jwt.Sign(mesh.Keys, With(Claims(mesh, now), ("dest_url", mesh.BOrigin)))),
            _ => throw new ArgumentOutOfRangeException(nameof(control)),
        };

        Answer answer = await mesh.Client.CallAsync(MeshScenario.Post(mesh.BUrl("/Patient/1?x=1"), new byte[] { 7 }, authorization));

        answer.AssertOk();
        RecordedRequest received = Assert.Single(mesh.Backend.Requests);
        Assert.Equal("/base/Patient/1", received.Path);
        Assert.False(received.Headers.ContainsKey("Authorization"));
    }

    [Theory]
    [InlineData(MeshAlgorithm.HS256)]
    [InlineData(MeshAlgorithm.RS256)]
    public async Task Token_of_the_partner_mesh_passes_on_the_partner_ingress(MeshAlgorithm algorithm)
    {
        await using MeshScenario mesh = await StartAsync(algorithm);
        string token = Jwt.Sign(mesh.PartnerKeys, Jwt.Claims(MeshScenario.PartnerMeshName, mesh.BOrigin, DateTimeOffset.UtcNow));

        Answer answer = await mesh.Client.FetchAsync($"{mesh.BOrigin}/partners/Patient", Bearer(token));

        answer.AssertOk();
        Assert.Equal("/base/Patient", Assert.Single(mesh.Backend.Requests).Path);
    }

    /// <summary>
    /// B's pipeline is also reachable through its endpoint's path_prefix route (as in the sample). The path route must
    /// not turn into a way around the ingress's audience check: a token minted for another member, replayed to B
    /// with that member's name in the Host header, is refused.
    /// </summary>
    [Theory]
    [InlineData(MeshAlgorithm.HS256)]
    [InlineData(MeshAlgorithm.RS256)]
    public async Task Token_for_another_member_cannot_be_replayed_through_the_path_route_with_a_forged_Host(MeshAlgorithm algorithm)
    {
        await using MeshScenario mesh = await MeshScenario.StartAsync(new MeshSetup { Algorithm = algorithm, IngressMode = MeshMode.Mesh, EndpointPrefixOnB = "/in" });
        string otherMember = "http://records.partner.example:8443";
        string stolen = mesh.IssueToken(otherMember);

        Answer replayed = await mesh.Client.FetchAsync(mesh.BUrl("/Patient"), Bearer(stolen), host: "records.partner.example:8443");

        replayed.AssertProblem(HttpStatusCode.Forbidden);
        Assert.Empty(mesh.Backend.Requests);

        // Control: through the path route with B's own name, B's token passes; without a token it is refused.
        (await mesh.Client.FetchAsync($"{mesh.BOrigin}/in/Patient", Bearer(mesh.IssueToken(mesh.BOrigin)), host: $"localhost:{mesh.PortB}")).AssertProblem(HttpStatusCode.Forbidden);
        (await mesh.Client.FetchAsync(mesh.BUrl("/Patient"), host: "records.partner.example:8443")).AssertProblem(HttpStatusCode.Forbidden);
        (await mesh.Client.FetchAsync(mesh.BUrl("/Patient"), Bearer(mesh.IssueToken(mesh.BOrigin)))).AssertOk();
        Assert.Single(mesh.Backend.Requests);
    }

    public static IEnumerable<object[]> AudienceSettings() =>
        from algorithm in new[] { MeshAlgorithm.HS256, MeshAlgorithm.RS256 }
        from onA in new[] { false, true }
        from onB in new[] { false, true }
        select new object[] { algorithm, onA, onB };

    /// <summary>
    /// <c>jwt_audience</c>: a signer with it adds aud, a verifier with it requires aud. Only a verifier that requires
    /// aud refuses a signer that does not send it, which is why every member of the mesh sets it, or none.
    /// </summary>
    [Theory]
    [MemberData(nameof(AudienceSettings))]
    public async Task Jwt_audience_adds_aud_at_the_signer_and_requires_it_at_the_verifier(MeshAlgorithm algorithm, bool onA, bool onB)
    {
        await using MeshScenario mesh = await MeshScenario.StartAsync(new MeshSetup { Algorithm = algorithm, JwtAudienceOnA = onA, JwtAudienceOnB = onB });

        Answer answer = await mesh.Client.FetchAsync(mesh.AUrl("/Patient/1"));

        if (onB && !onA)
        {
            answer.AssertProblem(HttpStatusCode.Forbidden);
            Assert.Empty(mesh.Backend.Requests);
        }
        else
        {
            answer.AssertOk();
        }
    }

    private static Task<MeshScenario> StartAsync(MeshAlgorithm algorithm) =>
        MeshScenario.StartAsync(new MeshSetup { Algorithm = algorithm, IngressMode = MeshMode.Mesh, PartnerMesh = true });

    private static string Bearer(string token) => "Bearer " + token;

    /// <summary>The mesh's RSA key pair for an RS256 mesh; for an HS256 mesh, the suite's shared RSA pair.</summary>
    private static MeshKeys RsaKeys(MeshScenario mesh) => mesh.Keys.Algorithm == MeshAlgorithm.RS256 ? mesh.Keys : MeshKeys.Create(MeshAlgorithm.RS256);

    private static JsonObject Claims(MeshScenario mesh, DateTimeOffset now) => Jwt.Claims(MeshScenario.Mesh, mesh.BOrigin, now);

    private static JsonObject With(JsonObject claims, params (string Name, JsonNode? Value)[] changes)
    {
        foreach ((string name, JsonNode? value) in changes)
        {
            claims[name] = value;
        }

        return claims;
    }

    private static JsonObject Without(JsonObject claims, string name)
    {
        claims.Remove(name);
        return claims;
    }
}
