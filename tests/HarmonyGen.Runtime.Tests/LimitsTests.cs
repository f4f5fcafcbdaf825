using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using HarmonyGen.Runtime.Tests.Infrastructure;
using HarmonyGen.Definitions;
using Xunit;

namespace HarmonyGen.Runtime.Tests;

/// <summary>
/// <c>[proxy.content_limits]</c> and <c>max_concurrent_requests</c>: each limit answered with its status and a
/// problem+json body, and a request refused at the limit never (or never completely) reaches the backend.
/// </summary>
public sealed class LimitsTests
{
    private const int MaxBody = 4096;
    private const int MaxHeaders = 4096;
    private const int MaxConcurrent = 2;

    [Fact]
    public async Task Body_at_max_body_size_is_forwarded_whole()
    {
        await using Limited g = await Limited.StartAsync();

        Answer answer = await g.Client.CallAsync(new HttpRequestMessage(HttpMethod.Post, g.Url) { Content = new ByteArrayContent(new byte[MaxBody]) });

        answer.AssertOk();
        Assert.Equal(MaxBody, Assert.Single(g.Backend.Requests).Body.Length);
    }

    [Fact]
    public async Task Content_length_over_max_body_size_is_413_and_never_reaches_the_backend()
    {
        await using Limited g = await Limited.StartAsync();

        Answer answer = await g.Client.CallAsync(new HttpRequestMessage(HttpMethod.Post, g.Url) { Content = new ByteArrayContent(new byte[MaxBody + 1]) });

        answer.AssertProblem(HttpStatusCode.RequestEntityTooLarge);
        Assert.Empty(g.Backend.Requests);
    }

    [Fact]
    public async Task Chunked_body_crossing_max_body_size_is_413_and_the_backend_never_gets_it_whole()
    {
        await using Limited g = await Limited.StartAsync();

        // Three chunks of 1,500 bytes cross the 4,096-byte limit in the third; the client then waits for the answer.
        var url = new Uri(g.Url);
        (int status, string response) = await RawHttp.PostUnfinishedChunkedAsync(url.Port, url.PathAndQuery, url.Authority, chunks: 3, size: 1500);

        Assert.Equal(413, status);
        Assert.Contains("Content-Type: application/problem+json", response, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"status\":413", response, StringComparison.Ordinal);
        // The headers went ahead while the body streamed; when the limit was crossed the backend call was aborted.
        RecordedRequest seen = Assert.Single(g.Backend.Requests);
        await seen.Finished.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(seen.Aborted, "the backend call was not aborted");
        Assert.False(seen.BodyComplete);
        Assert.True(seen.Body.Length <= MaxBody, $"the backend received {seen.Body.Length} bytes, more than max_body_size");
    }

    [Fact]
    public async Task Headers_over_max_header_size_get_a_431_problem()
    {
        await using Limited g = await Limited.StartAsync();

        Answer answer = await g.Client.CallAsync(WithHeader(g.Url, MaxHeaders + 500));

        answer.AssertProblem(HttpStatusCode.RequestHeaderFieldsTooLarge);
        Assert.Empty(g.Backend.Requests);
    }

    [Fact]
    public async Task Headers_over_twice_max_header_size_get_kestrels_bare_431()
    {
        await using Limited g = await Limited.StartAsync();

        Answer answer = await g.Client.CallAsync(WithHeader(g.Url, (MaxHeaders * 2) + 500));

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, answer.Status);
        Assert.Empty(answer.Body); // documented: Kestrel refuses these before the gateway sees them
        Assert.Empty(g.Backend.Requests);
    }

    [Fact]
    public async Task Request_over_max_concurrent_requests_is_503_with_retry_after_and_never_reaches_the_backend()
    {
        await using Limited g = await Limited.StartAsync();
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        g.Backend.Hold = hold;

        Task<Answer>[] held = Enumerable.Range(0, MaxConcurrent).Select(_ => g.Client.FetchAsync(g.Url)).ToArray();
        await Eventually.TrueAsync(() => g.Backend.Requests.Count == MaxConcurrent);
        Answer refused = await g.Client.FetchAsync(g.Url);
        int seenWhileFull = g.Backend.Requests.Count;
        hold.SetResult();
        Answer[] released = await Task.WhenAll(held);
        g.Backend.Hold = null;
        Answer after = await g.Client.FetchAsync(g.Url);

        refused.AssertProblem(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("1", refused.Response.Headers.RetryAfter?.ToString());
        Assert.Equal(MaxConcurrent, seenWhileFull);
        Assert.All(released, a => a.AssertOk());
        after.AssertOk();
        Assert.Equal(MaxConcurrent + 1, g.Backend.Requests.Count);
    }

    private static HttpRequestMessage WithHeader(string url, int bytes)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("X-Padding", new string('a', bytes));
        return request;
    }

    /// <summary>A body sent chunked (no Content-Length), flushed chunk by chunk so it crosses the limit mid-stream.</summary>
    private sealed class Limited : IAsyncDisposable
    {
        private GatewayScenario _scenario = null!;

        public RecordingBackend Backend { get; private set; } = null!;

        public HttpClient Client => _scenario.Client;

        public string Url => _scenario.Url("/api/records");

        public static async Task<Limited> StartAsync()
        {
            var g = new Limited();
            g._scenario = await GatewayScenario.StartAsync(async (servers, port) =>
            {
                g.Backend = await servers.StartBackendAsync();
                return new GatewayBuilder("hospital")
                    .Network("edge", port)
                    .Pipeline("records", "edge", new[] { "api" }, new[] { "records_service" }, maxConcurrentRequests: MaxConcurrent)
                    .Endpoint("api", "/api")
                    .Backend("records_service", g.Backend.Url("/base"))
                    .Limits(maxBodySize: MaxBody, maxHeaderSize: MaxHeaders)
                    .Build();
            });
            return g;
        }

        public ValueTask DisposeAsync() => _scenario.DisposeAsync();
    }
}
