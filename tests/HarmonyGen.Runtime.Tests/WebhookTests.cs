using System;
using System.Collections.Immutable;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using HarmonyGen.Definitions;
using HarmonyGen.Runtime.Tests.Infrastructure;
using Xunit;

namespace HarmonyGen.Runtime.Tests;

/// <summary>
/// <c>webhook</c> as Harmony posts it: a JSON copy of each request (and response, with <c>apply = "both"</c>) to a real
/// loopback endpoint, fire and forget. The request never waits for the webhook nor fails with it, and no credential
/// reaches the webhook's endpoint.
/// </summary>
public sealed class WebhookTests
{
    [Fact]
    public async Task Each_request_and_response_is_posted_with_harmonys_payload_and_credentials_redacted()
    {
        await using Hooked g = await Hooked.StartAsync(request: true, response: true, redactHeaders: ["X-Patient"]);

        var request = new HttpRequestMessage(HttpMethod.Post, g.Url("/api/records/7?fields=name&access_token=abc123"))
        {
            Content = new StringContent("{\"id\":7}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.secret.sig");
        request.Headers.Add("X-Patient", "Jane Doe");
        request.Headers.Add("X-Trace-Me", "yes");
        request.Headers.Add("Cookie", "session=s3cr3t");
        (await g.Client.CallAsync(request)).AssertOk();

        // The backend got the request whole, credentials included: the webhook changes nothing that passes.
        RecordedRequest forwarded = Assert.Single(g.Backend.Requests);
        Assert.Equal("Bearer eyJhbGciOiJIUzI1NiJ9.secret.sig", forwarded.Headers["Authorization"]);
        Assert.Equal("{\"id\":7}", Encoding.UTF8.GetString(forwarded.Body));

        RecordedRequest[] posts = await g.Hook.WaitForAsync(2);
        Assert.All(posts, p => Assert.Equal("POST", p.Method));
        Assert.All(posts, p => Assert.Equal("/hook", p.Path));
        Assert.All(posts, p => Assert.StartsWith("application/json", p.Headers["Content-Type"], StringComparison.Ordinal));
        JsonElement left = Json(posts.Single(p => Json(p).GetProperty("side").GetString() == "left"));
        JsonElement right = Json(posts.Single(p => Json(p).GetProperty("side").GetString() == "right"));

        Assert.Equal("webhook", left.GetProperty("middleware").GetString());
        Assert.Equal("notify", left.GetProperty("name").GetString());
        JsonElement details = left.GetProperty("request");
        Assert.Equal("POST", details.GetProperty("method").GetString());
        Assert.Equal("/api/records/7?fields=name&access_token=<redacted>", details.GetProperty("uri").GetString());
        JsonElement headers = details.GetProperty("headers");
        Assert.Equal("<redacted>", headers.GetProperty("authorization").GetString());
        Assert.Equal("<redacted>", headers.GetProperty("x-patient").GetString());
        Assert.Equal("<redacted>", headers.GetProperty("cookie").GetString());
        Assert.Equal("yes", headers.GetProperty("x-trace-me").GetString());
        Assert.Equal("<redacted>", details.GetProperty("cookies").GetProperty("session").GetString());
        Assert.Equal("name", details.GetProperty("query_params").GetProperty("fields")[0].GetString());
        Assert.Equal("<redacted>", details.GetProperty("query_params").GetProperty("access_token")[0].GetString());
        Assert.Equal("127.0.0.1", details.GetProperty("metadata").GetProperty("remote_addr").GetString());
        Assert.Equal("/api/records/7?fields=name&access_token=<redacted>", details.GetProperty("metadata").GetProperty("full_path").GetString());
        Assert.Equal(JsonValueKind.Null, left.GetProperty("extra").ValueKind);
        Assert.Equal(200, right.GetProperty("response").GetProperty("status").GetInt32());

        // No part of a credential reached the webhook.
        Assert.All(posts, p => Assert.DoesNotContain("eyJhbGciOiJIUzI1NiJ9", Encoding.UTF8.GetString(p.Body), StringComparison.Ordinal));
        Assert.All(posts, p => Assert.DoesNotContain("s3cr3t", Encoding.UTF8.GetString(p.Body), StringComparison.Ordinal));
        Assert.All(posts, p => Assert.DoesNotContain("abc123", Encoding.UTF8.GetString(p.Body), StringComparison.Ordinal));
        Assert.All(posts, p => Assert.DoesNotContain("Jane Doe", Encoding.UTF8.GetString(p.Body), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_webhook_that_does_not_answer_never_delays_the_request()
    {
        await using Hooked g = await Hooked.StartAsync(request: true, response: false);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        g.Hook.Hold = release;

        // The webhook endpoint holds every post until released; the requests are answered all the same.
        for (int i = 0; i < 3; i++)
        {
            (await g.Client.FetchAsync(g.Url("/api/records/" + i))).AssertOk();
        }

        Assert.Equal(3, g.Backend.Requests.Count);
        release.SetResult();
        RecordedRequest[] posts = await g.Hook.WaitForAsync(3);
        Assert.Equal(new[] { "/api/records/0", "/api/records/1", "/api/records/2" }, posts.Select(p => Json(p).GetProperty("request").GetProperty("uri").GetString()));
    }

    [Fact]
    public async Task A_webhook_endpoint_that_refuses_connections_never_fails_the_request()
    {
        await using Hooked g = await Hooked.StartAsync(request: true, response: true, endpoint: "http://127.0.0.1:1/hook");

        for (int i = 0; i < 3; i++)
        {
            (await g.Client.FetchAsync(g.Url("/api/records/" + i))).AssertOk();
        }

        Assert.Equal(3, g.Backend.Requests.Count);
    }

    [Fact]
    public async Task A_request_the_policies_refuse_is_not_posted()
    {
        // As in Harmony's chain: a middleware after the one that refuses does not run.
        await using Hooked g = await Hooked.StartAsync(request: true, response: false, refuseFirst: true);

        (await g.Client.FetchAsync(g.Url("/api/records/1"))).AssertProblem(HttpStatusCode.Forbidden);
        await Task.Delay(200);
        Assert.Empty(g.Hook.Requests);
        Assert.Empty(g.Backend.Requests);
    }

    private static JsonElement Json(RecordedRequest post) => JsonDocument.Parse(post.Body).RootElement;

    private sealed class Hooked : IAsyncDisposable
    {
        private GatewayScenario _scenario = null!;

        public RecordingBackend Backend { get; private set; } = null!;

        public RecordingBackend Hook { get; private set; } = null!;

        public HttpClient Client => _scenario.Client;

        public string Url(string pathAndQuery) => $"http://127.0.0.1:{_scenario.Port}{pathAndQuery}";

        public static async Task<Hooked> StartAsync(bool request, bool response, string[]? redactHeaders = null, string? endpoint = null, bool refuseFirst = false)
        {
            var g = new Hooked();
            g._scenario = await GatewayScenario.StartAsync(async (servers, port) =>
            {
                g.Backend = await servers.StartBackendAsync();
                g.Hook = await servers.StartBackendAsync();
                var hook = new WebhookMiddlewareDefinition("notify", endpoint ?? g.Hook.Url("/hook"), 5, (redactHeaders ?? []).ToImmutableArray(), ImmutableArray<string>.Empty, ImmutableArray<string>.Empty);
                GatewayBuilder builder = new GatewayBuilder("hospital")
                    .Network("edge", port)
                    .Pipeline("records", "edge", ["api"], ["records_service"]);
                if (refuseFirst)
                {
                    builder = builder.Policies("records", "guard", new PolicyDefinition("deny", "deny", true, [new PolicyRuleDefinition("none", "none", PolicyRuleType.DenyAll, 0, true, null)]));
                }

                return builder
                    .Stage("records", hook, request, response)
                    .Endpoint("api", "/api")
                    .Backend("records_service", g.Backend.Url("/base"))
                    .Build();
            });
            return g;
        }

        public ValueTask DisposeAsync() => _scenario.DisposeAsync();
    }
}
