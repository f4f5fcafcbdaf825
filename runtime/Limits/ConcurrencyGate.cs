using System;
using System.Threading;
using System.Threading.Tasks;
using HarmonyGen.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace HarmonyGen.Limits;

/// <summary>
/// <c>max_concurrent_requests</c> of one pipeline: a counter, no queue and no lock. A request that would be one too
/// many is answered 503 with <c>Retry-After</c> at once and never reaches the backend.
/// </summary>
internal sealed class ConcurrencyGate
{
    /// <summary>Seconds a refused client is asked to wait; short, since a slot frees as soon as any request ends.</summary>
    public const string RetryAfterSeconds = "1";

    private static readonly Func<object, Task> s_exit = state =>
    {
        ((ConcurrencyGate)state).Exit();
        return Task.CompletedTask;
    };

    private readonly int _max;
    private int _inFlight;

    public ConcurrencyGate(int max, string pipeline)
    {
        _max = max;
        Full = new Rejection(
            StatusCodes.Status503ServiceUnavailable,
            "Too many requests in flight",
            $"Pipeline '{pipeline}' is serving as many requests as its max_concurrent_requests allows; retry shortly.",
            static headers => headers.RetryAfter = RetryAfterSeconds);
    }

    /// <summary>The 503 of a request that found every slot taken (made once: the pipeline's name is all it says).</summary>
    public Rejection Full { get; }

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>
    /// Takes a slot for the request and gives it back when the request has completed (its response sent, or the
    /// connection gone: ASP.NET Core runs completion callbacks either way); false when every slot is taken.
    /// </summary>
    public bool TryEnter(HttpContext context)
    {
        if (Interlocked.Increment(ref _inFlight) > _max)
        {
            Interlocked.Decrement(ref _inFlight);
            return false;
        }

        context.Response.OnCompleted(s_exit, this);
        return true;
    }

    private void Exit() => Interlocked.Decrement(ref _inFlight);
}
