using System.Collections.Immutable;

namespace HarmonyGen.Definitions;

/// <summary>
/// A <c>policies</c> middleware a pipeline's request chain names: its policies, in order. Harmony evaluates every
/// enabled rule of every enabled policy and lets a request through when at least one allows it and none denies it.
/// </summary>
public sealed record PoliciesMiddlewareDefinition(string Name, ImmutableArray<PolicyDefinition> Policies) : MiddlewareDefinition(Name);

/// <summary>A policy (<c>[policies.P]</c>, or one written in place): its rules as listed.</summary>
/// <param name="Name">The table name, or the position (<c>#0</c>) of a policy written in place.</param>
/// <param name="Enabled">A disabled policy is skipped with all its rules.</param>
public sealed record PolicyDefinition(string Name, string? Id, bool Enabled, ImmutableArray<PolicyRuleDefinition> Rules);

/// <summary>A rule (<c>[rules.R]</c>, or one written in place).</summary>
/// <param name="Weight">Evaluation order, highest first; every enabled rule is evaluated all the same.</param>
/// <param name="Enabled">A disabled rule is skipped.</param>
/// <param name="Condition">What the rule matches; null for <c>allow_all</c> and <c>deny_all</c>.</param>
public sealed record PolicyRuleDefinition(string Name, string? Id, PolicyRuleType Type, long Weight, bool Enabled, RuleCondition? Condition = null);

/// <summary>What a rule matches; one derived record per shape of <c>options</c>.</summary>
public abstract record RuleCondition;

/// <summary><c>ip_allow</c> / <c>ip_deny</c>: the client address is in one of the networks.</summary>
public sealed record IpNetworksCondition(ImmutableArray<IpNetworkDefinition> Networks) : RuleCondition;

/// <summary>A network as written: host bits after the prefix are allowed and ignored, as Harmony's ipnetwork crate ignores them.</summary>
/// <param name="PrefixLength">0 to 32 (IPv4) or 0 to 128 (IPv6); a single address is a /32 or /128.</param>
public sealed record IpNetworkDefinition(string Address, int PrefixLength);

/// <summary>
/// <c>path</c>, <c>method</c>, <c>content_type</c> and <c>geo</c>: one request property against a list of path
/// patterns (matchit syntax), upper-case methods, lower-case media ranges or upper-case country codes.
/// </summary>
public sealed record ListCondition(RuleMode Mode, ImmutableArray<string> Values) : RuleCondition;

/// <summary><c>rate_limit</c>: at most <see cref="MaxRequests"/> per client address in each window of <see cref="WindowSeconds"/>.</summary>
public sealed record RateLimitCondition(long MaxRequests, long WindowSeconds) : RuleCondition;

/// <summary><c>header</c> and <c>query_parameter</c> (every entry must match), <c>user_agent</c> (any pattern matches).</summary>
public sealed record MatchCondition(RuleMode Mode, ImmutableArray<ValueMatch> Matches) : RuleCondition;

/// <summary>One entry of a <see cref="MatchCondition"/>.</summary>
/// <param name="Name">The header or parameter name; a user_agent pattern's label (may be empty).</param>
/// <param name="Value">The value or pattern; null for <see cref="MatchKind.Exists"/>.</param>
public sealed record ValueMatch(string Name, MatchKind Kind, string? Value);

/// <summary><c>time_based</c>: a window of time of day, days of week and dates, in an IANA zone.</summary>
/// <param name="StartTime"><c>HH:MM</c>; a window wrapping midnight has its end before its start.</param>
/// <param name="DaysOfWeek">Lower-case English day names.</param>
/// <param name="StartDate"><c>YYYY-MM-DD</c>, inclusive.</param>
public sealed record TimeWindowCondition(
    bool AllowDuringWindow,
    string TimeZone,
    string? StartTime,
    string? EndTime,
    ImmutableArray<string> DaysOfWeek,
    string? StartDate,
    string? EndDate) : RuleCondition;
