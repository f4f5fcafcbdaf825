using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace HarmonyGen.MultiHost.Tests.Infrastructure;

/// <summary>
/// N clients calling one URL in a loop until stopped; every request is recorded with the phase it started in, when it
/// started, and its status (or "timeout"/"error" when the client gave up or the connection failed).
/// </summary>
internal sealed class SteadyLoad : IAsyncDisposable
{
    /// <summary>Generous: a request that takes this long is hung, whatever the machine's load.</summary>
    public static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient _client = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = ClientTimeout };
    private readonly List<Outcome> _outcomes = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task[] _clients;
    private volatile string _phase;

    public SteadyLoad(string url, int clients, string firstPhase)
    {
        _phase = firstPhase;
        _clients = Enumerable.Range(0, clients).Select(_ => Task.Run(() => LoopAsync(url))).ToArray();
    }

    public TimeSpan Now => _clock.Elapsed;

    /// <summary>Requests started from now on belong to <paramref name="phase"/>.</summary>
    public TimeSpan BeginPhase(string phase)
    {
        _phase = phase;
        return _clock.Elapsed;
    }

    public IReadOnlyList<Outcome> Outcomes
    {
        get
        {
            lock (_outcomes)
            {
                return _outcomes.ToArray();
            }
        }
    }

    /// <summary>Waits (polling, up to <paramref name="limit"/>) for a request started at or after <paramref name="since"/> to get a 200.</summary>
    public async Task<TimeSpan?> FirstSuccessAfterAsync(TimeSpan since, TimeSpan limit)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < limit)
        {
            Outcome? first = Outcomes.Where(o => o.Started >= since && o.Status == "200").OrderBy(o => o.Ended).FirstOrDefault();
            if (first is not null)
            {
                return first.Ended - since;
            }

            await Task.Delay(100);
        }

        return null;
    }

    /// <summary>Stops the clients and waits for their last requests; safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        _stop.Cancel();
        await Task.WhenAll(_clients);
        _client.Dispose();
    }

    private async Task LoopAsync(string url)
    {
        while (!_stop.IsCancellationRequested)
        {
            string phase = _phase;
            TimeSpan started = _clock.Elapsed;
            string status;
            try
            {
                // Not cancelled by _stop: a request in flight at the end completes (or times out) and is counted.
                using HttpResponseMessage response = await _client.GetAsync(url);
                await response.Content.ReadAsByteArrayAsync();
                status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (TaskCanceledException)
            {
                status = "timeout";
            }
            catch (HttpRequestException e)
            {
                status = "error:" + e.HttpRequestError;
            }

            lock (_outcomes)
            {
                _outcomes.Add(new Outcome(phase, started, _clock.Elapsed, status));
            }
        }
    }

    internal sealed record Outcome(string Phase, TimeSpan Started, TimeSpan Ended, string Status);
}
