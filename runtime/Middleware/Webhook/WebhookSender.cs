using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace HarmonyGen.Middleware.Webhook;

/// <summary>
/// Posts webhook payloads from a bounded queue, one at a time, each within its timeout, so that a request never waits
/// for a webhook and a slow or dead endpoint never holds more than <see cref="Capacity"/> payloads: beyond that, new
/// payloads are dropped (and counted), not the requests. Harmony spawns a task per post, unbounded.
/// </summary>
internal sealed class WebhookSender : IDisposable
{
    public const int Capacity = 1024;

    private static readonly MediaTypeHeaderValue s_json = new("application/json");

    private readonly Channel<byte[]> _queue = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(Capacity)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    private readonly Uri _endpoint;
    private readonly TimeSpan _timeout;
    private readonly string _name;
    private readonly ILogger _logger;
    private readonly HttpClient _client;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private long _dropped;
    private long _failed;
    private long _sent;

    public WebhookSender(string name, string endpoint, TimeSpan timeout, ILogger logger, HttpMessageHandler? handler = null)
    {
        _name = name;
        _endpoint = new Uri(endpoint, UriKind.Absolute);
        _timeout = timeout;
        _logger = logger;
        _client = new HttpClient(handler ?? new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan, // each post has its own, below
        };
        _loop = Task.Run(SendAllAsync);
    }

    /// <summary>Payloads dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Posts that failed (refused, timed out, or answered other than 2xx).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Posts the endpoint accepted (2xx).</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Queues a payload; never blocks. False (counted, warned once per thousand) when the queue is full.</summary>
    public bool Enqueue(byte[] payload)
    {
        if (_queue.Writer.TryWrite(payload))
        {
            return true;
        }

        if (Interlocked.Increment(ref _dropped) % 1000 == 1)
        {
            WebhookLog.Dropped(_logger, _name, Dropped, Capacity);
        }

        return false;
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _stopping.Cancel();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(1));
        }
        catch (AggregateException)
        {
        }

        _client.Dispose();
        _stopping.Dispose();
    }

    private async Task SendAllAsync()
    {
        try
        {
            await foreach (byte[] payload in _queue.Reader.ReadAllAsync(_stopping.Token).ConfigureAwait(false))
            {
                await SendAsync(payload).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // stopping: what is still queued is dropped, as Harmony's spawned posts die with the process
        }
    }

    private async Task SendAsync(byte[] payload)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        timeout.CancelAfter(_timeout);
        try
        {
            using var content = new ByteArrayContent(payload);
            content.Headers.ContentType = s_json;
            using HttpResponseMessage answer = await _client.PostAsync(_endpoint, content, timeout.Token).ConfigureAwait(false);
            if (answer.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref _sent);
                return;
            }

            Interlocked.Increment(ref _failed);
            WebhookLog.Refused(_logger, _name, (int)answer.StatusCode);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            if (_stopping.IsCancellationRequested)
            {
                throw;
            }

            Interlocked.Increment(ref _failed);
            WebhookLog.Failed(_logger, _name, ex is OperationCanceledException ? $"no answer within {_timeout.TotalSeconds:0} s" : ex.Message);
        }
    }
}
