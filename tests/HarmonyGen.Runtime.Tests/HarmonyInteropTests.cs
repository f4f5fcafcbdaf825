using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using HarmonyGen.Definitions;
using HarmonyGen.Runtime.Tests.Infrastructure;
using Xunit;

namespace HarmonyGen.Runtime.Tests;

/// <summary>
/// A HarmonyGen gateway and a Harmony 0.12 member in one mesh, both ways, HS256 and RS256. Harmony is played by
/// <see cref="HarmonyStandIn"/>: it mints as <c>mesh_auth.rs</c> does and validates with PyJWT configured as Harmony
/// configures jsonwebtoken 9.3 (one algorithm, leeway 60, exp required, no audience: a token with <c>aud</c> is
/// refused). The last theory shows the stand-in is that strict, so that its 200s mean something.
/// </summary>
public sealed class HarmonyInteropTests
{
    private const string Mesh = "care";

    public static TheoryData<MeshAlgorithm> Algorithms => new() { MeshAlgorithm.HS256, MeshAlgorithm.RS256 };

    [Theory]
    [MemberData(nameof(Algorithms))]
    public async Task A_HarmonyGen_egress_token_is_accepted_by_a_Harmony_member(MeshAlgorithm algorithm)
    {
        MeshKeys keys = MeshKeys.Create(algorithm);
        await using HarmonyStandIn harmony = await HarmonyStandIn.StartAsync(Mesh, keys);
        await using GatewayScenario clinic = await StartClinicAsync(keys, harmony, jwtAudience: false);

        var request = new HttpRequestMessage(HttpMethod.Get, clinic.Url("/out/Patient/123?_format=json"));
        request.Headers.TryAddWithoutValidation("X-Harmony-Mesh-Caller", "spoofed-caller");
        request.Headers.TryAddWithoutValidation("x-harmony-mesh", "spoofed-mesh");
        Answer answer = await clinic.Client.CallAsync(request);

        Assert.True(answer.Status == HttpStatusCode.OK, $"the Harmony member refused HarmonyGen's token: {answer} {harmony.Errors}");
        using JsonDocument received = JsonDocument.Parse(answer.Body);
        JsonElement claims = received.RootElement.GetProperty("claims");
        Assert.Equal("clinic", claims.GetProperty("sub").GetString());
        Assert.Equal(Mesh, claims.GetProperty("iss").GetString());
        Assert.Equal(Mesh, claims.GetProperty("mesh_id").GetString());
        Assert.Equal(harmony.Origin, claims.GetProperty("dest_url").GetString());
        Assert.False(claims.TryGetProperty("aud", out _));
        Assert.Equal(claims.GetProperty("iat").GetInt64() + 300, claims.GetProperty("exp").GetInt64());

        // Our RS256 kid does not disturb jsonwebtoken, which ignores kid unless asked.
        JsonElement header = received.RootElement.GetProperty("token_header");
        Assert.Equal(algorithm.ToString(), header.GetProperty("alg").GetString());
        Assert.Equal(algorithm == MeshAlgorithm.RS256 ? keys.KeyId : null, header.TryGetProperty("kid", out JsonElement kid) ? kid.GetString() : null);

        Assert.Equal("/fhir/Patient/123", received.RootElement.GetProperty("path").GetString()!.Split('?')[0]);

        // The egress hop: the client's copies of the caller headers were removed, and none were added (the Harmony
        // member learns who calls from the token, and would hand such headers to its backend unchecked).
        foreach (JsonProperty sent in received.RootElement.GetProperty("headers").EnumerateObject())
        {
            Assert.False(sent.Name.StartsWith("X-Harmony-Mesh", StringComparison.OrdinalIgnoreCase), $"{sent.Name}: {sent.Value} reached the Harmony member");
        }
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public async Task A_token_with_aud_is_refused_by_a_Harmony_member_so_jwt_audience_is_for_HarmonyGen_only_meshes(MeshAlgorithm algorithm)
    {
        // What every HarmonyGen token did before: aud set, and jsonwebtoken 9 without an expected audience says no.
        MeshKeys keys = MeshKeys.Create(algorithm);
        await using HarmonyStandIn harmony = await HarmonyStandIn.StartAsync(Mesh, keys);
        await using GatewayScenario clinic = await StartClinicAsync(keys, harmony, jwtAudience: true);

        Answer answer = await clinic.Client.FetchAsync(clinic.Url("/out/Patient/123"));

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        Assert.Contains("InvalidAudienceError", answer.Text, StringComparison.Ordinal);
    }

    public static IEnumerable<object[]> HarmonyCallers()
    {
        foreach (MeshAlgorithm algorithm in new[] { MeshAlgorithm.HS256, MeshAlgorithm.RS256 })
        foreach (MeshMode mode in new[] { MeshMode.Mesh, MeshMode.Default })
        {
            yield return new object[] { algorithm, mode };
        }
    }

    [Theory]
    [MemberData(nameof(HarmonyCallers))]
    public async Task A_Harmony_token_is_accepted_by_a_HarmonyGen_ingress_and_its_caller_told_to_the_backend(MeshAlgorithm algorithm, MeshMode mode)
    {
        MeshKeys keys = MeshKeys.Create(algorithm);
        await using HarmonyStandIn harmony = await HarmonyStandIn.StartAsync(Mesh, keys);
        (GatewayScenario scenario, RecordingBackend backend) = await StartHospitalAsync(keys.Verifier(Mesh, ingresses: new[] { "from_partners" }), mode, keys);
        await using GatewayScenario hospital = scenario;
        string token = await harmony.MintAsync(hospital.Client);

        var request = new HttpRequestMessage(HttpMethod.Get, hospital.Url("/in/Patient/123"));
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        request.Headers.TryAddWithoutValidation("X-Harmony-Mesh-Caller", "spoofed-caller");
        (await hospital.Client.CallAsync(request)).AssertOk();

        RecordedRequest received = Assert.Single(backend.Requests);
        Assert.Equal("/records/Patient/123", received.Path);
        Assert.False(received.Headers.ContainsKey("Authorization"), "the mesh token is a hop credential");
        Assert.Equal("harmony-proxy", received.Headers["X-Harmony-Mesh-Caller"]); // Harmony's fixed sub
        Assert.Equal(Mesh, received.Headers["X-Harmony-Mesh"]);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public async Task A_Harmony_token_without_kid_verifies_against_the_previous_key_during_a_rotation(MeshAlgorithm algorithm)
    {
        // The hospital already has a new current key; Harmony still signs with the one being rotated out.
        MeshKeys harmonyKeys = MeshKeys.Create(algorithm);
        MeshKeys newKeys = MeshKeys.Other(algorithm);
        await using HarmonyStandIn harmony = await HarmonyStandIn.StartAsync(Mesh, harmonyKeys);
        MeshDefinition rotating = harmonyKeys.AsPreviousOf(newKeys.Verifier(Mesh, ingresses: new[] { "from_partners" }));
        (GatewayScenario scenario, _) = await StartHospitalAsync(rotating, MeshMode.Mesh, newKeys, harmonyKeys);
        await using GatewayScenario hospital = scenario;
        string token = await harmony.MintAsync(hospital.Client);
        Assert.DoesNotContain("kid", Jwt.Decode(token.Split('.')[0]), StringComparison.Ordinal);

        (await hospital.Client.FetchAsync(hospital.Url("/in/Patient/1"), "Bearer " + token)).AssertOk();

        // And a key that is neither current nor previous is still refused.
        await using HarmonyStandIn stranger = await HarmonyStandIn.StartAsync(Mesh, MeshKeys.Third(algorithm));
        (await hospital.Client.FetchAsync(hospital.Url("/in/Patient/1"), "Bearer " + await stranger.MintAsync(hospital.Client))).AssertProblem(HttpStatusCode.Forbidden);
    }

    public static IEnumerable<object[]> StrictnessCases()
    {
        foreach (MeshAlgorithm algorithm in new[] { MeshAlgorithm.HS256, MeshAlgorithm.RS256 })
        {
            yield return new object[] { algorithm, "as Harmony mints", HttpStatusCode.OK };
            yield return new object[] { algorithm, "iss of another mesh", HttpStatusCode.OK }; // Harmony does not check iss
            yield return new object[] { algorithm, "expired 30 s ago", HttpStatusCode.OK }; // within the 60 s leeway
            yield return new object[] { algorithm, "not before in an hour", HttpStatusCode.OK }; // nbf is not checked
            yield return new object[] { algorithm, "with aud", HttpStatusCode.Unauthorized };
            yield return new object[] { algorithm, "with aud of its own origin", HttpStatusCode.Unauthorized };
            yield return new object[] { algorithm, "another mesh_id", HttpStatusCode.Unauthorized };
            yield return new object[] { algorithm, "no mesh_id", HttpStatusCode.Unauthorized };
            yield return new object[] { algorithm, "expired 90 s ago", HttpStatusCode.Unauthorized };
            yield return new object[] { algorithm, "no exp", HttpStatusCode.Unauthorized };
            yield return new object[] { algorithm, "no iss", HttpStatusCode.Unauthorized };
            yield return new object[] { algorithm, "another key", HttpStatusCode.Unauthorized };
            yield return new object[] { algorithm, "the other algorithm", HttpStatusCode.Unauthorized };
            yield return new object[] { algorithm, "alg none", HttpStatusCode.Unauthorized };
            yield return new object[] { algorithm, "no token", HttpStatusCode.Unauthorized };
        }
    }

    [Theory]
    [MemberData(nameof(StrictnessCases))]
    public async Task The_Harmony_stand_in_validates_as_jsonwebtoken_9_3_does(MeshAlgorithm algorithm, string token, HttpStatusCode expected)
    {
        MeshKeys keys = MeshKeys.Create(algorithm);
        await using HarmonyStandIn harmony = await HarmonyStandIn.StartAsync(Mesh, keys);
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        JsonObject Claims(Action<JsonObject>? change = null)
        {
            // Exactly generate_local_jwt's claims.
            var claims = new JsonObject { ["sub"] = "harmony-proxy", ["iss"] = Mesh, ["iat"] = now, ["exp"] = now + 300, ["mesh_id"] = Mesh };
            change?.Invoke(claims);
            return claims;
        }

        string? bearer = token switch
        {
            "as Harmony mints" => Jwt.Sign(keys, Claims()),
            "iss of another mesh" => Jwt.Sign(keys, Claims(c => c["iss"] = "partners")),
            "expired 30 s ago" => Jwt.Sign(keys, Claims(c => { c["iat"] = now - 330; c["exp"] = now - 30; })),
            "not before in an hour" => Jwt.Sign(keys, Claims(c => c["nbf"] = now + 3600)),
            "with aud" => Jwt.Sign(keys, Claims(c => c["aud"] = "http://127.0.0.1:1")),
            "with aud of its own origin" => Jwt.Sign(keys, Claims(c => c["aud"] = harmony.Origin)),
            "another mesh_id" => Jwt.Sign(keys, Claims(c => c["mesh_id"] = "partners")),
            "no mesh_id" => Jwt.Sign(keys, Claims(c => c.Remove("mesh_id"))),
            "expired 90 s ago" => Jwt.Sign(keys, Claims(c => { c["iat"] = now - 390; c["exp"] = now - 90; })),
            "no exp" => Jwt.Sign(keys, Claims(c => c.Remove("exp"))),
            "no iss" => Jwt.Sign(keys, Claims(c => c.Remove("iss"))),
            "another key" => Jwt.Sign(MeshKeys.Other(algorithm), Claims()),
            "the other algorithm" => algorithm == MeshAlgorithm.HS256
                ? Jwt.Sign(MeshKeys.Create(MeshAlgorithm.RS256), Claims())
                : Jwt.Hs256(System.Text.Encoding.UTF8.GetBytes(keys.PublicKeyPem!), Claims().ToJsonString()), // HS256 keyed with the public key
            "alg none" => Jwt.None(Claims().ToJsonString()),
            "no token" => null,
            _ => throw new ArgumentOutOfRangeException(nameof(token)),
        };

        using HttpClient client = Http.CreateClient();
        Answer answer = await client.FetchAsync(harmony.Url("/fhir/Patient/1"), bearer is null ? null : "Bearer " + bearer);

        Assert.True(answer.Status == expected, $"{token}: expected {(int)expected}, got {answer} {harmony.Errors}");
    }

    /// <summary>The clinic: <c>/out</c> forwards to the Harmony member's <c>/fhir</c> through an egress of the mesh.</summary>
    private static Task<GatewayScenario> StartClinicAsync(MeshKeys keys, HarmonyStandIn harmony, bool jwtAudience) =>
        GatewayScenario.StartAsync(
            (_, port) => Task.FromResult(new GatewayBuilder("clinic")
                .Network("lan", port)
                .Pipeline("out", "lan", new[] { "out_api" }, new[] { "harmony_member" })
                .Endpoint("out_api", "/out")
                .Backend("harmony_member", harmony.Url("/fhir"))
                .Egress("to_harmony", "out", "harmony_member")
                .Mesh(keys.Signer(Mesh, egresses: new[] { "to_harmony" }) with { JwtAudience = jwtAudience })
                .Build()),
            GatewayOptions.For(null, keys));

    /// <summary>The hospital: an ingress at <c>/in</c> of <paramref name="mesh"/>, forwarding to the recording backend's <c>/records</c>.</summary>
    private static async Task<(GatewayScenario Hospital, RecordingBackend Backend)> StartHospitalAsync(MeshDefinition mesh, MeshMode mode, params MeshKeys[] keys)
    {
        RecordingBackend? backend = null;
        GatewayScenario hospital = await GatewayScenario.StartAsync(
            async (servers, port) =>
            {
                backend = await servers.StartBackendAsync();
                return new GatewayBuilder("hospital")
                    .Network("edge", port)
                    .Pipeline("records", "edge", new[] { "api" }, new[] { "records_service" })
                    .Endpoint("api")
                    .Backend("records_service", backend.Url("/records"))
                    .Ingress("from_partners", "records", $"http://127.0.0.1:{port}/in", mode)
                    .Mesh(mesh)
                    .Build();
            },
            GatewayOptions.For(null, keys));
        return (hospital, backend!);
    }
}
