using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using HarmonyGen.Definitions;
using HarmonyGen.Hosting;
using HarmonyGen.Middleware;
using HarmonyGen.Middleware.Auth;
using HarmonyGen.Runtime.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Xunit;

namespace HarmonyGen.Runtime.Tests;

/// <summary>
/// <c>jwtauth</c> enforced as Harmony's JwtAuthMiddleware enforces it (src/models/middleware/types/jwtauth.rs at
/// 4a412bc8, jsonwebtoken 9.3; 401 from src/adapters/http/router.rs): a token of the configured algorithm and key,
/// not expired, of the configured issuer and audience reaches the backend with its Authorization header; anything
/// else is 401 with a Bearer challenge and a problem body, and never reaches the backend.
/// </summary>
public sealed class JwtAuthTests
{
    private const string Issuer = "https://auth.example.com/";
    private const string Audience = "records";

    private static readonly MeshKeys Rs256 = MeshKeys.Create(MeshAlgorithm.RS256);
    private static readonly MeshKeys OtherRs256 = MeshKeys.Other(MeshAlgorithm.RS256);

    private static JsonObject Claims(DateTimeOffset now, string? issuer = Issuer, JsonNode? audience = null) => new()
    {
        ["sub"] = "clinician-7",
        ["iss"] = issuer,
        ["aud"] = audience ?? Audience,
        ["iat"] = now.ToUnixTimeSeconds(),
        ["exp"] = now.ToUnixTimeSeconds() + 600,
    };

    private static string SignRs256(RSA key, JsonObject claims) => Jwt.Rs256(key, "any-kid", claims.ToJsonString());

    [Fact]
    public async Task An_RS256_token_of_the_configured_key_issuer_and_audience_reaches_the_backend_with_its_header()
    {
        await using GuardedGateway g = await Guarded.StartAsync(Rs256Gate());
        string token = SignRs256(Rs256.Rsa!, Claims(DateTimeOffset.UtcNow));

        (await g.Client.FetchAsync(g.Url("/api/records?id=7"), "Bearer " + token)).AssertOk();

        RecordedRequest seen = Assert.Single(g.Backend.Requests);
        Assert.Equal("/base/records", seen.Path);
        Assert.Equal("?id=7", seen.Query);
        Assert.Equal("Bearer " + token, seen.Headers["Authorization"]); // Harmony does not strip it
        Assert.DoesNotContain(seen.Headers.Keys, h => h.StartsWith("X-Harmony", StringComparison.OrdinalIgnoreCase)); // and passes no claim on
    }

    [Fact]
    public async Task An_HS256_token_signed_with_the_secret_from_the_environment_reaches_the_backend()
    {
        MeshKeys keys = MeshKeys.Hs256();
        await using GuardedGateway g = await Guarded.StartAsync(
            new JwtAuthMiddlewareDefinition("tokens", null, ConfigValue.FromEnvironment(keys.SecretVariable, "middleware.tokens.options.hs256_secret (pipelines/api.toml)"), null, null, 60),
            keys);

        JsonObject claims = Claims(DateTimeOffset.UtcNow);
        claims.Remove("aud"); // no audience configured: a token must carry none
        (await g.Client.FetchAsync(g.Url("/api/records"), "Bearer " + Jwt.Hs256(Encoding.UTF8.GetBytes(keys.Secret!), claims.ToJsonString()))).AssertOk();

        Assert.Single(g.Backend.Requests);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_401_invalid_token_and_never_reaches_the_backend()
    {
        await using GuardedGateway g = await Guarded.StartAsync(Rs256Gate());
        string token = SignRs256(OtherRs256.Rsa!, Claims(DateTimeOffset.UtcNow));

        Answer answer = await g.Client.FetchAsync(g.Url("/api/records"), "Bearer " + token);

        Assert.Equal("The bearer token is not valid for middleware 'tokens'.", answer.AssertProblem(HttpStatusCode.Unauthorized).GetProperty("detail").GetString());
        Assert.Equal("Bearer realm=\"tokens\", error=\"invalid_token\"", Assert.Single(answer.Response.Headers.WwwAuthenticate).ToString());
        Assert.Empty(g.Backend.Requests);
    }

    [Fact]
    public async Task A_tampered_payload_is_401()
    {
        await using GuardedGateway g = await Guarded.StartAsync(Rs256Gate());
        string token = Jwt.ReplacePayload(SignRs256(Rs256.Rsa!, Claims(DateTimeOffset.UtcNow)), json => json.Replace("clinician-7", "admin", StringComparison.Ordinal));

        (await g.Client.FetchAsync(g.Url("/api/records"), "Bearer " + token)).AssertProblem(HttpStatusCode.Unauthorized);
        Assert.Empty(g.Backend.Requests);
    }

    [Fact]
    public async Task An_expired_token_is_401_and_one_expired_within_the_leeway_passes()
    {
        await using GuardedGateway g = await Guarded.StartAsync(Rs256Gate(leewaySeconds: 120));
        DateTimeOffset now = DateTimeOffset.UtcNow;
        JsonObject expired = Claims(now.AddHours(-2));
        expired["exp"] = now.ToUnixTimeSeconds() - 3600;
        JsonObject withinLeeway = Claims(now.AddHours(-2));
        withinLeeway["exp"] = now.ToUnixTimeSeconds() - 30;

        Answer answer = await g.Client.FetchAsync(g.Url("/api/records"), "Bearer " + SignRs256(Rs256.Rsa!, expired));
        Assert.Equal("The bearer token has expired.", answer.AssertProblem(HttpStatusCode.Unauthorized).GetProperty("detail").GetString());
        Assert.Empty(g.Backend.Requests);

        (await g.Client.FetchAsync(g.Url("/api/records"), "Bearer " + SignRs256(Rs256.Rsa!, withinLeeway))).AssertOk();
        Assert.Single(g.Backend.Requests);
    }

    [Fact]
    public async Task Expiry_follows_the_gateway_clock_with_the_leeway()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using GuardedGateway g = await Guarded.StartAsync(Rs256Gate(leewaySeconds: 60), clock: clock);
        JsonObject claims = Claims(clock.GetUtcNow());
        claims["exp"] = clock.GetUtcNow().ToUnixTimeSeconds() + 10;
        string token = SignRs256(Rs256.Rsa!, claims);

        clock.Advance(TimeSpan.FromSeconds(65)); // 55 s past exp: within the leeway
        (await g.Client.FetchAsync(g.Url("/api/records"), "Bearer " + token)).AssertOk();
        clock.Advance(TimeSpan.FromSeconds(10)); // 65 s past exp
        Answer answer = await g.Client.FetchAsync(g.Url("/api/records"), "Bearer " + token);

        Assert.Equal("The bearer token has expired.", answer.AssertProblem(HttpStatusCode.Unauthorized).GetProperty("detail").GetString());
        Assert.Single(g.Backend.Requests);
    }

    [Theory]
    [InlineData("exp missing")]
    [InlineData("nbf ahead")]
    [InlineData("wrong issuer")]
    [InlineData("no issuer")]
    [InlineData("issuer with a trailing slash less")]
    [InlineData("wrong audience")]
    [InlineData("no audience")]
    [InlineData("audience with a trailing slash")]
    [InlineData("sub a number")]
    [InlineData("iat not an integer")]
    public async Task A_token_whose_claims_Harmony_would_not_accept_is_401(string change)
    {
        await using GuardedGateway g = await Guarded.StartAsync(Rs256Gate());
        DateTimeOffset now = DateTimeOffset.UtcNow;
        JsonObject claims = Claims(now);
        switch (change)
        {
            case "exp missing": claims.Remove("exp"); break;
            case "nbf ahead": claims["nbf"] = now.ToUnixTimeSeconds() + 600; break;
            case "wrong issuer": claims["iss"] = "https://other.example.com/"; break;
            case "no issuer": claims.Remove("iss"); break;
            case "issuer with a trailing slash less": claims["iss"] = Issuer.TrimEnd('/'); break;
            case "wrong audience": claims["aud"] = "billing"; break;
            case "no audience": claims.Remove("aud"); break;
            case "audience with a trailing slash": claims["aud"] = Audience + "/"; break;
            case "sub a number": claims["sub"] = 42; break;
            case "iat not an integer": claims["iat"] = now.ToUnixTimeSeconds() + 0.5; break;
        }

        (await g.Client.FetchAsync(g.Url("/api/records"), "Bearer " + SignRs256(Rs256.Rsa!, claims))).AssertProblem(HttpStatusCode.Unauthorized);

        Assert.Empty(g.Backend.Requests);
    }

    [Fact]
    public async Task An_audience_array_that_holds_the_audience_passes()
    {
        await using GuardedGateway g = await Guarded.StartAsync(Rs256Gate());

        (await g.Client.FetchAsync(g.Url("/api/records"), "Bearer " + SignRs256(Rs256.Rsa!, Claims(DateTimeOffset.UtcNow, audience: new JsonArray("billing", Audience))))).AssertOk();

        Assert.Single(g.Backend.Requests);
    }

    [Fact]
    public async Task With_no_audience_configured_a_token_that_carries_one_is_401_as_jsonwebtoken_9_refuses_it()
    {
        await using GuardedGateway g = await Guarded.StartAsync(Rs256Gate(audience: null));

        (await g.Client.FetchAsync(g.Url("/api/records"), "Bearer " + SignRs256(Rs256.Rsa!, Claims(DateTimeOffset.UtcNow)))).AssertProblem(HttpStatusCode.Unauthorized);
        JsonObject none = Claims(DateTimeOffset.UtcNow);
        none.Remove("aud");
        (await g.Client.FetchAsync(g.Url("/api/records"), "Bearer " + SignRs256(Rs256.Rsa!, none))).AssertOk();

        Assert.Single(g.Backend.Requests);
    }

    [Fact]
    public async Task Alg_none_and_HS256_keyed_with_the_public_key_are_refused()
    {
        await using GuardedGateway g = await Guarded.StartAsync(Rs256Gate());
        string claims = Claims(DateTimeOffset.UtcNow).ToJsonString();

        (await g.Client.FetchAsync(g.Url("/api/records"), "Bearer " + Jwt.None(claims))).AssertProblem(HttpStatusCode.Unauthorized);
        (await g.Client.FetchAsync(g.Url("/api/records"), "Bearer " + Jwt.Hs256(Encoding.UTF8.GetBytes(Rs256.PublicKeyPem!), claims))).AssertProblem(HttpStatusCode.Unauthorized);

        Assert.Empty(g.Backend.Requests);
    }

    [Fact]
    public async Task The_scheme_is_Bearer_with_a_space_as_Harmony_reads_it_and_a_missing_token_has_a_plain_challenge()
    {
        await using GuardedGateway g = await Guarded.StartAsync(Rs256Gate());
        string token = SignRs256(Rs256.Rsa!, Claims(DateTimeOffset.UtcNow));

        Answer missing = await g.Client.FetchAsync(g.Url("/api/records"));
        Assert.Equal("Bearer realm=\"tokens\"", Assert.Single(missing.Response.Headers.WwwAuthenticate).ToString());
        missing.AssertProblem(HttpStatusCode.Unauthorized);
        foreach (string header in new[] { "bearer " + token, "Bearer", "Bearer ", token, "Basic " + token })
        {
            (await g.Client.FetchAsync(g.Url("/api/records"), header)).AssertProblem(HttpStatusCode.Unauthorized);
        }

        Assert.Empty(g.Backend.Requests);

        // trim_start_matches("Bearer ") takes off the scheme however often it is repeated.
        (await g.Client.FetchAsync(g.Url("/api/records"), "Bearer Bearer " + token)).AssertOk();
    }

    [Fact]
    public async Task A_request_that_passes_allocates_nothing_beyond_what_token_validation_allocates()
    {
        var stage = new JwtAuthStage(Rs256Gate(), TimeProvider.System, _ => null);
        string header = "Bearer " + SignRs256(Rs256.Rsa!, Claims(DateTimeOffset.UtcNow));
        var context = new DefaultHttpContext();
        context.Request.Headers.Authorization = header;

        // The same validation alone, handed the token as the stage hands it (a string cut from the header).
        var handler = new JsonWebTokenHandler();
        var parameters = new TokenValidationParameters
        {
            IssuerSigningKey = new RsaSecurityKey(System.Security.Cryptography.RSA.Create(Rs256.Rsa!.ExportParameters(false))),
            ValidAlgorithms = new[] { SecurityAlgorithms.RsaSha256 },
            TryAllIssuerSigningKeys = true,
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            IgnoreTrailingSlashWhenValidatingAudience = false,
            ClockSkew = TimeSpan.FromSeconds(60),
        };

        // The library's own allocations vary by a few hundred bytes from call to call (its caches): the least of many.
        long stageLeast = long.MaxValue;
        long libraryLeast = long.MaxValue;
        for (int i = 0; i < 30; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            StageResult result = await stage.InvokeAsync(context);
            stageLeast = Math.Min(stageLeast, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.Null(result.Rejection);

            before = GC.GetAllocatedBytesForCurrentThread();
            TokenValidationResult alone = await handler.ValidateTokenAsync(header.Substring("Bearer ".Length), parameters);
            libraryLeast = Math.Min(libraryLeast, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.True(alone.IsValid);
        }

        // Reading the payload again for Harmony's claim types happens on the stack (no decoded string, no JsonDocument),
        // and a validation that completes synchronously runs no async state machine.
        Assert.True(stageLeast <= libraryLeast, $"the stage allocated {stageLeast} bytes, the library alone {libraryLeast}");
    }

    [Fact]
    public void A_short_HS256_secret_from_the_environment_stops_start_up_naming_the_key_not_the_secret()
    {
        GatewayDefinition definition = Definition(1, "http://127.0.0.1:9/base",
            new JwtAuthMiddlewareDefinition("tokens", null, ConfigValue.FromEnvironment("HG_TEST_JWT_SECRET", "middleware.tokens.options.hs256_secret (pipelines/api.toml)"), null, null, 60));
        HarmonyGatewayOptions options = GatewayOptions.For();
        options.Environment = name => name == "HG_TEST_JWT_SECRET" ? "short-secret" : null;

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => HarmonyGateway.Build(definition, options));

        Assert.Contains("middleware.tokens.options.hs256_secret", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("short-secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_public_key_file_that_cannot_be_read_stops_start_up_naming_the_key()
    {
        GatewayDefinition definition = Definition(1, "http://127.0.0.1:9/base",
            new JwtAuthMiddlewareDefinition("tokens", ConfigValue.FromLiteral("/nonexistent/jwt_public.pem", "middleware.tokens.options.public_key_path (pipelines/api.toml)"), null, Issuer, Audience, 60));

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => HarmonyGateway.Build(definition, GatewayOptions.For()));

        Assert.Contains("middleware.tokens.options.public_key_path", error.Message, StringComparison.Ordinal);
    }

    private static JwtAuthMiddlewareDefinition Rs256Gate(int leewaySeconds = 60, string? audience = Audience) =>
        new("tokens", ConfigValue.FromLiteral(Rs256.PublicKeyPath!, "middleware.tokens.options.public_key_path (pipelines/api.toml)"), null, Issuer, audience, leewaySeconds);

    private static GatewayDefinition Definition(int port, string backend, JwtAuthMiddlewareDefinition gate) => GuardedGateway.Definition(port, backend, gate);

    private static class Guarded
    {
        public static Task<GuardedGateway> StartAsync(JwtAuthMiddlewareDefinition gate, MeshKeys? keys = null, TimeProvider? clock = null) =>
            GuardedGateway.StartAsync(gate, keys is null ? GatewayOptions.For(clock) : GatewayOptions.For(clock, keys));
    }
}
