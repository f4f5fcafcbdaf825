using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using HarmonyGen.Definitions;
using HarmonyGen.Runtime.Tests.Infrastructure;
using HarmonyGen.Transforms;
using Xunit;

namespace HarmonyGen.Runtime.Tests;

/// <summary>
/// <c>transform</c> at run time against a real loopback backend: the bytes the backend receives (left), the bytes the
/// client receives (right), each refusal's status, and that a refused request never reached the backend.
/// </summary>
public sealed class TransformTests
{
    [Fact]
    public async Task A_left_transform_sends_the_backend_the_transformed_body_with_its_own_length_and_type()
    {
        await using Scenario g = await Scenario.StartAsync(TransformApply.Left);

        Answer answer = await g.Client.CallAsync(Post(g.Url("/api/patients"), "{\"name\": \"Ann Lee\", \"age\": 40}", "application/fhir+json"));

        answer.AssertOk(); // the response is the backend's, untouched: apply = "left"
        RecordedRequest received = Assert.Single(g.Backend.Requests);
        Assert.Equal("{\"data\":{\"name\":\"Ann Lee\",\"age\":40}}", Encoding.UTF8.GetString(received.Body));
        Assert.Equal(received.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), received.Headers["Content-Length"]);
        Assert.Equal("application/fhir+json", received.Headers["Content-Type"]);
    }

    [Fact]
    public async Task A_chunked_request_reaches_the_backend_transformed_with_a_content_length_and_no_chunking()
    {
        await using Scenario g = await Scenario.StartAsync(TransformApply.Left);
        var request = new HttpRequestMessage(HttpMethod.Post, g.Url("/api/x")) { Content = new ChunkedJson("{\"é\":\"ü+<>\"}") };

        (await g.Client.CallAsync(request)).AssertOk();

        RecordedRequest received = Assert.Single(g.Backend.Requests);
        Assert.Equal("{\"data\":{\"é\":\"ü+<>\"}}", Encoding.UTF8.GetString(received.Body)); // UTF-8 as it came, not \u-escaped
        Assert.Equal(received.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), received.Headers["Content-Length"]);
        Assert.False(received.Headers.ContainsKey("Transfer-Encoding"));
        Assert.Equal("application/json", received.Headers["Content-Type"]); // none was sent: Harmony reads such a body as JSON
    }

    [Fact]
    public async Task A_request_without_a_body_passes_untouched()
    {
        await using Scenario g = await Scenario.StartAsync(TransformApply.Left);

        (await g.Client.FetchAsync(g.Url("/api/patients?id=1"))).AssertOk();

        RecordedRequest received = Assert.Single(g.Backend.Requests);
        Assert.Empty(received.Body);
        Assert.Equal("?id=1", received.Query);
    }

    [Theory]
    [InlineData("text/plain", "{\"name\":\"x\"}", "Request body is not JSON")]
    [InlineData("application/json", "{\"name\":", "Request body is not JSON")]
    [InlineData("application/json", "", null)]
    public async Task A_body_that_is_not_json_is_refused_with_415_and_never_reaches_the_backend(string type, string body, string? title)
    {
        await using Scenario g = await Scenario.StartAsync(TransformApply.Left);

        Answer answer = await g.Client.CallAsync(Post(g.Url("/api/x"), body, type));

        if (title is null)
        {
            answer.AssertOk(); // an empty body is no body: nothing to transform
            Assert.Empty(Assert.Single(g.Backend.Requests).Body);
            return;
        }

        Assert.Equal(title, answer.AssertProblem(HttpStatusCode.UnsupportedMediaType).GetProperty("title").GetString());
        Assert.Empty(g.Backend.Requests);
    }

    [Fact]
    public async Task A_compressed_request_body_is_refused_with_415_and_never_reaches_the_backend()
    {
        await using Scenario g = await Scenario.StartAsync(TransformApply.Left);
        HttpRequestMessage request = Post(g.Url("/api/x"), "ignored", "application/json");
        request.Content = new ByteArrayContent(Gzip("{\"name\":\"x\"}"));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Content.Headers.ContentEncoding.Add("gzip");

        Answer answer = await g.Client.CallAsync(request);

        Assert.Equal("Request body is encoded", answer.AssertProblem(HttpStatusCode.UnsupportedMediaType).GetProperty("title").GetString());
        Assert.Empty(g.Backend.Requests);
    }

    [Fact]
    public async Task A_transform_that_cannot_be_applied_is_refused_with_422_and_never_reaches_the_backend()
    {
        await using Scenario g = await Scenario.StartAsync(TransformApply.Left);

        Answer answer = await g.Client.CallAsync(Post(g.Url("/api/x"), "{\"fail\": true}", "application/json"));

        string detail = answer.AssertProblem(HttpStatusCode.UnprocessableEntity).GetProperty("detail").GetString()!;
        Assert.Contains("'wrap'", detail, StringComparison.Ordinal);
        Assert.Contains("which the input does not have", detail, StringComparison.Ordinal);
        Assert.Empty(g.Backend.Requests);
    }

    [Fact]
    public async Task A_chunked_body_over_max_body_size_is_refused_with_413_and_never_reaches_the_backend()
    {
        await using Scenario g = await Scenario.StartAsync(TransformApply.Left, maxBodySize: 1000);
        string big = "{\"name\":\"" + new string('a', 2000) + "\"}";

        Answer answer = await g.Client.CallAsync(new HttpRequestMessage(HttpMethod.Post, g.Url("/api/x")) { Content = new ChunkedJson(big) });

        answer.AssertProblem(HttpStatusCode.RequestEntityTooLarge);
        Assert.Empty(g.Backend.Requests);
    }

    [Theory]
    [InlineData("{\"fail\": true}", "application/json")]
    [InlineData("{\"name\":", "application/json")]
    [InlineData("name=x", "application/x-www-form-urlencoded")]
    public async Task With_fail_on_error_false_a_body_the_transform_cannot_rewrite_reaches_the_backend_unchanged(string body, string type)
    {
        await using Scenario g = await Scenario.StartAsync(TransformApply.Left, failOnError: false);

        (await g.Client.CallAsync(Post(g.Url("/api/x"), body, type))).AssertOk();

        RecordedRequest received = Assert.Single(g.Backend.Requests);
        Assert.Equal(body, Encoding.UTF8.GetString(received.Body));
        Assert.StartsWith(type, received.Headers["Content-Type"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_right_transform_rewrites_the_backends_json_answer_and_the_backend_is_not_offered_compression()
    {
        await using Scenario g = await Scenario.StartAsync(TransformApply.Right);
        g.Backend.Answer = BackendAnswer.Json("{\"id\": 7, \"status\": \"final\"}", chunked: true);
        HttpRequestMessage request = Post(g.Url("/api/x"), "{\"name\":\"x\"}", "application/json");
        request.Headers.AcceptEncoding.ParseAdd("gzip, br");

        Answer answer = await g.Client.CallAsync(request);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("{\"data\":{\"id\":7,\"status\":\"final\"}}", answer.Text);
        Assert.Equal(answer.Body.Length, answer.Response.Content.Headers.ContentLength);
        Assert.Equal("application/json", answer.MediaType);
        RecordedRequest received = Assert.Single(g.Backend.Requests);
        Assert.Equal("{\"name\":\"x\"}", Encoding.UTF8.GetString(received.Body)); // apply = "right": the request is untouched
        Assert.False(received.Headers.ContainsKey("Accept-Encoding"));
    }

    [Fact]
    public async Task A_right_transform_leaves_the_request_streaming()
    {
        await using Scenario g = await Scenario.StartAsync(TransformApply.Right);
        g.Backend.Answer = BackendAnswer.Json("{\"ok\": true}");

        Answer answer = await g.Client.CallAsync(SentInHalves.Post(g.Url("/api/upload"), g.Backend));

        Assert.Equal("{\"data\":{\"ok\":true}}", answer.Text);
        Assert.Equal(SentInHalves.Text, Encoding.UTF8.GetString(Assert.Single(g.Backend.Requests).Body));
    }

    [Fact]
    public async Task Apply_both_rewrites_the_request_and_the_response()
    {
        await using Scenario g = await Scenario.StartAsync(TransformApply.Both);
        g.Backend.Answer = BackendAnswer.Json("[1, 2]");

        Answer answer = await g.Client.CallAsync(Post(g.Url("/api/x"), "{\"a\":1}", "application/json"));

        Assert.Equal("{\"data\":[1,2]}", answer.Text);
        Assert.Equal("{\"data\":{\"a\":1}}", Encoding.UTF8.GetString(Assert.Single(g.Backend.Requests).Body));
    }

    [Theory]
    [InlineData("{\"fail\": true}", "Backend response could not be transformed")]
    [InlineData("{\"id\": ", "Backend response is not JSON")]
    public async Task A_json_answer_the_transform_cannot_rewrite_is_a_502(string body, string title)
    {
        await using Scenario g = await Scenario.StartAsync(TransformApply.Right);
        g.Backend.Answer = BackendAnswer.Json(body);

        Answer answer = await g.Client.CallAsync(Post(g.Url("/api/x"), "{}", "application/json"));

        Assert.Equal(title, answer.AssertProblem(HttpStatusCode.BadGateway).GetProperty("title").GetString());
        Assert.DoesNotContain("input does not have", answer.Text, StringComparison.Ordinal); // the backend's data is not quoted to the client
    }

    [Fact]
    public async Task An_answer_over_max_body_size_is_a_502()
    {
        await using Scenario g = await Scenario.StartAsync(TransformApply.Right, maxBodySize: 1000);
        g.Backend.Answer = BackendAnswer.Json("{\"name\":\"" + new string('a', 3000) + "\"}", chunked: true);

        Answer answer = await g.Client.CallAsync(Post(g.Url("/api/x"), "{}", "application/json"));

        Assert.Equal("Backend response too large", answer.AssertProblem(HttpStatusCode.BadGateway).GetProperty("title").GetString());
    }

    [Fact]
    public async Task With_fail_on_error_false_an_answer_the_transform_cannot_rewrite_passes_unchanged()
    {
        await using Scenario g = await Scenario.StartAsync(TransformApply.Right, failOnError: false, maxBodySize: 1000);
        string big = "{\"name\":\"" + new string('a', 3000) + "\"}";

        g.Backend.Answer = BackendAnswer.Json("{\"fail\": true, \"keep\": 1}");
        Answer failed = await g.Client.CallAsync(Post(g.Url("/api/x"), "{}", "application/json"));
        g.Backend.Answer = BackendAnswer.Json(big, chunked: true);
        Answer large = await g.Client.CallAsync(Post(g.Url("/api/x"), "{}", "application/json"));

        // The transform removed "keep" before it failed: what passes is the answer as the backend gave it.
        Assert.Equal(HttpStatusCode.OK, failed.Status);
        Assert.Equal("{\"fail\":true,\"keep\":1}", failed.Text);
        Assert.Equal(HttpStatusCode.OK, large.Status);
        Assert.Equal(big, large.Text);
    }

    [Theory]
    [InlineData("text/plain", null)]
    [InlineData("application/json", "gzip")]
    public async Task An_answer_that_is_not_json_or_is_compressed_passes_byte_for_byte(string type, string? encoding)
    {
        await using Scenario g = await Scenario.StartAsync(TransformApply.Right);
        byte[] body = encoding is null ? Encoding.UTF8.GetBytes("{\"not\": \"read\"}") : Gzip("{\"id\":1}");
        g.Backend.Answer = new BackendAnswer(type, body, ContentEncoding: encoding);

        Answer answer = await g.Client.CallAsync(Post(g.Url("/api/x"), "{}", "application/json"));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(body, answer.Body);
    }

    [Fact]
    public async Task The_echo_backends_answer_goes_through_the_response_transform()
    {
        await using Scenario g = await Scenario.StartAsync(TransformApply.Both, echo: true);

        Answer answer = await g.Client.CallAsync(Post(g.Url("/api/items"), "{\"a\":1}", "application/json"));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        JsonNode echoed = JsonNode.Parse(answer.Text)!["data"]!;
        Assert.Equal("echo", echoed["service"]!.GetValue<string>());
        Assert.Equal("{\"data\":{\"a\":1}}", echoed["body"]!.GetValue<string>()); // the echo saw the transformed request
        Assert.Equal(answer.Body.Length, answer.Response.Content.Headers.ContentLength);
    }

    private static HttpRequestMessage Post(string url, string body, string type) =>
        new(HttpMethod.Post, url) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) { Headers = { ContentType = MediaTypeHeaderValue.Parse(type) } } };

    private static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }

    /// <summary>
    /// Wraps its input as <c>{"data": input}</c>, as a shift of <c>"*": "data.&amp;"</c> would; an object with a <c>fail</c>
    /// key makes it remove <c>keep</c> (editing its input, as compiled <c>remove</c> operations do) and then fail, as a spec
    /// reading a missing key fails.
    /// </summary>
    internal sealed class WrapTransform : IJsonTransform
    {
        public static readonly WrapTransform Instance = new();

        public JsonNode? Apply(JsonNode? input)
        {
            if (input is JsonObject obj && obj.ContainsKey("fail"))
            {
                obj.Remove("keep");
                throw new JoltTransformException("'@' reads key 'missing', which the input does not have");
            }

            return new JsonObject { ["data"] = input };
        }
    }

    /// <summary>A body sent without Content-Length, in two flushed pieces.</summary>
    private sealed class ChunkedJson(string json) : HttpContent
    {
        private readonly byte[] _bytes = Encoding.UTF8.GetBytes(json);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            int half = _bytes.Length / 2;
            await stream.WriteAsync(_bytes.AsMemory(0, half));
            await stream.FlushAsync();
            await stream.WriteAsync(_bytes.AsMemory(half));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    private sealed class Scenario : IAsyncDisposable
    {
        private readonly GatewayScenario _gateway;

        private Scenario(GatewayScenario gateway, RecordingBackend backend)
        {
            _gateway = gateway;
            Backend = backend;
        }

        public RecordingBackend Backend { get; }

        public HttpClient Client => _gateway.Client;

        public string Url(string path) => _gateway.Url(path);

        public static async Task<Scenario> StartAsync(TransformApply apply, bool failOnError = true, long? maxBodySize = null, bool echo = false)
        {
            RecordingBackend backend = null!;
            GatewayScenario gateway = await GatewayScenario.StartAsync(async (servers, port) =>
            {
                backend = await servers.StartBackendAsync();
                var transform = new TransformMiddlewareDefinition("wrap", WrapTransform.Instance, apply, failOnError, "transforms/wrap.json");
                return new GatewayBuilder("g")
                    .Network("net", port)
                    .Pipeline("p", "net", ["api"], ["b"])
                    .Endpoint("api", "/api")
                    .Backend("b", echo ? null : backend.Url("/base"), service: echo ? BackendService.Echo : BackendService.Http)
                    .Limits(maxBodySize: maxBodySize)
                    .Stage("p", transform, request: apply != TransformApply.Right, response: apply != TransformApply.Left)
                    .Build();
            });
            return new Scenario(gateway, backend);
        }

        public ValueTask DisposeAsync() => _gateway.DisposeAsync();
    }
}
