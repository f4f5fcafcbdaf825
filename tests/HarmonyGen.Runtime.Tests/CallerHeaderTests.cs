using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using HarmonyGen.Definitions;
using HarmonyGen.Hosting;
using HarmonyGen.Runtime.Tests.Infrastructure;
using Xunit;

namespace HarmonyGen.Runtime.Tests;

/// <summary>
/// The caller headers: after a valid mesh token the backend learns the token's <c>sub</c> and mesh (by default
/// <c>X-Harmony-Mesh-Caller</c> and <c>X-Harmony-Mesh</c>; a mesh may name its own), and whatever a client sends
/// under any of those names never reaches a backend, on every route, in every mode.
/// </summary>
public sealed class CallerHeaderTests
{
    private static readonly string[] CallerHeaderNames = { "X-Harmony-Mesh-Caller", "X-Harmony-Mesh", "X-Partner-Id", "X-Partner-Mesh" };

    public static TheoryData<string, string?> WithoutMeshContext => new()
    {
        { "/plain/Patient/1", null },         // a path route into a pipeline no mesh guards
        { "/open/Patient/1", null },          // a default-mode ingress, no token
        { "/open/Patient/1", "Bearer not-a-mesh-token" }, // a default-mode ingress, a token that is not the mesh's
    };

    [Theory]
    [MemberData(nameof(WithoutMeshContext))]
    public async Task A_request_without_mesh_context_carries_no_caller_headers_whatever_the_client_sent(string path, string? authorization)
    {
        await using Gateway gateway = await Gateway.StartAsync();

        (await gateway.Client.CallAsync(Spoofed(gateway.Scenario.Url(path), authorization))).AssertOk();

        RecordedRequest received = Assert.Single(gateway.Backend.Requests);
        foreach (string name in CallerHeaderNames)
        {
            Assert.False(received.Headers.ContainsKey(name), $"{name}: {(received.Headers.TryGetValue(name, out string? v) ? v : null)} reached the backend");
        }

        Assert.Equal(authorization, received.Headers.TryGetValue("Authorization", out string? passed) ? passed : null); // not a mesh token: untouched
    }

    [Theory]
    [InlineData("/open/Patient/1")]     // default mode
    [InlineData("/guarded/Patient/1")]  // mesh mode
    public async Task After_a_valid_token_the_backend_gets_the_caller_and_the_mesh_and_nothing_the_client_sent(string path)
    {
        await using Gateway gateway = await Gateway.StartAsync();

        (await gateway.Client.CallAsync(Spoofed(gateway.Scenario.Url(path), "Bearer " + gateway.CareToken()))).AssertOk();

        RecordedRequest received = Assert.Single(gateway.Backend.Requests);
        Assert.Equal("upstream", received.Headers["X-Harmony-Mesh-Caller"]); // one value: the spoofed one is gone
        Assert.Equal("care", received.Headers["X-Harmony-Mesh"]);
        Assert.False(received.Headers.ContainsKey("X-Partner-Id"));
        Assert.False(received.Headers.ContainsKey("X-Partner-Mesh"));
        Assert.False(received.Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task A_mesh_with_its_own_header_names_uses_them_and_the_default_names_are_still_removed()
    {
        await using Gateway gateway = await Gateway.StartAsync();

        (await gateway.Client.CallAsync(Spoofed(gateway.Scenario.Url("/partner/Patient/1"), "Bearer " + gateway.PartnerToken()))).AssertOk();

        RecordedRequest received = Assert.Single(gateway.Backend.Requests);
        Assert.Equal("lab", received.Headers["X-Partner-Id"]);
        Assert.Equal("partners", received.Headers["X-Partner-Mesh"]);
        Assert.False(received.Headers.ContainsKey("X-Harmony-Mesh-Caller"));
        Assert.False(received.Headers.ContainsKey("X-Harmony-Mesh"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_echo_service_shows_the_validated_caller_and_never_the_client_copies(bool withToken)
    {
        await using Gateway gateway = await Gateway.StartAsync();

        Answer answer = await gateway.Client.CallAsync(Spoofed(gateway.Scenario.Url("/echo/x"), withToken ? "Bearer " + gateway.CareToken() : null));

        Assert.Equal(System.Net.HttpStatusCode.OK, answer.Status);
        using JsonDocument echo = JsonDocument.Parse(answer.Body);
        var headers = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (JsonProperty header in echo.RootElement.GetProperty("headers").EnumerateObject())
        {
            headers[header.Name] = header.Value.GetString();
        }

        Assert.Equal(withToken ? "upstream" : null, headers.GetValueOrDefault("X-Harmony-Mesh-Caller"));
        Assert.Equal(withToken ? "care" : null, headers.GetValueOrDefault("X-Harmony-Mesh"));
        Assert.False(headers.ContainsKey("X-Partner-Id"));
        Assert.DoesNotContain("evil", answer.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MeshAlgorithm.HS256)]
    [InlineData(MeshAlgorithm.RS256)]
    public async Task Across_an_egress_hop_the_backend_gets_the_signing_member_not_the_client_copies(MeshAlgorithm algorithm)
    {
        // Client → clinic (egress) → hospital (mesh-mode ingress) → backend.
        await using MeshScenario mesh = await MeshScenario.StartAsync(new MeshSetup { Algorithm = algorithm });

        (await mesh.Client.CallAsync(Spoofed(mesh.AUrl("/Patient/1"), null))).AssertOk();

        RecordedRequest received = Assert.Single(mesh.Backend.Requests);
        Assert.Equal("clinic", received.Headers["X-Harmony-Mesh-Caller"]);
        Assert.Equal(MeshScenario.Mesh, received.Headers["X-Harmony-Mesh"]);
    }

    private static HttpRequestMessage Spoofed(string url, string? authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("X-Harmony-Mesh-Caller", "evil-caller");
        request.Headers.TryAddWithoutValidation("x-harmony-mesh", "evil-mesh"); // names are case-insensitive
        request.Headers.TryAddWithoutValidation("X-PARTNER-ID", "evil-partner");
        request.Headers.TryAddWithoutValidation("X-Partner-Mesh", "evil-partner-mesh");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return request;
    }

    /// <summary>
    /// One gateway: <c>/plain</c> (a path route, no mesh), <c>/open</c> (a default-mode ingress of mesh "care"),
    /// <c>/guarded</c> (mesh mode, "care"), <c>/partner</c> (mesh mode, mesh "partners" with its own header names) and
    /// <c>/echo</c> (the echo service behind a default-mode ingress of "care").
    /// </summary>
    private sealed class Gateway : IAsyncDisposable
    {
        private readonly MeshKeys _care;
        private readonly MeshKeys _partners;

        private Gateway(GatewayScenario scenario, RecordingBackend backend, MeshKeys care, MeshKeys partners)
        {
            Scenario = scenario;
            Backend = backend;
            _care = care;
            _partners = partners;
        }

        public GatewayScenario Scenario { get; }

        public RecordingBackend Backend { get; }

        public HttpClient Client => Scenario.Client;

        public static async Task<Gateway> StartAsync()
        {
            MeshKeys care = MeshKeys.Hs256();
            MeshKeys partners = MeshKeys.Hs256();
            RecordingBackend? backend = null;
            GatewayScenario scenario = await GatewayScenario.StartAsync(
                async (servers, port) =>
                {
                    backend = await servers.StartBackendAsync();
                    string origin = $"http://127.0.0.1:{port}";
                    return new GatewayBuilder("hospital")
                        .Network("edge", port)
                        .Pipeline("plain", "edge", new[] { "plain_api" }, new[] { "records" })
                        .Endpoint("plain_api", "/plain")
                        .Pipeline("open", "edge", new[] { "open_api" }, new[] { "records" })
                        .Endpoint("open_api")
                        .Ingress("open_in", "open", origin + "/open")
                        .Pipeline("guarded", "edge", new[] { "guarded_api" }, new[] { "records" })
                        .Endpoint("guarded_api")
                        .Ingress("guarded_in", "guarded", origin + "/guarded", MeshMode.Mesh)
                        .Pipeline("partner", "edge", new[] { "partner_api" }, new[] { "records" })
                        .Endpoint("partner_api")
                        .Ingress("partner_in", "partner", origin + "/partner", MeshMode.Mesh)
                        .Pipeline("echo", "edge", new[] { "echo_api" }, new[] { "echo" })
                        .Endpoint("echo_api")
                        .Ingress("echo_in", "echo", origin + "/echo")
                        .Backend("records", backend.Url("/records"))
                        .Backend("echo", null, service: BackendService.Echo)
                        .Mesh(care.Verifier("care", ingresses: new[] { "open_in", "guarded_in", "echo_in" }))
                        .Mesh(partners.Verifier("partners", ingresses: new[] { "partner_in" }) with { CallerHeader = "X-Partner-Id", CallerMeshHeader = "X-Partner-Mesh" })
                        .Build();
                },
                GatewayOptions.For(null, care, partners));
            return new Gateway(scenario, backend!, care, partners);
        }

        public string CareToken() =>
            MeshTokens.Issue(new GatewayBuilder("upstream").Mesh(_care.Signer("care")).Build(), "care", Scenario.Origin, GatewayOptions.For(null, _care));

        public string PartnerToken() =>
            MeshTokens.Issue(new GatewayBuilder("lab").Mesh(_partners.Signer("partners")).Build(), "partners", Scenario.Origin, GatewayOptions.For(null, _partners));

        public ValueTask DisposeAsync() => Scenario.DisposeAsync();
    }
}
