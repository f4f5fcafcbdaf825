using System;
using System.Collections.Immutable;
using System.Net;
using HarmonyGen.Definitions;
using Microsoft.AspNetCore.Http;

namespace HarmonyGen.Middleware.Policies;

/// <summary>
/// One enabled rule, compiled at start-up from its <see cref="PolicyRuleDefinition"/>: everything it compares against is
/// decided once, so evaluating a rule that passes allocates nothing.
/// </summary>
internal abstract class PolicyRule
{
    protected PolicyRule(PolicyRuleDefinition definition) => Definition = definition;

    public PolicyRuleDefinition Definition { get; }

    /// <param name="client">The client address as the connection has it; null when unknown.</param>
    public abstract RuleVerdict Evaluate(HttpContext context, IPAddress? client);

    /// <summary>The rule types <see cref="Compile"/> enforces; the generator refuses the rest (HG0008).</summary>
    public static readonly ImmutableArray<PolicyRuleType> Enforced =
    [
        PolicyRuleType.AllowAll, PolicyRuleType.DenyAll, PolicyRuleType.IpAllow, PolicyRuleType.IpDeny,
        PolicyRuleType.Method, PolicyRuleType.Path, PolicyRuleType.ContentType, PolicyRuleType.RateLimit,
        PolicyRuleType.Header, PolicyRuleType.QueryParameter, PolicyRuleType.UserAgent, PolicyRuleType.TimeBased,
    ];

    /// <summary>The compiled rule; throws at start-up for a rule this runtime cannot enforce, so none is dropped silently.</summary>
    /// <param name="time">The gateway's clock, which <c>time_based</c> reads.</param>
    public static PolicyRule Compile(PolicyRuleDefinition rule, TimeProvider time) => (rule.Type, rule.Condition) switch
    {
        (PolicyRuleType.AllowAll, _) => new ConstantRule(rule, RuleVerdict.Allow),
        (PolicyRuleType.DenyAll, _) => new ConstantRule(rule, RuleVerdict.Deny),
        (PolicyRuleType.IpAllow, IpNetworksCondition ip) => new IpRule(rule, ip, RuleVerdict.Allow),
        (PolicyRuleType.IpDeny, IpNetworksCondition ip) => new IpRule(rule, ip, RuleVerdict.Deny),
        (PolicyRuleType.Method, ListCondition list) => new MethodRule(rule, list),
        (PolicyRuleType.Path, ListCondition list) => new PathRule(rule, list),
        (PolicyRuleType.ContentType, ListCondition list) => new ContentTypeRule(rule, list),
        (PolicyRuleType.RateLimit, RateLimitCondition limit) => new RateLimitRule(rule, limit),
        (PolicyRuleType.Header, MatchCondition match) => new ValueMatchRule(rule, match, query: false),
        (PolicyRuleType.QueryParameter, MatchCondition match) => new ValueMatchRule(rule, match, query: true),
        (PolicyRuleType.UserAgent, MatchCondition match) => new UserAgentRule(rule, match),
        (PolicyRuleType.TimeBased, TimeWindowCondition timeWindow) => new TimeWindowRule(rule, timeWindow, time),
        _ => throw new InvalidOperationException(
            $"Rule '{rule.Name}' has type {rule.Type}, which this runtime does not enforce; the generator reports such a rule as HG0008."),
    };

    /// <summary>A list rule's verdict once it is known whether the request property is in the list.</summary>
    protected static RuleVerdict Listed(bool matches, RuleMode mode) =>
        !matches ? RuleVerdict.NoMatch : mode == RuleMode.Allow ? RuleVerdict.Allow : RuleVerdict.Deny;
}

/// <summary><c>allow_all</c> and <c>deny_all</c>.</summary>
internal sealed class ConstantRule(PolicyRuleDefinition definition, RuleVerdict verdict) : PolicyRule(definition)
{
    public override RuleVerdict Evaluate(HttpContext context, IPAddress? client) => verdict;
}

/// <summary>
/// <c>method</c>: the request's method against upper-case methods, compared as written (methods are case-sensitive).
/// Harmony's docs define this rule; its stored code has no evaluator for it.
/// </summary>
internal sealed class MethodRule(PolicyRuleDefinition definition, ListCondition list) : PolicyRule(definition)
{
    private readonly string[] _methods = [.. list.Values];

    public override RuleVerdict Evaluate(HttpContext context, IPAddress? client)
    {
        string method = context.Request.Method;
        bool matches = false;
        foreach (string allowed in _methods)
        {
            if (string.Equals(method, allowed, StringComparison.Ordinal))
            {
                matches = true;
                break;
            }
        }

        return Listed(matches, list.Mode);
    }
}
