using System;
using System.Diagnostics;
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

/// <summary>What a client sees when the backend or the client itself misbehaves (SPEC §4, Errors).</summary>
public sealed class FaultTests
{
    [Fact]
    public async Task Backend_down_gives_502_problem()
    {
        // A port that is bound but not listening: connections to it are refused, and nothing else can take it.
        using var absent = new PortReservation();
        await using GatewayScenario gateway = await GatewayScenario.StartAsync((_, port) =>
            Task.FromResult(Gateway(port, $"http://127.0.0.1:{absent.Port}/base", timeoutSeconds: 5)));

        Answer answer = await gateway.Client.FetchAsync(gateway.Url("/api/Patient"));

        JsonProblem(answer, HttpStatusCode.BadGateway);
    }

    [Fact]
    public async Task Backend_slower_than_timeout_secs_gives_504_problem()
    {
        RecordingBackend backend = null!;
        await using GatewayScenario gateway = await GatewayScenario.StartAsync(async (servers, port) =>
        {
            backend = await servers.StartBackendAsync();
            backend.Delay = TimeSpan.FromSeconds(3);
            return Gateway(port, backend.Url("/base"), timeoutSeconds: 1);
        });

        var clock = Stopwatch.StartNew();
        Answer answer = await gateway.Client.FetchAsync(gateway.Url("/api/Patient"));

        JsonProblem(answer, HttpStatusCode.GatewayTimeout);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2.9), $"the gateway waited {clock.Elapsed} for a backend with a 1 s timeout");
        RecordedRequest seen = Assert.Single(backend.Requests);
        await seen.Finished.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(seen.Aborted, "the timed-out backend call was not cancelled");
    }

    [Fact]
    public async Task Backend_resetting_mid_body_fails_the_response_without_hanging()
    {
        RecordingBackend backend = null!;
        await using GatewayScenario gateway = await GatewayScenario.StartAsync(async (servers, port) =>
        {
            backend = await servers.StartBackendAsync();
            backend.ResetMidBody = true;
            return Gateway(port, backend.Url("/base"), timeoutSeconds: 10);
        });

        var clock = Stopwatch.StartNew();
        using var timeout = new CancellationTokenSource(Http.CallTimeout);
        Exception? failure = await Record.ExceptionAsync(async () =>
        {
            using HttpResponseMessage response = await gateway.Client.GetAsync(gateway.Url("/api/big"), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode); // the backend's headers were already on their way
            await response.Content.ReadAsByteArrayAsync(timeout.Token); // half the promised body, then the reset
        });

        Assert.False(timeout.IsCancellationRequested, "the client hung until its own timeout");
        Assert.True(failure is HttpRequestException or IOException, $"expected an aborted response, got {failure?.GetType().Name ?? "a complete body"}: {failure}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Client_aborting_mid_upload_cancels_the_backend_call(bool throughTheMesh)
    {
        await using var scope = new AsyncScope();
        RecordingBackend backend;
        HttpClient client;
        string url;
        if (throughTheMesh)
        {
            MeshScenario mesh = scope.Add(await MeshScenario.StartAsync(new MeshSetup()));
            (backend, client, url) = (mesh.Backend, mesh.Client, mesh.AUrl("/upload"));
        }
        else
        {
            RecordingBackend started = null!;
            GatewayScenario gateway = scope.Add(await GatewayScenario.StartAsync(async (servers, port) =>
            {
                started = await servers.StartBackendAsync();
                return Gateway(port, started.Url("/base"), timeoutSeconds: 30);
            }));
            (backend, client, url) = (started, gateway.Client, gateway.Url("/api/upload"));
        }

        var content = new EndlessContent();
        using var cancel = new CancellationTokenSource();
        Task<HttpResponseMessage> upload = client.SendAsync(new HttpRequestMessage(HttpMethod.Post, url) { Content = content }, cancel.Token);

        // Wait until the backend is reading the body, then the client gives up mid-upload.
        RecordedRequest seen = await WaitForAsync(() => backend.Requests.FirstOrDefault(), TimeSpan.FromSeconds(10));
        await content.FirstChunkSent.WaitAsync(TimeSpan.FromSeconds(10));
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => upload.WaitAsync(TimeSpan.FromSeconds(10)));
        await seen.Finished.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(seen.Aborted, "the backend did not see the request aborted");
        Assert.False(seen.BodyComplete);
    }

    [Fact]
    public async Task Responses_stream_instead_of_being_buffered()
    {
        RecordingBackend backend = null!;
        await using GatewayScenario gateway = await GatewayScenario.StartAsync(async (servers, port) =>
        {
            backend = await servers.StartBackendAsync();
            backend.ResponseChunks = 4;
            return Gateway(port, backend.Url("/base"), timeoutSeconds: 10);
        });

        // The backend sends chunk 0 and then waits until the client has read it: a gateway that buffered the response
        // would hold chunk 0 back for ever (until the call's timeout), so this proves streaming without timing anything.
        var firstRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        backend.AfterFirstChunk = firstRead;
        using var timeout = new CancellationTokenSource(Http.CallTimeout);
        using HttpResponseMessage response = await gateway.Client.GetAsync(gateway.Url("/api/stream"), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        string? first = await reader.ReadLineAsync(timeout.Token);
        firstRead.SetResult();
        string rest = await reader.ReadToEndAsync(timeout.Token);

        Assert.Equal("chunk 0", first);
        Assert.Equal("chunk 1\nchunk 2\nchunk 3\n", rest);
    }

    [Fact]
    public async Task Requests_stream_instead_of_being_buffered()
    {
        RecordingBackend backend = null!;
        await using GatewayScenario gateway = await GatewayScenario.StartAsync(async (servers, port) =>
        {
            backend = await servers.StartBackendAsync();
            return Gateway(port, backend.Url("/base"), timeoutSeconds: 10);
        });

        // The client sends the second half of its body only once the backend has the first: a gateway that buffered
        // the request would wait for the whole body for ever (until the call's timeout).
        (await gateway.Client.CallAsync(SentInHalves.Post(gateway.Url("/api/upload"), backend))).AssertOk();

        Assert.Equal(SentInHalves.Text, System.Text.Encoding.UTF8.GetString(Assert.Single(backend.Requests).Body));
    }

    [Theory]
    [InlineData(MeshAlgorithm.HS256)]
    [InlineData(MeshAlgorithm.RS256)]
    public async Task Hundred_concurrent_requests_through_the_mesh_all_succeed_and_reuse_the_egress_token(MeshAlgorithm algorithm)
    {
        await using MeshScenario mesh = await MeshScenario.StartAsync(new MeshSetup { Algorithm = algorithm, IngressMode = MeshMode.Mesh });

        Answer[] answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
            mesh.Client.CallAsync(MeshScenario.Post(mesh.AUrl($"/Patient/{i}?n={i}"), BitConverter.GetBytes(i)))));

        Assert.All(answers, a => a.AssertOk());
        Assert.Equal(100, mesh.Backend.Requests.Count);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"/base/Patient/{i}").OrderBy(p => p), mesh.Backend.Requests.Select(r => r.Path).OrderBy(p => p));
        Assert.All(mesh.Backend.Requests, r => Assert.False(r.Headers.ContainsKey("Authorization")));
        long signed = mesh.A.Runtime.TokensSigned;
        Assert.True(signed == 1, $"A signed {signed} tokens for 100 requests to one member: one token serves them all");
    }

    private static GatewayDefinition Gateway(int port, string backendUrl, int timeoutSeconds) =>
        new GatewayBuilder("g")
            .Network("net", port)
            .Pipeline("p", "net", new[] { "api" }, new[] { "b" })
            .Endpoint("api", "/api")
            .Backend("b", backendUrl, timeoutSeconds)
            .Build();

    private static void JsonProblem(Answer answer, HttpStatusCode status)
    {
        System.Text.Json.JsonElement problem = answer.AssertProblem(status);
        Assert.Equal("no-store", answer.Response.Headers.CacheControl?.ToString());
        Assert.DoesNotContain("Exception", problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
    }

    private static async Task<T> WaitForAsync<T>(Func<T?> probe, TimeSpan timeout)
        where T : class
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (probe() is { } value)
            {
                return value;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("the condition did not come true in time");
    }

    /// <summary>A request body that sends one chunk and then waits until the request is cancelled.</summary>
    private sealed class EndlessContent : HttpContent
    {
        private readonly TaskCompletionSource _firstChunkSent = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task FirstChunkSent => _firstChunkSent.Task;

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            await stream.WriteAsync(new byte[4096], cancellationToken);
            await stream.FlushAsync(cancellationToken);
            _firstChunkSent.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}

/// <summary>Disposes what a test added, in reverse order, whichever branch created it.</summary>
internal sealed class AsyncScope : IAsyncDisposable
{
    private readonly System.Collections.Generic.List<IAsyncDisposable> _items = new();

    public T Add<T>(T item)
        where T : IAsyncDisposable
    {
        _items.Add(item);
        return item;
    }

    public async ValueTask DisposeAsync()
    {
        for (int i = _items.Count - 1; i >= 0; i--)
        {
            await _items[i].DisposeAsync();
        }
    }
}
