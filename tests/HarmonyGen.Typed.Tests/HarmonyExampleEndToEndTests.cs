using System;
using System.Collections.Immutable;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using HarmonyGen.Definitions;
using HarmonyGen.Hosting;
using Microsoft.AspNetCore.Builder;
using Xunit;

namespace HarmonyGen.Typed.Tests;

/// <summary>
/// Harmony's own examples (tests/conformance/harmony-examples), generated from their unchanged TOML by this project's
/// build, served, and sent the requests their READMEs show: the statuses the READMEs promise, and what the backend
/// received. Only the listener (loopback, a free port: http-external binds 0.0.0.0:8080) and, where the example points
/// at a backend that is not there, the backend's address (a loopback capture server) are replaced.
/// </summary>
public sealed class HarmonyExampleEndToEndTests
{
    /// <summary>basic-echo's README: <c>curl http://127.0.0.1:8080/echo</c> and a JSON POST come back as the echo of the request.</summary>
    [Fact]
    public async Task Basic_echo_answers_its_readme_requests_with_the_echo()
    {
        await using WebApplication app = await StartAsync(Gateways.HarmonyBasicEcho.Definition);
        string url = app.Urls.Single();
        using var client = new HttpClient();

        HttpResponseMessage get = await client.GetAsync(url + "/echo");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        using JsonDocument echoedGet = JsonDocument.Parse(await get.Content.ReadAsStringAsync());
        Assert.Equal("echo", echoedGet.RootElement.GetProperty("service").GetString());
        Assert.Equal("GET", echoedGet.RootElement.GetProperty("method").GetString());

        HttpResponseMessage post = await client.PostAsJsonAsync(url + "/echo", new { message = "Hello, Harmony!" });
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        using JsonDocument echoedPost = JsonDocument.Parse(await post.Content.ReadAsStringAsync());
        Assert.Equal("POST", echoedPost.RootElement.GetProperty("method").GetString());
        Assert.Equal("{\"message\":\"Hello, Harmony!\"}", echoedPost.RootElement.GetProperty("body").GetString());
        Assert.StartsWith("application/json", echoedPost.RootElement.GetProperty("headers").GetProperty("Content-Type").GetString());

        // Only /echo is served: anything else is no route, not the echo.
        HttpResponseMessage elsewhere = await client.GetAsync(url + "/other");
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
        Assert.Equal("application/problem+json", elsewhere.Content.Headers.ContentType?.MediaType);
        await app.StopAsync();
    }

    /// <summary>
    /// http-external's README: <c>curl http://127.0.0.1:8080/api/data</c> reaches the backend; /admin/* and /internal/*
    /// are blocked (403); only GET and POST are allowed, so PUT, DELETE and PATCH are refused (403: no rule allows them);
    /// none of the refused requests reaches the backend.
    /// </summary>
    [Fact]
    public async Task Http_external_forwards_its_readme_request_and_refuses_what_its_readme_says_it_blocks()
    {
        await using CaptureServer backend = await CaptureServer.StartAsync();
        GatewayDefinition example = Gateways.HttpExternal.Definition;
        Assert.Equal("http://127.0.0.1:8888", Assert.Single(example.Backends).BaseUrl?.TrimEnd('/')); // its [targets.local_server]
        await using WebApplication app = await StartAsync(example with { Backends = example.Backends.Select(b => b with { BaseUrl = backend.BaseUrl }).ToImmutableArray() });
        string url = app.Urls.Single();
        using var client = new HttpClient();

        HttpResponseMessage data = await client.GetAsync(url + "/api/data");
        Assert.Equal(HttpStatusCode.OK, data.StatusCode);
        Assert.Equal("captured", await data.Content.ReadAsStringAsync());
        HttpResponseMessage posted = await client.PostAsync(url + "/api/data", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal(new[] { "/api/data", "/api/data" }, backend.Requests.Select(r => r.Path));

        foreach (HttpRequestMessage refused in new[]
        {
            new HttpRequestMessage(HttpMethod.Get, url + "/admin/users"),
            new HttpRequestMessage(HttpMethod.Get, url + "/internal/metrics"),
            new HttpRequestMessage(HttpMethod.Put, url + "/api/data"),
            new HttpRequestMessage(HttpMethod.Delete, url + "/api/data"),
            new HttpRequestMessage(HttpMethod.Patch, url + "/api/data"),
        })
        {
            string what = $"{refused.Method} {refused.RequestUri!.AbsolutePath}";
            HttpResponseMessage answer = await client.SendAsync(refused);
            Assert.True(answer.StatusCode == HttpStatusCode.Forbidden, $"{what}: {(int)answer.StatusCode}");
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(2, backend.Requests.Count);
        await app.StopAsync();
    }

    /// <summary>
    /// content-types' README: JSON, XML, CSV and form bodies POSTed to /api/data. HarmonyGen forwards them byte for byte
    /// (Harmony parses them into its envelope for payload middleware, which this tree has none of). Its policy is
    /// evaluated as Harmony evaluates it, not as the README hopes: <c>allow_public</c> (0.0.0.0/0) allows every IPv4
    /// client, and the allow-mode <c>content_type</c> and <c>method</c> lists can only add allows, never deny, so an
    /// image upload and a PUT pass too. What does refuse is the rate limit: 200 requests a minute per client, the 201st
    /// is 429 with Retry-After and never reaches the backend.
    /// </summary>
    [Fact]
    public async Task Content_types_forwards_each_readme_body_unchanged_and_rate_limits_at_200_a_minute()
    {
        await using CaptureServer backend = await CaptureServer.StartAsync();
        GatewayDefinition example = Gateways.ContentTypesExample.Definition;
        Assert.Equal("https://httpbin.org", Assert.Single(example.Backends).BaseUrl?.TrimEnd('/')); // its [targets.httpbin]
        await using WebApplication app = await StartAsync(example with { Backends = example.Backends.Select(b => b with { BaseUrl = backend.BaseUrl }).ToImmutableArray() });
        string url = app.Urls.Single();
        using var client = new HttpClient();

        (string Type, string Body)[] readme =
        {
            ("application/json", "{\"name\": \"Alice\", \"age\": 30}"),
            ("application/xml", "<person><name>Alice</name><age>30</age></person>"),
            ("text/csv", "name,age,city\nAlice,30,NYC\nBob,25,LA"),
            ("application/x-www-form-urlencoded", "name=Alice&age=30&interests[]=coding&interests[]=music"),
        };
        foreach ((string type, string body) in readme)
        {
            var content = new StringContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(type);
            HttpResponseMessage answer = await client.PostAsync(url + "/api/data", content);
            Assert.True(answer.StatusCode == HttpStatusCode.OK, $"{type}: {(int)answer.StatusCode}");
        }

        Assert.Equal(readme.Select(r => ("/data", "POST", r.Type, r.Body)), backend.Requests.Select(r => (r.Path, r.Method, r.ContentType!, r.Body)));

        var image = new ByteArrayContent(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 });
        image.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/jpeg");
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(url + "/api/upload", image)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync(url + "/api/data", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"))).StatusCode);

        // 6 requests so far; the rate limit's window started with the first, and 200 fit in it.
        for (int i = backend.Requests.Count; i < 200; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url + "/api/data")).StatusCode);
        }

        HttpResponseMessage over = await client.GetAsync(url + "/api/data");
        Assert.Equal((HttpStatusCode)429, over.StatusCode);
        Assert.Equal("application/problem+json", over.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(over.Headers.RetryAfter);
        Assert.Equal(200, backend.Requests.Count);
        await app.StopAsync();
    }

    /// <summary>
    /// fhir's basic_auth (test_user / test_password, in its pipeline file): a request without them, or with another
    /// password, is 401 with a Basic challenge and never reaches the backend; with them it is forwarded, Authorization
    /// and all, as Harmony forwards it.
    /// </summary>
    [Fact]
    public async Task Fhir_forwards_only_requests_with_its_basic_credentials()
    {
        await using CaptureServer backend = await CaptureServer.StartAsync();
        GatewayDefinition example = Gateways.HarmonyFhir.Definition;
        Assert.Equal("basic_auth", Assert.Single(example.Pipelines).RequestStages.First().Name);
        await using WebApplication app = await StartAsync(example with { Backends = example.Backends.Select(b => b with { BaseUrl = backend.BaseUrl }).ToImmutableArray() });
        string url = app.Urls.Single();
        using var client = new HttpClient();

        HttpResponseMessage anonymous = await client.GetAsync(url + "/fhir/Patient/1");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Basic realm=\"basic_auth\", charset=\"UTF-8\"", Assert.Single(anonymous.Headers.WwwAuthenticate).ToString());
        var wrong = new HttpRequestMessage(HttpMethod.Get, url + "/fhir/Patient/1");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("test_user:wrong")));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(wrong)).StatusCode);
        Assert.Empty(backend.Requests);

        string credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes("test_user:test_password"));
        var right = new HttpRequestMessage(HttpMethod.Get, url + "/fhir/Patient/1");
        right.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials);
        HttpResponseMessage forwarded = await client.SendAsync(right);
        Assert.Equal(HttpStatusCode.OK, forwarded.StatusCode);
        Assert.Equal("captured", await forwarded.Content.ReadAsStringAsync());
        (string path, string? authorization, _, _, _) = Assert.Single(backend.Requests);
        Assert.EndsWith("/Patient/1", path, StringComparison.Ordinal);
        Assert.Equal("Basic " + credentials, authorization);
        await app.StopAsync();
    }

    /// <summary>
    /// webhook's README: <c>curl -s http://127.0.0.1:8080/echo -H 'Authorization: Bearer inbound' -H 'Content-Type:
    /// application/json' -d '{"hello":"world"}'</c> is echoed, and the receiver gets two posts (apply = both), each with
    /// the Authorization header and the <c>secret</c> metadata redacted and <c>extra</c> the JSON that
    /// transforms/set_webhook_metadata.json writes into metadata <c>webhook.webhook_notify</c> (its metadata_transform,
    /// run before the webhook). The receiver (127.0.0.1:9001 in the example) is a loopback capture server here.
    /// </summary>
    [Fact]
    public async Task Webhook_posts_its_readme_request_twice_with_the_metadata_its_transform_wrote()
    {
        await using CaptureServer receiver = await CaptureServer.StartAsync();
        GatewayDefinition example = Gateways.HarmonyWebhookExample.Definition;
        PipelineDefinition pipeline = Assert.Single(example.Pipelines);
        Assert.Equal(new[] { "set_webhook_extra", "webhook_notify" }, pipeline.RequestStages.Select(s => s.Name));
        Assert.Equal(new[] { "webhook_notify" }, pipeline.ResponseStages.Select(s => s.Name)); // the transform's apply is left
        Assert.Equal("http://127.0.0.1:9001/hook", pipeline.RequestStages.OfType<WebhookMiddlewareDefinition>().Single().Endpoint);
        MiddlewareDefinition Receiver(MiddlewareDefinition stage) => stage is WebhookMiddlewareDefinition hook ? hook with { Endpoint = receiver.BaseUrl + "/hook" } : stage;
        PipelineDefinition rewired = pipeline with { RequestStages = pipeline.RequestStages.Select(Receiver).ToImmutableArray(), ResponseStages = pipeline.ResponseStages.Select(Receiver).ToImmutableArray() };
        await using WebApplication app = await StartAsync(example with { Pipelines = [rewired] });
        string url = app.Urls.Single();
        using var client = new HttpClient();

        var request = new HttpRequestMessage(HttpMethod.Post, url + "/echo") { Content = new StringContent("{\"hello\":\"world\"}", Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "inbound");
        HttpResponseMessage echoed = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, echoed.StatusCode);
        using JsonDocument echo = JsonDocument.Parse(await echoed.Content.ReadAsStringAsync());
        Assert.Equal("{\"hello\":\"world\"}", echo.RootElement.GetProperty("body").GetString());

        DateTime until = DateTime.UtcNow.AddSeconds(10);
        while (receiver.Requests.Count < 2 && DateTime.UtcNow < until)
        {
            await Task.Delay(20);
        }

        var posts = receiver.Requests.ToArray();
        Assert.Equal(2, posts.Length);
        Assert.All(posts, p => Assert.Equal(("/hook", "POST"), (p.Path, p.Method)));
        Assert.All(posts, p => Assert.Null(p.Authorization)); // Harmony posts with [authentications.hook_basic]; HarmonyGen warns it does not (HG0951)
        Assert.All(posts, p => Assert.DoesNotContain("supersecret", p.Body, StringComparison.Ordinal));
        Assert.All(posts, p => Assert.DoesNotContain("inbound", p.Body, StringComparison.Ordinal));
        JsonElement[] payloads = posts.Select(p => JsonDocument.Parse(p.Body).RootElement).ToArray();
        Assert.Equal(new[] { "left", "right" }, payloads.Select(p => p.GetProperty("side").GetString()).Order());
        foreach (JsonElement payload in payloads)
        {
            Assert.Equal("webhook_notify", payload.GetProperty("name").GetString());
            JsonElement details = payload.GetProperty("request");
            Assert.Equal("/echo", details.GetProperty("uri").GetString());
            Assert.Equal("<redacted>", details.GetProperty("headers").GetProperty("authorization").GetString());
            JsonElement metadata = details.GetProperty("metadata");
            Assert.Equal("<redacted>", metadata.GetProperty("secret").GetString());
            Assert.Equal("echo", metadata.GetProperty("path").GetString()); // Harmony strips the prefix "/" from "/echo"
            Assert.Equal("{\"source\":\"examples\",\"id\":\"abc-123\"}", metadata.GetProperty("webhook.webhook_notify").GetString());
            Assert.Equal("examples", payload.GetProperty("extra").GetProperty("source").GetString());
            Assert.Equal("abc-123", payload.GetProperty("extra").GetProperty("id").GetString());
        }
        await app.StopAsync();
    }

    /// <summary>
    /// transform's README: <c>curl -X POST http://127.0.0.1:8083/transform -H "Content-Type: application/json" -d
    /// '{"PatientID": ...}'</c> through its policies, json_extractor and patient_transform (apply = "left") to the echo
    /// backend, which answers with the request it received: the transformed body. Its spec reads the patient under
    /// <c>data</c>, so the README's flat body shifts to nothing (JSON null) and only a body under <c>data</c> gets the
    /// README's FHIR shape (without the entries its default operation writes inside arrays). A body that is not JSON
    /// passes the policy (its ip_allow rule allows loopback, and an allow-mode content_type rule that does not match denies
    /// nothing, as in Harmony) and is refused by the transform (415).
    /// </summary>
    [Fact]
    public async Task Transform_example_rewrites_its_readme_request_before_the_echo()
    {
        await using WebApplication app = await StartAsync(Gateways.HarmonyTransform.Definition);
        string url = app.Urls.Single();
        using var client = new HttpClient();
        const string patient = "{\"PatientID\": \"12345\", \"PatientName\": \"John Doe\", \"StudyInstanceUID\": \"1.2.3.4.5.6\", \"StudyDate\": \"2024-01-15\"}";

        HttpResponseMessage flat = await client.PostAsync(url + "/transform", new StringContent(patient, Encoding.UTF8, "application/json"));
        HttpResponseMessage wrapped = await client.PostAsync(url + "/transform", new StringContent("{\"data\": " + patient + "}", Encoding.UTF8, "application/json"));
        HttpResponseMessage text = await client.PostAsync(url + "/transform", new StringContent("PatientID=12345", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.OK, flat.StatusCode);
        using JsonDocument flatEcho = JsonDocument.Parse(await flat.Content.ReadAsStringAsync());
        Assert.Equal("null", flatEcho.RootElement.GetProperty("body").GetString());

        Assert.Equal(HttpStatusCode.OK, wrapped.StatusCode);
        using JsonDocument wrappedEcho = JsonDocument.Parse(await wrapped.Content.ReadAsStringAsync());
        // The default operation adds resourceType; its arrays are defaults for absent keys only, and the shift already
        // wrote identifier, name and extension, so the README's "system", "use" and "url" entries are not merged in
        // (fluvio-jolt's default, which Harmony runs, treats an array as a value).
        JsonNode expected = JsonNode.Parse("""
            {"data": {"resourceType": "Patient", "resource": {
              "identifier": [{"value": "12345"}],
              "name": [{"family": "John Doe"}],
              "extension": [{"valueString": "1.2.3.4.5.6"}, {"valueDate": "2024-01-15"}]}}}
            """)!;
        string transformed = wrappedEcho.RootElement.GetProperty("body").GetString()!;
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(transformed)), transformed);
        Assert.Equal(Encoding.UTF8.GetByteCount(transformed), wrappedEcho.RootElement.GetProperty("body_length").GetInt64());

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        await app.StopAsync();
    }

    /// <summary>Serves <paramref name="definition"/> with each listener moved to <paramref name="bindAddress"/> (loopback) on a free port.</summary>
    internal static async Task<WebApplication> StartAsync(GatewayDefinition definition, string bindAddress = "127.0.0.1")
    {
        definition = definition with
        {
            Networks = definition.Networks.Select(n => n with { Http = n.Http is null ? null : n.Http with { BindAddress = bindAddress } }).ToImmutableArray(),
        };
        var options = new HarmonyGatewayOptions();
        foreach (NetworkDefinition network in definition.Networks)
        {
            options.PortOverrides[network.Name] = 0;
        }

        WebApplication app = HarmonyGateway.Build(definition, options);
        await app.StartAsync();
        return app;
    }
}
