using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HarmonyGen.Runtime.Tests.Infrastructure;

/// <summary>What a <see cref="RecordingBackend"/> answers when told to: a status, a media type and body bytes.</summary>
/// <param name="Chunked">Sent without Content-Length, in two pieces.</param>
internal sealed record BackendAnswer(string ContentType, byte[] Body, int Status = 200, string? ContentEncoding = null, bool Chunked = false)
{
    public static BackendAnswer Json(string json, bool chunked = false) => new("application/json", System.Text.Encoding.UTF8.GetBytes(json), Chunked: chunked);
}

/// <summary>What the backend saw of one request.</summary>
internal sealed class RecordedRequest
{
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RecordedRequest(string method, string path, string rawTarget, string query, Dictionary<string, string> headers)
    {
        Method = method;
        Path = path;
        RawTarget = rawTarget;
        Query = query;
        Headers = headers;
    }

    public string Method { get; }

    /// <summary>The decoded path, as the backend's framework routes it.</summary>
    public string Path { get; }

    /// <summary>The request target exactly as it arrived on the wire (path and query, still encoded).</summary>
    public string RawTarget { get; }

    public string Query { get; }

    public Dictionary<string, string> Headers { get; }

    public byte[] Body { get; set; } = Array.Empty<byte>();

    /// <summary>True when the whole body arrived.</summary>
    public bool BodyComplete { get; set; }

    /// <summary>True when the request was aborted (the caller went away) while the backend handled it.</summary>
    public bool Aborted { get; set; }

    /// <summary>Completes when the backend is done with the request, whether it answered or saw it aborted.</summary>
    public Task Finished => _finished.Task;

    public void Finish() => _finished.TrySetResult();
}

/// <summary>
/// A real HTTP backend on a free loopback port that records every request it receives (method, path, query,
/// headers, body bytes) and answers 200, or is told to be slow or to reset in the middle of its response body.
/// </summary>
internal sealed class RecordingBackend : IAsyncDisposable
{
    public const string ResponseText = "hello from the recording backend";

    private readonly List<RecordedRequest> _requests = new();
    private readonly WebApplication _app;

    private RecordingBackend(WebApplication app) => _app = app;

    public int Port { get; private set; }

    /// <summary>How long to wait (after reading the request body) before answering.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>When set, every request waits (after its body is read) until this completes: requests held in flight.</summary>
    public TaskCompletionSource? Hold { get; set; }

    /// <summary>Write half of a promised body, then abort the connection.</summary>
    public bool ResetMidBody { get; set; }

    /// <summary>Bytes written by the streaming response (<see cref="ResponseChunks"/> &gt; 0): chunks, each flushed, with a pause between.</summary>
    public int ResponseChunks { get; set; }

    /// <summary>When set, the chunked response waits after its first chunk until this completes: only a proxy that streams lets the client see that chunk first.</summary>
    public TaskCompletionSource? AfterFirstChunk { get; set; }

    /// <summary>When set, completed as soon as the first bytes of a request body have arrived (before the rest): proves the gateway streams it.</summary>
    public TaskCompletionSource? BodyStarted { get; set; }

    /// <summary>When set, what every request is answered with instead of <see cref="ResponseText"/>.</summary>
    public BackendAnswer? Answer { get; set; }

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return _requests.ToArray();
            }
        }
    }

    public string Url(string path) => $"http://127.0.0.1:{Port}{path}";

    /// <summary>
    /// The first <paramref name="count"/> requests once their bodies have arrived, for requests something else sends in
    /// the background (a webhook); fails after 10 s rather than hanging.
    /// </summary>
    public async Task<RecordedRequest[]> WaitForAsync(int count)
    {
        DateTime until = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            RecordedRequest[] arrived = Requests.Where(r => r.BodyComplete).ToArray();
            if (arrived.Length >= count)
            {
                return arrived.Take(count).ToArray();
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"{arrived.Length} of {count} requests arrived within 10 s");
            }

            await Task.Delay(20).ConfigureAwait(false);
        }
    }

    public static async Task<RecordingBackend> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(IPAddress.Loopback, 0); // port 0: the kernel picks a free one, read back below
        });
        WebApplication app = builder.Build();
        var backend = new RecordingBackend(app);
        app.Run(backend.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        backend.Port = new Uri(address).Port;
        return backend;
    }

    private async Task HandleAsync(HttpContext context)
    {
        HttpRequest request = context.Request;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues> header in request.Headers)
        {
            headers[header.Key] = header.Value.ToString();
        }

        var record = new RecordedRequest(
            request.Method,
            request.PathBase.Add(request.Path).Value ?? string.Empty,
            context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget,
            request.QueryString.Value ?? string.Empty,
            headers);
        lock (_requests)
        {
            _requests.Add(record);
        }

        try
        {
            using var body = new MemoryStream();
            try
            {
                if (BodyStarted is { } started)
                {
                    byte[] first = new byte[1];
                    int read = await request.Body.ReadAsync(first, context.RequestAborted).ConfigureAwait(false);
                    body.Write(first, 0, read);
                    started.TrySetResult();
                }

                await request.Body.CopyToAsync(body, context.RequestAborted).ConfigureAwait(false);
                record.BodyComplete = true;
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or BadHttpRequestException)
            {
                record.Aborted = true;
                return;
            }
            finally
            {
                record.Body = body.ToArray();
            }

            if (Hold is { } hold)
            {
                try
                {
                    await hold.Task.WaitAsync(context.RequestAborted).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    record.Aborted = true;
                    return;
                }
            }

            if (Delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(Delay, context.RequestAborted).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    record.Aborted = true;
                    return;
                }
            }

            HttpResponse response = context.Response;
            response.Headers["X-Recording-Backend"] = "yes";
            if (ResetMidBody)
            {
                response.ContentType = "application/octet-stream";
                response.ContentLength = 20_000;
                await response.Body.WriteAsync(new byte[10_000], context.RequestAborted).ConfigureAwait(false);
                await response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                await Task.Delay(50).ConfigureAwait(false);
                context.Abort(); // half the promised body, then a reset
                return;
            }

            if (ResponseChunks > 0)
            {
                response.ContentType = "text/plain";
                for (int i = 0; i < ResponseChunks; i++)
                {
                    await response.WriteAsync($"chunk {i}\n", context.RequestAborted).ConfigureAwait(false);
                    await response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                    if (i == 0 && AfterFirstChunk is { } gate)
                    {
                        await gate.Task.WaitAsync(context.RequestAborted).ConfigureAwait(false);
                    }
                    else
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(300), context.RequestAborted).ConfigureAwait(false);
                    }
                }

                return;
            }

            if (Answer is { } answer)
            {
                response.StatusCode = answer.Status;
                response.ContentType = answer.ContentType;
                if (answer.ContentEncoding is not null)
                {
                    response.Headers.ContentEncoding = answer.ContentEncoding;
                }

                if (!answer.Chunked)
                {
                    response.ContentLength = answer.Body.Length;
                }

                // Chunked: two writes with a flush between, so the body arrives in pieces of unknown total length.
                int half = answer.Chunked ? answer.Body.Length / 2 : answer.Body.Length;
                await response.Body.WriteAsync(answer.Body.AsMemory(0, half), context.RequestAborted).ConfigureAwait(false);
                await response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                await response.Body.WriteAsync(answer.Body.AsMemory(half), context.RequestAborted).ConfigureAwait(false);
                return;
            }

            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "text/plain; charset=utf-8";
            await response.WriteAsync(ResponseText, context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            record.Aborted = true;
        }
        finally
        {
            record.Finish();
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
