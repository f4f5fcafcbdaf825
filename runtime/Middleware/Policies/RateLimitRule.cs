using System;
using System.Net;
using System.Threading.RateLimiting;
using HarmonyGen.Definitions;
using Microsoft.AspNetCore.Http;

namespace HarmonyGen.Middleware.Policies;

/// <summary>
/// <c>rate_limit</c>: at most <c>max_requests</c> per client address in each window of <c>window_seconds</c>, counted
/// per rule as Harmony counts it (its key is client address, policy and rule). Within the limit the rule does not match;
/// over it, it denies, and the policy answers 429 with <c>Retry-After</c>. Requests without a client address share one
/// count, as Harmony's "unknown" key does. Fixed windows from <see cref="System.Threading.RateLimiting"/>: a client's
/// first window starts with its first request and the next follow back to back (Harmony restarts the window at the
/// first request after one expires).
/// </summary>
internal sealed class RateLimitRule : PolicyRule, IDisposable
{
    /// <summary>The partition of requests without a client address (a Unix socket, a test host).</summary>
    private static readonly IPAddress s_unknown = IPAddress.IPv6None;

    private readonly PartitionedRateLimiter<IPAddress> _limiter;

    public RateLimitRule(PolicyRuleDefinition definition, RateLimitCondition condition)
        : base(definition)
    {
        var options = new FixedWindowRateLimiterOptions
        {
            PermitLimit = (int)Math.Min(condition.MaxRequests, int.MaxValue),
            Window = TimeSpan.FromSeconds(condition.WindowSeconds),
            QueueLimit = 0,
            AutoReplenishment = false, // the partitioned limiter's own timer replenishes every partition
        };

        // Made once: GetFixedWindowLimiter would allocate a factory closure for every request, this lookup allocates nothing.
        Func<IPAddress, RateLimiter> create = _ => new FixedWindowRateLimiter(options);
        _limiter = PartitionedRateLimiter.Create<IPAddress, IPAddress>(client => RateLimitPartition.Get(client, create));
    }

    /// <summary>Stops the limiter's replenishing timer.</summary>
    public void Dispose() => _limiter.Dispose();

    /// <summary>The limiter's retry-after of a refused lease: for a fixed window, the window's length (the longest wait).</summary>
    public static TimeSpan? RetryAfterOf(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan retryAfter) ? retryAfter : null;

    public override RuleVerdict Evaluate(HttpContext context, IPAddress? client) => Acquire(client) is null ? RuleVerdict.NoMatch : RuleVerdict.Deny;

    /// <summary>Counts the request: null within the limit, else how long the client should wait (at least one second).</summary>
    public TimeSpan? Acquire(IPAddress? client)
    {
        using RateLimitLease lease = _limiter.AttemptAcquire(client ?? s_unknown);
        if (lease.IsAcquired)
        {
            return null;
        }

        TimeSpan wait = RetryAfterOf(lease) ?? TimeSpan.FromSeconds(1);
        return wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait;
    }
}
