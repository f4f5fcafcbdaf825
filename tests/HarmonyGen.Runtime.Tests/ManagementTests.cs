using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using HarmonyGen.Runtime.Tests.Infrastructure;
using HarmonyGen.Definitions;
using Xunit;

namespace HarmonyGen.Runtime.Tests;

/// <summary>
/// The <c>[management]</c> API: served under its base path on the management network only, read-only, JSON, with no
/// secret, key bytes or key file contents in any answer.
/// </summary>
public sealed class ManagementTests
{
    private const string BackendPassword = "hunter2-backend-password";

    [Theory]
    [InlineData(MeshAlgorithm.HS256)]
    [InlineData(MeshAlgorithm.RS256)]
    public async Task Every_endpoint_answers_json_of_its_shape_and_no_secret(MeshAlgorithm algorithm)
    {
        MeshKeys keys = MeshKeys.Create(algorithm);
        await using ManagedGateway g = await ManagedGateway.StartAsync(keys);

        Answer live = await g.Client.FetchAsync(g.Admin("/health/live"));
        Answer ready = await g.Client.FetchAsync(g.Admin("/health/ready"));
        Answer routes = await g.Client.FetchAsync(g.Admin("/routes"));
        Answer pipelines = await g.Client.FetchAsync(g.Admin("/pipelines/"));
        Answer meshes = await g.Client.FetchAsync(g.Admin("/meshes"));

        Assert.Equal("live", Json(live).GetProperty("status").GetString());
        JsonElement readiness = Json(ready);
        Assert.Equal("ready", readiness.GetProperty("status").GetString());
        Assert.Equal(
            new[] { "listeners", "mesh_keys", "provider_caches", "draining" },
            readiness.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.All(readiness.GetProperty("checks").EnumerateArray(), c => Assert.True(c.GetProperty("ok").GetBoolean()));

        JsonElement route = Assert.Single(Json(routes).GetProperty("ingress_routes").EnumerateArray());
        Assert.Equal(("/api", "api_in", "records", "default"), (route.GetProperty("path_prefix").GetString(), route.GetProperty("ingress").GetString(), route.GetProperty("pipeline").GetString(), route.GetProperty("mode").GetString()));
        Assert.Equal(g.TrafficPort, route.GetProperty("port").GetInt32());

        JsonElement pipeline = Assert.Single(Json(pipelines).GetProperty("pipelines").EnumerateArray());
        Assert.Equal("records", pipeline.GetProperty("name").GetString());
        Assert.Equal(3, pipeline.GetProperty("max_concurrent_requests").GetInt32());
        Assert.Equal(new[] { "records_service", "partner" }, pipeline.GetProperty("backends").EnumerateArray().Select(b => b.GetProperty("name").GetString()));
        Assert.Equal("http://127.0.0.1:9/partner", pipeline.GetProperty("backends")[1].GetProperty("base_url").GetString());

        JsonElement mesh = Assert.Single(Json(meshes).GetProperty("meshes").EnumerateArray());
        Assert.Equal(("care", algorithm.ToString()), (mesh.GetProperty("name").GetString(), mesh.GetProperty("algorithm").GetString()));
        JsonElement sources = mesh.GetProperty("key_sources");
        if (algorithm == MeshAlgorithm.HS256)
        {
            Assert.Equal("${" + keys.SecretVariable + "}", sources.GetProperty("shared_secret").GetString());
        }
        else
        {
            Assert.Equal(keys.PublicKeyPath, sources.GetProperty("public_key_path").GetString());
        }

        string[] secrets =
        {
            keys.Secret ?? "(no secret)",
            BackendPassword,
            keys.PrivateKeyPath is { } privatePath ? PemBody(File.ReadAllText(privatePath)) : "(no private key)",
            keys.PublicKeyPem is { } publicPem ? PemBody(publicPem) : "(no public key)",
        };
        foreach (Answer answer in new[] { live, ready, routes, pipelines, meshes })
        {
            Assert.Equal("application/json", answer.MediaType);
            foreach (string secret in secrets)
            {
                Assert.DoesNotContain(secret, answer.Text, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Graph_serves_the_generated_mermaid_text()
    {
        await using ManagedGateway g = await ManagedGateway.StartAsync(MeshKeys.Hs256());

        Answer graph = await g.Client.FetchAsync(g.Admin("/graph"));
        Answer onTraffic = await g.Client.FetchAsync($"http://127.0.0.1:{g.TrafficPort}/admin/graph");

        Assert.Equal(HttpStatusCode.OK, graph.Status);
        Assert.Equal("text/vnd.mermaid", graph.MediaType);
        Assert.Equal(ManagedGateway.Graph, graph.Text);
        Assert.NotEqual(ManagedGateway.Graph, onTraffic.Text); // on the traffic network the path is ordinary traffic
    }

    [Fact]
    public async Task Head_is_answered_without_a_body_and_other_methods_get_405()
    {
        await using ManagedGateway g = await ManagedGateway.StartAsync(MeshKeys.Hs256());

        Answer head = await g.Client.CallAsync(new HttpRequestMessage(HttpMethod.Head, g.Admin("/health/live")));
        Answer post = await g.Client.CallAsync(new HttpRequestMessage(HttpMethod.Post, g.Admin("/routes")) { Content = new StringContent("{}") });
        Answer delete = await g.Client.CallAsync(new HttpRequestMessage(HttpMethod.Delete, g.Admin("/pipelines")));

        Assert.Equal(HttpStatusCode.OK, head.Status);
        Assert.Empty(head.Body);
        post.AssertProblem(HttpStatusCode.MethodNotAllowed);
        delete.AssertProblem(HttpStatusCode.MethodNotAllowed);
        Assert.Equal("GET, HEAD", string.Join(", ", post.Response.Content.Headers.Allow));
    }

    [Theory]
    [InlineData("/admin/nothing")]
    [InlineData("/admin")]
    [InlineData("/admin/health")]
    public async Task Unknown_management_path_is_a_404_problem(string path)
    {
        await using ManagedGateway g = await ManagedGateway.StartAsync(MeshKeys.Hs256());

        Answer answer = await g.Client.FetchAsync($"http://127.0.0.1:{g.AdminPort}{path}");

        answer.AssertProblem(HttpStatusCode.NotFound);
        Assert.Empty(g.Backend.Requests);
    }

    [Fact]
    public async Task Management_paths_on_the_traffic_network_are_ordinary_traffic()
    {
        await using ManagedGateway g = await ManagedGateway.StartAsync(MeshKeys.Hs256());

        // The traffic network has a "/" endpoint route, so /admin/routes there is a request for the backend.
        Answer answer = await g.Client.FetchAsync($"http://127.0.0.1:{g.TrafficPort}/admin/routes");

        answer.AssertOk();
        Assert.Equal("/base/admin/routes", Assert.Single(g.Backend.Requests).Path);
    }

    [Fact]
    public async Task Traffic_is_not_served_on_the_management_network()
    {
        await using ManagedGateway g = await ManagedGateway.StartAsync(MeshKeys.Hs256());

        Answer answer = await g.Client.FetchAsync($"http://127.0.0.1:{g.AdminPort}/patients/1");

        answer.AssertProblem(HttpStatusCode.NotFound);
        Assert.Empty(g.Backend.Requests);
    }

    [Fact]
    public async Task Ready_is_503_while_draining()
    {
        await using ManagedGateway g = await ManagedGateway.StartAsync(MeshKeys.Hs256());

        g.Gateway.Runtime.Readiness.Draining();
        Answer ready = await g.Client.FetchAsync(g.Admin("/health/ready"));
        Answer live = await g.Client.FetchAsync(g.Admin("/health/live"));

        JsonElement problem = ready.AssertProblem(HttpStatusCode.ServiceUnavailable);
        Assert.Contains("draining", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(problem.GetProperty("checks").GetProperty("draining").GetProperty("ok").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, live.Status);
    }

    [Fact]
    public async Task Stopping_marks_the_gateway_draining_while_the_request_in_flight_finishes()
    {
        await using ManagedGateway g = await ManagedGateway.StartAsync(MeshKeys.Hs256());
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        g.Backend.Hold = hold;

        Task<Answer> inFlight = g.Client.FetchAsync($"http://127.0.0.1:{g.TrafficPort}/records/1");
        await Eventually.TrueAsync(() => g.Backend.Requests.Count == 1);
        bool drainingBefore = g.Gateway.Runtime.Readiness.IsDraining;
        Task stopping = g.Gateway.App.StopAsync();
        await Eventually.TrueAsync(() => g.Gateway.Runtime.Readiness.IsDraining);
        bool finishedWhileHeld = inFlight.IsCompleted;
        hold.SetResult();
        Answer answer = await inFlight;
        await stopping.WaitAsync(Http.CallTimeout);

        Assert.False(drainingBefore);
        Assert.False(finishedWhileHeld, "the request in flight ended before its backend answered");
        answer.AssertOk();
    }

    [Fact]
    public async Task Ready_turns_from_503_to_200_when_the_provider_becomes_reachable()
    {
        StandInProvider provider = null!;
        int adminPort = 0;
        await using GatewayScenario gateway = await GatewayScenario.StartAsync(
            async (servers, port) =>
            {
                provider = servers.Add(await StandInProvider.StartAsync());
                provider.Down = true;
                using var admin = new PortReservation();
                adminPort = admin.Port;
                GatewayDefinition definition = new GatewayBuilder("hospital")
                    .Network("edge", port)
                    .Network("admin", adminPort)
                    .Management("admin")
                    .Pipeline("records", "edge", new[] { "api" }, new[] { "records_service" })
                    .Endpoint("api")
                    .Backend("records_service", "http://127.0.0.1:9/base")
                    .Ingress("b_in", "records", $"http://127.0.0.1:{port}/in", MeshMode.Mesh)
                    .Provider("runbeam", provider.Api)
                    .Mesh(ProviderMeshScenario.Define("care", "mesh-123", ingresses: new[] { "b_in" }))
                    .Build();
                admin.Release();
                return definition;
            },
            ProviderMeshScenario.ProviderOptions(TimeProvider.System, TimeSpan.FromSeconds(2), new()));
        string ready = $"http://127.0.0.1:{adminPort}/admin/health/ready";

        Answer cold = await gateway.Client.FetchAsync(ready);
        provider.Down = false;
        Answer warm = cold;
        for (int attempt = 0; attempt < 100 && warm.Status != HttpStatusCode.OK; attempt++)
        {
            await Task.Delay(200); // the key store asks again at most once per FailureBackoff (2 s)
            warm = await gateway.Client.FetchAsync(ready);
        }

        JsonElement problem = cold.AssertProblem(HttpStatusCode.ServiceUnavailable);
        Assert.False(problem.GetProperty("checks").GetProperty("provider_caches").GetProperty("ok").GetBoolean());
        Assert.Equal("5", string.Join(",", cold.Response.Headers.RetryAfter?.ToString()));
        Assert.True(warm.Status == HttpStatusCode.OK, $"ready never turned 200: {warm}");
        Assert.True(provider.JwksCalls >= 1);
    }

    private static JsonElement Json(Answer answer)
    {
        Assert.True(answer.Status == HttpStatusCode.OK, $"expected 200, got {answer}");
        using JsonDocument document = JsonDocument.Parse(answer.Body);
        return document.RootElement.Clone();
    }

    /// <summary>The base64 body of a PEM, the part that would give a key away.</summary>
    private static string PemBody(string pem) =>
        string.Concat(pem.Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal)).Select(l => l.Trim())).Substring(0, 40);

    /// <summary>A gateway with a traffic network ("edge") and a management network ("admin"), and a recording backend.</summary>
    /// <summary>During a key rotation the meshes view names where the previous key comes from, and never shows it.</summary>
    [Theory]
    [InlineData(MeshAlgorithm.HS256)]
    [InlineData(MeshAlgorithm.RS256)]
    public async Task Meshes_view_lists_the_previous_keys_source_but_not_the_key(MeshAlgorithm algorithm)
    {
        MeshKeys keys = MeshKeys.Create(algorithm);
        MeshKeys previous = MeshKeys.Other(algorithm);
        await using ManagedGateway g = await ManagedGateway.StartAsync(keys, previous);

        Answer meshes = await g.Client.FetchAsync(g.Admin("/meshes"));

        JsonElement sources = Assert.Single(Json(meshes).GetProperty("meshes").EnumerateArray()).GetProperty("key_sources");
        if (algorithm == MeshAlgorithm.HS256)
        {
            Assert.Equal("${" + previous.SecretVariable + "}", sources.GetProperty("previous_secret").GetString());
            Assert.False(sources.TryGetProperty("previous_public_key_path", out _));
            Assert.DoesNotContain(previous.Secret!, meshes.Text, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(previous.PublicKeyPath, sources.GetProperty("previous_public_key_path").GetString());
            Assert.False(sources.TryGetProperty("previous_secret", out _));
            Assert.DoesNotContain(PemBody(previous.PublicKeyPem!), meshes.Text, StringComparison.Ordinal);
        }
    }

    private sealed class ManagedGateway : IAsyncDisposable
    {
        private GatewayScenario _scenario = null!;

        public RecordingBackend Backend { get; private set; } = null!;

        public int AdminPort { get; private set; }

        public int TrafficPort => _scenario.Port;

        public HttpClient Client => _scenario.Client;

        public RunningGateway Gateway => _scenario.Gateway;

        public string Admin(string path) => $"http://127.0.0.1:{AdminPort}/admin{path}";

        /// <summary>What a generator would have emitted as this gateway's graph (the runtime serves whatever it is given).</summary>
        public const string Graph = "flowchart LR\n  ingress_api_in[\"api_in\"] --> pipeline_records[\"records\"]";

        public static async Task<ManagedGateway> StartAsync(MeshKeys keys, MeshKeys? previous = null)
        {
            var g = new ManagedGateway();
            g._scenario = await GatewayScenario.StartAsync(
                async (servers, port) =>
                {
                    g.Backend = await servers.StartBackendAsync();
                    using var admin = new PortReservation();
                    g.AdminPort = admin.Port;
                    GatewayDefinition definition = new GatewayBuilder("hospital")
                        .Network("edge", port)
                        .Network("admin", g.AdminPort)
                        .Management("admin")
                        .Pipeline("records", "edge", new[] { "api", "root" }, new[] { "records_service", "partner" }, maxConcurrentRequests: 3)
                        .Endpoint("api")
                        .Endpoint("root", "/")
                        .Backend("records_service", g.Backend.Url("/base"))
                        .Backend("partner", $"http://svc:{BackendPassword}@127.0.0.1:9/partner")
                        .Ingress("api_in", "records", $"http://127.0.0.1:{port}/api")
                        .Mesh(previous is null ? keys.Verifier("care", ingresses: new[] { "api_in" }) : previous.AsPreviousOf(keys.Verifier("care", ingresses: new[] { "api_in" })))
                        .Build() with { MeshGraph = Graph };
                    admin.Release();
                    return definition;
                },
                previous is null ? GatewayOptions.For(null, keys) : GatewayOptions.For(null, keys, previous));
            return g;
        }

        public ValueTask DisposeAsync() => _scenario.DisposeAsync();
    }
}
