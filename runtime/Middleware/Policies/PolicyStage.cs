using System;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using HarmonyGen.Definitions;
using HarmonyGen.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace HarmonyGen.Middleware.Policies;

/// <summary>
/// A <c>policies</c> middleware on the request side, with Harmony's semantics (src/models/middleware/types/policies.rs):
/// every enabled rule of every enabled policy is evaluated, each policy's by weight, highest first, none skipped (so a
/// rate limit counts a request another rule denies). The request goes on when at least one rule allows it and none
/// denies it. A deny is 403, or 429 with <c>Retry-After</c> when a rate limit denied it; no allowing rule at all is the
/// implicit deny, 403. The client address is the connection's (<see cref="ConnectionInfo.RemoteIpAddress"/>):
/// Harmony has no trusted-proxy setting, so <c>X-Forwarded-For</c> is never believed.
/// </summary>
internal sealed class PolicyStage : IPipelineStage, IDisposable
{
    private readonly PolicyRule[] _rules;
    private readonly Rejection _denied;
    private readonly string _rateLimitedDetail;

    public PolicyStage(PoliciesMiddlewareDefinition middleware, TimeProvider time)
    {
        Name = middleware.Name;
        _rules = middleware.Policies
            .Where(p => p.Enabled)
            .SelectMany(p => p.Rules.Where(r => r.Enabled).OrderByDescending(r => r.Weight)) // stable, as Harmony's sort_by
            .Select(rule => PolicyRule.Compile(rule, time))
            .ToArray();
        _denied = new Rejection(StatusCodes.Status403Forbidden, "Access denied by policy", $"The policies of middleware '{middleware.Name}' do not allow this request.");
        _rateLimitedDetail = $"A rate limit of middleware '{middleware.Name}' is exceeded for this client.";
    }

    public string Name { get; }

    public StageSide Side => StageSide.Request;

    public ValueTask<StageResult> InvokeAsync(HttpContext context)
    {
        IPAddress? client = context.Connection.RemoteIpAddress;
        bool allowed = false;
        bool denied = false;
        TimeSpan? retryAfter = null;
        foreach (PolicyRule rule in _rules)
        {
            RuleVerdict verdict;
            if (rule is RateLimitRule limit)
            {
                TimeSpan? wait = limit.Acquire(client);
                verdict = wait is null ? RuleVerdict.NoMatch : RuleVerdict.Deny;
                if (wait > (retryAfter ?? TimeSpan.Zero))
                {
                    retryAfter = wait;
                }
            }
            else
            {
                verdict = rule.Evaluate(context, client);
            }

            allowed |= verdict == RuleVerdict.Allow;
            denied |= verdict == RuleVerdict.Deny;
        }

        if (allowed && !denied)
        {
            return default;
        }

        // Harmony: once a rate limit denies, the answer is 429 whatever else denied too.
        return new ValueTask<StageResult>(StageResult.Reject(retryAfter is { } seconds ? RateLimited(seconds) : _denied));
    }

    public void Dispose()
    {
        foreach (PolicyRule rule in _rules)
        {
            (rule as IDisposable)?.Dispose();
        }
    }

    /// <summary>A 429 made when it is sent: its <c>Retry-After</c> is the limiter's retry-after (a fixed window's length), in whole seconds, rounded up.</summary>
    private Rejection RateLimited(TimeSpan wait)
    {
        string seconds = Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return new Rejection(StatusCodes.Status429TooManyRequests, "Rate limit exceeded", _rateLimitedDetail, headers => headers.RetryAfter = seconds);
    }
}
