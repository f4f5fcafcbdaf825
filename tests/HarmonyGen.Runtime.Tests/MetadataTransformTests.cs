using System;
using System.Collections.Immutable;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using HarmonyGen.Definitions;
using HarmonyGen.Middleware;
using HarmonyGen.Middleware.LogDump;
using HarmonyGen.Middleware.Metadata;
using HarmonyGen.Middleware.MetadataTransform;
using HarmonyGen.Runtime.Tests.Infrastructure;
using HarmonyGen.Transforms;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace HarmonyGen.Runtime.Tests;

/// <summary>
/// <c>metadata_transform</c> as Harmony runs it with <c>transform_target = "metadata"</c>: the spec over the request's
/// metadata (left) or the response's (right), its string outputs written back, seen by a real loopback webhook
/// receiver and in log_dump's entries; <c>fail_on_error</c> both ways. The specs here are written by hand as
/// <see cref="IJsonTransform"/>s (the generator's compiled specs are tested on their own); what is under test is what
/// the stage does with their output.
/// </summary>
public sealed class MetadataTransformTests
{
    /// <summary>A JOLT <c>default</c>: each entry written where the input has none, as a compiled default spec does.</summary>
    private sealed class Defaults(params (string Key, JsonNode? Value)[] entries) : IJsonTransform
    {
        public JsonNode? Apply(JsonNode? input)
        {
            var metadata = (JsonObject)input!;
            foreach ((string key, JsonNode? value) in entries)
            {
                if (!metadata.ContainsKey(key))
                {
                    metadata[key] = value?.DeepClone();
                }
            }

            return metadata;
        }
    }

    /// <summary>A JOLT <c>shift</c> of <c>path</c> to <c>route</c>: a new object of one key, which reads the starting metadata.</summary>
    private sealed class RouteOfPath : IJsonTransform
    {
        public JsonNode? Apply(JsonNode? input) => new JsonObject { ["route"] = input!["path"]!.DeepClone(), ["webhook.notify"] = "not json" };
    }

    private sealed class Failing : IJsonTransform
    {
        public JsonNode? Apply(JsonNode? input) => throw new JoltTransformException("@(1,missing) reads a key the input lacks");
    }

    private static readonly (string, JsonNode?)[] s_example =
    [
        ("webhook.notify", "{\"source\":\"examples\",\"id\":\"abc-123\"}"),
        ("secret", "supersecret"),
        ("tier", "gold"),
        ("count", 123),
        ("flags", new JsonArray("a")),
    ];

    [Fact]
    public async Task Request_metadata_written_on_the_left_reaches_the_webhook_on_both_sides()
    {
        await using Scenario g = await Scenario.StartAsync(new MetadataTransformMiddlewareDefinition("tag", new Defaults(s_example), FailOnError: true), left: true);

        (await g.Client.FetchAsync(g.Url("/api/records/7?fields=name"))).AssertOk();

        RecordedRequest[] posts = await g.Hook.WaitForAsync(2);
        foreach (JsonElement post in posts.Select(Json))
        {
            JsonElement metadata = post.GetProperty("request").GetProperty("metadata");
            // Harmony's starting entries for an HTTP request, and the client.
            Assert.Equal("http", metadata.GetProperty("protocol").GetString());
            Assert.Equal("/records/7", metadata.GetProperty("path").GetString());
            Assert.Equal("/api/records/7?fields=name", metadata.GetProperty("full_path").GetString());
            Assert.Equal("127.0.0.1", metadata.GetProperty("remote_addr").GetString());
            // The spec's strings are written back; its number and array are not.
            Assert.Equal("{\"source\":\"examples\",\"id\":\"abc-123\"}", metadata.GetProperty("webhook.notify").GetString());
            Assert.False(metadata.TryGetProperty("count", out _));
            Assert.False(metadata.TryGetProperty("flags", out _));
            // redact_metadata (ignoring case), and a secret-looking name whatever it says.
            Assert.Equal("<redacted>", metadata.GetProperty("tier").GetString());
            Assert.Equal("<redacted>", metadata.GetProperty("secret").GetString());
            // Its webhook.<name> entry, read as JSON.
            Assert.Equal("examples", post.GetProperty("extra").GetProperty("source").GetString());
            Assert.Equal("abc-123", post.GetProperty("extra").GetProperty("id").GetString());
        }

        Assert.Equal(new[] { "left", "right" }, posts.Select(p => Json(p).GetProperty("side").GetString()).Order());
        Assert.All(posts, p => Assert.DoesNotContain("supersecret", Encoding.UTF8.GetString(p.Body), StringComparison.Ordinal));
        Assert.All(posts, p => Assert.DoesNotContain("gold", Encoding.UTF8.GetString(p.Body), StringComparison.Ordinal));

        // Metadata is the gateway's: the backend got the request as it was sent, and nothing of it.
        RecordedRequest forwarded = Assert.Single(g.Backend.Requests);
        Assert.Equal("/base/records/7", forwarded.Path);
        Assert.DoesNotContain(forwarded.Headers, h => h.Value.Contains("supersecret", StringComparison.Ordinal) || h.Value.Contains("examples", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_spec_reads_the_starting_metadata_and_removes_nothing_and_an_extra_that_is_not_json_is_a_string()
    {
        await using Scenario g = await Scenario.StartAsync(new MetadataTransformMiddlewareDefinition("tag", new RouteOfPath(), FailOnError: true), left: true);

        (await g.Client.FetchAsync(g.Url("/api/records/9"))).AssertOk();

        JsonElement post = Json((await g.Hook.WaitForAsync(2)).First());
        JsonElement metadata = post.GetProperty("request").GetProperty("metadata");
        Assert.Equal("/records/9", metadata.GetProperty("route").GetString());
        Assert.Equal("/records/9", metadata.GetProperty("path").GetString()); // not in the output, still there
        Assert.Equal("http", metadata.GetProperty("protocol").GetString());
        Assert.Equal("not json", post.GetProperty("extra").GetString());
    }

    [Fact]
    public async Task Without_a_metadata_transform_the_webhook_sends_the_starting_metadata_and_no_extra()
    {
        await using Scenario g = await Scenario.StartAsync(metadata: null, left: false);

        (await g.Client.FetchAsync(g.Url("/api/records/3?x=1"))).AssertOk();

        JsonElement post = Json((await g.Hook.WaitForAsync(2)).First());
        JsonElement metadata = post.GetProperty("request").GetProperty("metadata");
        Assert.Equal(new[] { "full_path", "path", "protocol", "remote_addr" }, metadata.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("/api/records/3?x=1", metadata.GetProperty("full_path").GetString());
        Assert.Equal(JsonValueKind.Null, post.GetProperty("extra").ValueKind);
    }

    [Fact]
    public async Task Fail_on_error_refuses_the_request_before_the_backend_and_the_webhook_after_it()
    {
        await using Scenario g = await Scenario.StartAsync(new MetadataTransformMiddlewareDefinition("tag", new Failing(), FailOnError: true), left: true);

        JsonElement problem = (await g.Client.FetchAsync(g.Url("/api/records/7"))).AssertProblem(HttpStatusCode.InternalServerError, "missing");

        Assert.Equal("Metadata transform failed", problem.GetProperty("title").GetString());
        Assert.Empty(g.Backend.Requests);
        await Task.Delay(200);
        Assert.Empty(g.Hook.Requests);
        Assert.Contains(g.Logs.Lines, l => l.Contains("Metadata transform tag failed on the left side, request refused", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_fail_on_error_a_failed_spec_leaves_the_metadata_as_it_was()
    {
        await using Scenario g = await Scenario.StartAsync(new MetadataTransformMiddlewareDefinition("tag", new Failing(), FailOnError: false), left: true);

        (await g.Client.FetchAsync(g.Url("/api/records/7"))).AssertOk();

        Assert.Single(g.Backend.Requests);
        JsonElement post = Json((await g.Hook.WaitForAsync(2)).First());
        Assert.Equal(new[] { "full_path", "path", "protocol", "remote_addr" }, post.GetProperty("request").GetProperty("metadata").EnumerateObject().Select(p => p.Name).Order());
        Assert.Contains(g.Logs.Lines, l => l.Contains("Metadata transform tag failed on the left side, continuing with the metadata unchanged", StringComparison.Ordinal));
    }

    [Fact]
    public async Task On_the_right_the_spec_writes_the_responses_metadata_which_log_dump_writes_and_the_request_keeps_its_own()
    {
        await using Scenario g = await Scenario.StartAsync(new MetadataTransformMiddlewareDefinition("tag", new Defaults(("served_by", "gateway"), ("secret", "supersecret")), FailOnError: true), left: false, right: true, dump: true);

        (await g.Client.FetchAsync(g.Url("/api/records/7"))).AssertOk();

        string response = Assert.Single(g.Logs.Lines, l => l.Contains("Dump dump (dump) response 200", StringComparison.Ordinal));
        Assert.Contains("response metadata {\"served_by\":\"gateway\",\"secret\":\"[redacted]\"}", response, StringComparison.Ordinal);
        Assert.Contains("metadata {\"protocol\":\"http\",\"path\":\"/records/7\",\"full_path\":\"/api/records/7\",\"remote_addr\":\"127.0.0.1\"} response metadata", response, StringComparison.Ordinal);
        string request = Assert.Single(g.Logs.Lines, l => l.Contains("Dump dump (dump) request GET /api/records/7", StringComparison.Ordinal));
        Assert.Contains("metadata {\"protocol\":\"http\",\"path\":\"/records/7\",\"full_path\":\"/api/records/7\",\"remote_addr\":\"127.0.0.1\"}", request, StringComparison.Ordinal);
        Assert.DoesNotContain(g.Logs.Lines, l => l.Contains("supersecret", StringComparison.Ordinal));

        // The webhook reads the request's metadata on the right too, as Harmony's does: the response's is not in it.
        RecordedRequest[] posts = await g.Hook.WaitForAsync(2);
        Assert.All(posts, p => Assert.False(Json(p).GetProperty("request").GetProperty("metadata").TryGetProperty("served_by", out _)));
    }

    [Fact]
    public async Task On_the_right_fail_on_error_replaces_the_backends_answer()
    {
        await using Scenario g = await Scenario.StartAsync(new MetadataTransformMiddlewareDefinition("tag", new Failing(), FailOnError: true), left: false, right: true);

        (await g.Client.FetchAsync(g.Url("/api/records/7"))).AssertProblem(HttpStatusCode.InternalServerError);

        Assert.Single(g.Backend.Requests); // the response side runs once the backend has answered
        Assert.Contains(g.Logs.Lines, l => l.Contains("Metadata transform tag failed on the right side, request refused", StringComparison.Ordinal));
    }

    [Fact]
    public void A_pipeline_without_a_metadata_transform_keeps_no_metadata_and_its_log_dump_writes_the_starting_entries()
    {
        var logs = new LogRecorder();
        var dump = new LogDumpStage(new LogDumpMiddlewareDefinition("dump", "dump", [], []), StageSide.Request, logs.CreateLogger("test"));
        var context = new DefaultHttpContext();
        context.Request.Path = "/in/Patient";
        context.Request.QueryString = new QueryString("?id=7");

        Assert.True(dump.InvokeAsync(context).IsCompletedSuccessfully);

        Assert.Null(RequestMetadata.Find(context));
        // Through no route the prefix is "/", which Harmony's strip_prefix takes off: "in/Patient".
        Assert.Contains("metadata {\"protocol\":\"http\",\"path\":\"in/Patient\",\"full_path\":\"/in/Patient?id=7\"}", Assert.Single(logs.Lines), StringComparison.Ordinal);
    }

    [Fact]
    public void A_metadata_transform_keeps_its_metadata_on_the_request_for_the_stages_after_it()
    {
        var stage = new MetadataTransformStage(new MetadataTransformMiddlewareDefinition("tag", new Defaults(("dimse_op", "find")), FailOnError: true), StageSide.Request, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        var context = new DefaultHttpContext();
        context.Request.Path = "/fhir/ImagingStudy";

        Assert.True(stage.InvokeAsync(context).IsCompletedSuccessfully);

        RequestMetadata metadata = Assert.IsType<RequestMetadata>(RequestMetadata.Find(context));
        Assert.Equal("find", metadata.Request["dimse_op"]);
        Assert.Equal("fhir/ImagingStudy", metadata.Request["path"]);
        Assert.Empty(metadata.Response);
    }

    private static JsonElement Json(RecordedRequest post) => JsonDocument.Parse(post.Body).RootElement;

    /// <summary>
    /// Pipeline <c>records</c> under <c>/api</c>: the metadata_transform (on the sides asked), a log_dump on both
    /// sides when asked, and a webhook <c>notify</c> on both sides with <c>redact_metadata = ["TIER"]</c>, in that order.
    /// </summary>
    private sealed class Scenario : IAsyncDisposable
    {
        private GatewayScenario _scenario = null!;

        public RecordingBackend Backend { get; private set; } = null!;

        public RecordingBackend Hook { get; private set; } = null!;

        public LogRecorder Logs { get; } = new();

        public HttpClient Client => _scenario.Client;

        public string Url(string pathAndQuery) => _scenario.Url(pathAndQuery);

        public static async Task<Scenario> StartAsync(MetadataTransformMiddlewareDefinition? metadata, bool left, bool right = false, bool dump = false)
        {
            var g = new Scenario();
            g._scenario = await GatewayScenario.StartAsync(async (servers, port) =>
            {
                g.Backend = await servers.StartBackendAsync();
                g.Hook = await servers.StartBackendAsync();
                GatewayBuilder builder = new GatewayBuilder("hospital")
                    .Network("edge", port)
                    .Pipeline("records", "edge", ["api"], ["records_service"]);
                if (metadata is not null)
                {
                    builder = builder.Stage("records", metadata, left, right);
                }

                if (dump)
                {
                    builder = builder.Stage("records", new LogDumpMiddlewareDefinition("dump", "dump", [], []), request: true, response: true);
                }

                var hook = new WebhookMiddlewareDefinition("notify", g.Hook.Url("/hook"), 5, ImmutableArray<string>.Empty, ["TIER"], ImmutableArray<string>.Empty);
                return builder
                    .Stage("records", hook, request: true, response: true)
                    .Endpoint("api", "/api")
                    .Backend("records_service", g.Backend.Url("/base"))
                    .Build();
            });
            g._scenario.Gateway.App.Services.GetRequiredService<ILoggerFactory>().AddProvider(g.Logs);
            return g;
        }

        public ValueTask DisposeAsync() => _scenario.DisposeAsync();
    }
}
