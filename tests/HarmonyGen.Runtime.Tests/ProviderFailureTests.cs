using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using System.Threading.Tasks;
using HarmonyGen.Runtime.Tests.Infrastructure;
using HarmonyGen.Definitions;
using Xunit;

namespace HarmonyGen.Runtime.Tests;

/// <summary>
/// SPEC §4, Providers: a provider that is slow, down or answering garbage stops no traffic that cached answers can
/// serve; a request that needs an answer it cannot get fails with a 502/503 problem and never reaches the backend;
/// an answer that is not to be trusted is refused, whatever is wrong with it.
/// </summary>
public sealed class ProviderFailureTests
{
    private static string Bearer(string token) => "Bearer " + token;

    [Fact]
    public async Task With_warm_caches_traffic_keeps_flowing_while_the_provider_is_down()
    {
        await using ProviderMeshScenario mesh = await ProviderMeshScenario.StartAsync();
        (await mesh.Client.FetchAsync(mesh.AUrl("/Patient"))).AssertOk();

        mesh.Provider.Down = true;
        for (int i = 0; i < 10; i++)
        {
            (await mesh.Client.FetchAsync(mesh.AUrl("/Patient/" + i))).AssertOk();
        }

        // Into the renewal window: the renewal fails, and the token held still serves.
        mesh.Clock.Advance(TimeSpan.FromSeconds(250));
        (await mesh.Client.FetchAsync(mesh.AUrl("/Patient"))).AssertOk();
        await Eventually.TrueAsync(() => mesh.Provider.TokenCalls == 2);
        (await mesh.Client.FetchAsync(mesh.AUrl("/Patient"))).AssertOk();

        // A new token from another member still verifies: B holds the provider's keys.
        string other = mesh.Provider.Issue(ProviderMeshScenario.MeshId, mesh.BOrigin, "third-member");
        (await mesh.Client.FetchAsync(mesh.BUrl("/Patient"), Bearer(other))).AssertOk();
        Assert.Equal(14, mesh.Backend.Requests.Count);

        // Once the token held expires, the request that needs a new one fails closed.
        mesh.Clock.Advance(TimeSpan.FromSeconds(50));
        (await mesh.Client.FetchAsync(mesh.AUrl("/Patient"))).AssertProblem(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(14, mesh.Backend.Requests.Count);
    }

    [Fact]
    public async Task With_cold_caches_a_provider_that_is_down_fails_requests_with_503_and_reaches_no_backend()
    {
        await using ProviderMeshScenario mesh = await ProviderMeshScenario.StartAsync(new ProviderMeshSetup { BeforeStart = p => p.Down = true });

        // A cannot get a token: it does not send the request without one.
        (await mesh.Client.FetchAsync(mesh.AUrl("/Patient"))).AssertProblem(HttpStatusCode.ServiceUnavailable);

        // B cannot get the keys: a token it cannot check is neither accepted nor passed on, even on a default-mode ingress.
        string token = mesh.TokenForB();
        (await mesh.Client.FetchAsync(mesh.BUrl("/Patient"), Bearer(token))).AssertProblem(HttpStatusCode.ServiceUnavailable, token);
        Assert.Empty(mesh.Backend.Requests);

        // Within the back-off, requests fail at once without asking again.
        long calls = mesh.Provider.TokenCalls;
        (await mesh.Client.FetchAsync(mesh.AUrl("/Patient"))).AssertProblem(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(calls, mesh.Provider.TokenCalls);

        // The provider comes back: after the back-off, traffic flows.
        mesh.Provider.Down = false;
        mesh.Clock.Advance(TimeSpan.FromSeconds(3));
        (await mesh.Client.FetchAsync(mesh.AUrl("/Patient"))).AssertOk();
        (await mesh.Client.FetchAsync(mesh.BUrl("/Patient"), Bearer(token))).AssertOk();
    }

    [Fact]
    public async Task An_unverifiable_token_on_a_default_mode_ingress_is_not_passed_through()
    {
        await using ProviderMeshScenario mesh = await ProviderMeshScenario.StartAsync(new ProviderMeshSetup { IngressMode = MeshMode.Default, BeforeStart = p => p.Down = true });
        string token = mesh.TokenForB();
        (await mesh.Client.FetchAsync(mesh.BUrl("/Patient"), Bearer(token))).AssertProblem(HttpStatusCode.ServiceUnavailable, token);

        // Without a token, a default-mode ingress needs nothing from the provider.
        (await mesh.Client.FetchAsync(mesh.BUrl("/Patient"))).AssertOk();
        Assert.False(Assert.Single(mesh.Backend.Requests).Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task A_slow_provider_fails_the_request_within_the_timeout_and_later_requests_recover()
    {
        await using ProviderMeshScenario mesh = await ProviderMeshScenario.StartAsync(new ProviderMeshSetup { ProviderTimeout = TimeSpan.FromSeconds(1) });
        mesh.Provider.Delay = TimeSpan.FromSeconds(30);
        var stopwatch = Stopwatch.StartNew();
        (await mesh.Client.FetchAsync(mesh.AUrl("/Patient"))).AssertProblem(HttpStatusCode.ServiceUnavailable);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(8), $"the request took {stopwatch.Elapsed}");
        Assert.Empty(mesh.Backend.Requests);

        // The provider is fast again: once the back-off has passed, requests recover. (A loaded machine may need more
        // than the 1 s limit for one call, hence a few tries.)
        mesh.Provider.Delay = TimeSpan.Zero;
        Answer answer = null!;
        for (int attempt = 0; attempt < 3 && answer?.Status != HttpStatusCode.OK; attempt++)
        {
            mesh.Clock.Advance(TimeSpan.FromSeconds(3));
            answer = await mesh.Client.FetchAsync(mesh.AUrl("/Patient"));
        }

        answer.AssertOk();
    }

    public static TheoryData<TokenAnswer> GarbageTokenAnswers => new()
    {
        TokenAnswer.NotJson,
        TokenAnswer.JsonNull,
        TokenAnswer.MissingToken,
        TokenAnswer.MissingExpiry,
        TokenAnswer.ExpiryInThePast,
        TokenAnswer.ExpiryNotADate,
        TokenAnswer.NotAJwt,
        TokenAnswer.OtherMesh,
    };

    [Theory]
    [MemberData(nameof(GarbageTokenAnswers))]
    public async Task A_token_answer_that_is_not_to_be_trusted_is_refused_with_502(TokenAnswer answer)
    {
        await using ProviderMeshScenario mesh = await ProviderMeshScenario.StartAsync(new ProviderMeshSetup { BeforeStart = p => p.TokenAnswer = answer });
        (await mesh.Client.FetchAsync(mesh.AUrl("/Patient"))).AssertProblem(HttpStatusCode.BadGateway, ProviderMeshScenario.ClinicMachineToken);
        Assert.Empty(mesh.Backend.Requests);

        // Nothing of it was kept: once the provider answers properly, the next request gets a real token.
        mesh.Provider.TokenAnswer = TokenAnswer.Good;
        mesh.Clock.Advance(TimeSpan.FromSeconds(3));
        (await mesh.Client.FetchAsync(mesh.AUrl("/Patient"))).AssertOk();
    }

    [Fact]
    public async Task A_provider_that_refuses_the_machine_token_gives_503()
    {
        await using ProviderMeshScenario mesh = await ProviderMeshScenario.StartAsync(new ProviderMeshSetup { BeforeStart = p => p.TokenAnswer = TokenAnswer.Unauthorized });
        (await mesh.Client.FetchAsync(mesh.AUrl("/Patient"))).AssertProblem(HttpStatusCode.ServiceUnavailable, ProviderMeshScenario.ClinicMachineToken);
        Assert.Empty(mesh.Backend.Requests);
    }

    public static TheoryData<JwksAnswer> GarbageJwksAnswers => new()
    {
        JwksAnswer.NotJson,
        JwksAnswer.NoKeysMember,
        JwksAnswer.EmptyKeys,
        JwksAnswer.OnlyAnEcKey,
        JwksAnswer.RsaKeyWithoutKid,
        JwksAnswer.RsaKeyForEncryption,
        JwksAnswer.TooShortRsaKey,
    };

    [Theory]
    [MemberData(nameof(GarbageJwksAnswers))]
    public async Task A_jwks_without_usable_keys_is_refused_and_the_token_with_it(JwksAnswer answer)
    {
        await using ProviderMeshScenario mesh = await ProviderMeshScenario.StartAsync(new ProviderMeshSetup { BeforeStart = p => p.JwksAnswer = answer });
        string token = mesh.TokenForB();
        (await mesh.Client.FetchAsync(mesh.BUrl("/Patient"), Bearer(token))).AssertProblem(HttpStatusCode.BadGateway, token);
        Assert.Empty(mesh.Backend.Requests);

        mesh.Provider.JwksAnswer = JwksAnswer.Good;
        mesh.Clock.Advance(TimeSpan.FromSeconds(3));
        (await mesh.Client.FetchAsync(mesh.BUrl("/Patient"), Bearer(token))).AssertOk();
    }

    [Fact]
    public async Task A_garbage_jwks_after_a_good_one_keeps_the_good_keys()
    {
        await using ProviderMeshScenario mesh = await ProviderMeshScenario.StartAsync();
        mesh.Provider.JwksAnswer = JwksAnswer.OnlyAnEcKey;
        mesh.Clock.Advance(TimeSpan.FromMinutes(16)); // the keys are stale: refetched in the background, and the answer refused
        string token = mesh.TokenForB();
        (await mesh.Client.FetchAsync(mesh.BUrl("/Patient"), Bearer(token))).AssertOk();
        await Eventually.TrueAsync(() => mesh.Provider.JwksCalls == 2);
        (await mesh.Client.FetchAsync(mesh.BUrl("/Patient"), Bearer(mesh.TokenForB(c => c["sub"] = "another")))).AssertOk();
    }

    [Fact]
    public async Task A_gateway_that_needs_a_machine_token_and_has_none_does_not_start()
    {
        await using StandInProvider provider = await StandInProvider.StartAsync();
        GatewayDefinition definition = new GatewayBuilder("clinic")
            .Network("lan", 1)
            .Pipeline("outbound", "lan", new[] { "out_api" }, new[] { "partner" })
            .Endpoint("out_api", "/out")
            .Backend("partner", "http://127.0.0.1:9/in")
            .Egress("to_partner", "outbound")
            .Provider("runbeam", provider.Api)
            .Mesh(ProviderMeshScenario.Define("care", "mesh-123", egresses: new[] { "to_partner" }))
            .Build();
        var options = ProviderMeshScenario.ProviderOptions(TimeProvider.System, TimeSpan.FromSeconds(1), new Dictionary<string, string>());
        var error = Assert.Throws<InvalidOperationException>(() => HarmonyGen.Hosting.HarmonyGateway.Build(definition, options));
        Assert.Contains("HARMONY_PROVIDER_RUNBEAM_TOKEN", error.Message, StringComparison.Ordinal);
        Assert.Contains("RUNBEAM_MACHINE_TOKEN", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, provider.TokenCalls + provider.JwksCalls + provider.ResolveCalls);
    }

    [Theory]
    [InlineData("RUNBEAM_MACHINE_TOKEN", ProviderMeshScenario.ClinicMachineToken)]
    [InlineData("RUNBEAM_MACHINE_TOKEN", "{\"machine_token\":\"" + ProviderMeshScenario.ClinicMachineToken + "\",\"gateway_id\":\"gw-1\",\"abilities\":[]}")]
    [InlineData("HARMONY_PROVIDER_RUNBEAM_TOKEN", ProviderMeshScenario.ClinicMachineToken)]
    public async Task The_machine_token_may_come_from_harmonys_own_variable_in_either_form(string variable, string value)
    {
        await using ProviderMeshScenario mesh = await ProviderMeshScenario.StartAsync();
        var options = ProviderMeshScenario.ProviderOptions(mesh.Clock, TimeSpan.FromSeconds(10), new Dictionary<string, string> { [variable] = value });
        await using GatewayScenario gateway = await GatewayScenario.StartAsync(
            (_, port) => Task.FromResult(new GatewayBuilder("clinic-2")
                .Network("lan", port)
                .Pipeline("outbound", "lan", new[] { "out_api" }, new[] { "hospital_gateway" })
                .Endpoint("out_api", "/out")
                .Backend("hospital_gateway", mesh.BUrl())
                .Egress("to_hospital", "outbound")
                .Provider("runbeam", mesh.Provider.Api)
                .Mesh(ProviderMeshScenario.Define("care", ProviderMeshScenario.MeshId, egresses: new[] { "to_hospital" }))
                .Build()),
            options);
        (await gateway.Client.FetchAsync(gateway.Url("/out/Patient"))).AssertOk();
        Assert.Equal(Bearer(ProviderMeshScenario.ClinicMachineToken), mesh.Provider.TokenRequests[^1].Authorization);
    }

    [Fact]
    public async Task A_provider_mesh_whose_provider_is_not_configured_does_not_start()
    {
        GatewayDefinition definition = new GatewayBuilder("cloudy")
            .Network("lan", 1)
            .Pipeline("inbound", "lan", new[] { "records" }, new[] { "records_service" })
            .Endpoint("records")
            .Backend("records_service", "http://127.0.0.1:9/base")
            .Ingress("in", "inbound", "http://127.0.0.1:1/in", MeshMode.Mesh)
            .Mesh(ProviderMeshScenario.Define("cloud", "mesh-123", ingresses: new[] { "in" }))
            .Build();
        var error = Assert.Throws<InvalidOperationException>(() => HarmonyGen.Hosting.HarmonyGateway.Build(definition, GatewayOptions.For()));
        Assert.Contains("provider 'runbeam'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'cloud'", error.Message, StringComparison.Ordinal);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task A_configured_provider_that_no_mesh_uses_is_never_contacted()
    {
        await using StandInProvider provider = await StandInProvider.StartAsync();
        MeshKeys keys = MeshKeys.Create(MeshAlgorithm.HS256);
        RecordingBackend backend = null!;
        await using GatewayScenario gateway = await GatewayScenario.StartAsync(async (servers, port) =>
        {
            backend = await servers.StartBackendAsync();
            return new GatewayBuilder("local-only")
                .Network("lan", port)
                .Pipeline("p", "lan", new[] { "e" }, new[] { "b" })
                .Endpoint("e", "/out")
                .Backend("b", backend.Url("/in"))
                .Egress("x", "p")
                .Provider("runbeam", provider.Api, pollIntervalSeconds: 1)
                .Mesh(keys.Signer("care", egresses: new[] { "x" }))
                .Build();
        }, GatewayOptions.For(null, keys));
        (await gateway.Client.FetchAsync(gateway.Url("/out/Patient"))).AssertOk();
        Assert.Equal(0, provider.TokenCalls + provider.JwksCalls + provider.ResolveCalls);
    }
}
