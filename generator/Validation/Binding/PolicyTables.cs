using System.Collections.Generic;
using System.Linq;
using HarmonyGen.Generator.Parsing;

namespace HarmonyGen.Generator.Validation;

// Middleware chains, policies and rules as read from the tree: each value still its TomlValue, so that the rules can
// point at it. The validator turns them into Spec/PolicySpec.cs.

/// <summary>
/// A pipeline's <c>middleware</c>: a plain list (<c>middleware = ["a", "b"]</c>), or the request and response chains
/// written apart (<c>middleware.left = [...]</c>, <c>middleware.right = [...]</c>), as Harmony's PipelineMiddleware reads it.
/// </summary>
/// <param name="Left">The plain list, or the request chain.</param>
/// <param name="Right">The response chain when written apart; empty for a plain list.</param>
/// <param name="Split">True when written as <c>left</c>/<c>right</c>.</param>
internal sealed record MiddlewareChainTable(EquatableArray<TomlValue> Left, EquatableArray<TomlValue> Right, bool Split)
{
    public static readonly MiddlewareChainTable None = new(EquatableArray<TomlValue>.Empty, EquatableArray<TomlValue>.Empty, false);

    /// <summary>Every entry, the request chain first.</summary>
    public IEnumerable<TomlValue> All => Split ? Left.Concat(Right) : Left;

    /// <summary>The response chain in the order it runs: as written when apart, the plain list reversed otherwise.</summary>
    public IEnumerable<TomlValue> ResponseOrder => Split ? Right : Left.Reverse();
}

/// <summary>
/// An entry of a list that either names a table defined elsewhere (<c>rules = ["lan_only"]</c>) or is that table,
/// written in place (<c>[[...rules]]</c> or an inline table).
/// </summary>
internal sealed record Entry<T>(TomlValue? Reference, T? Inline)
    where T : class, System.IEquatable<T>;

/// <param name="Transform">A <c>transform</c> or <c>metadata_transform</c> middleware's options; null for other types.</param>
internal sealed record MiddlewareTable(string Name, LocationInfo Location, TomlValue? Type, EquatableArray<Entry<PolicyTable>> Policies, bool PoliciesWritten, TransformOptionsTable? Transform = null)
{
    /// <summary>The options of a type other than policies and transform whose options HarmonyGen reads; null for the rest.</summary>
    public MiddlewareOptionsTable? Options { get; init; }
}

/// <summary>
/// A <c>transform</c> middleware's options as Harmony's <c>parse_config</c> reads them (src/models/middleware/types/transform.rs):
/// <c>spec_path</c> (required), <c>apply</c>, <c>fail_on_error</c>, and <c>inject_context</c> of the newer releases; or a
/// <c>metadata_transform</c>'s (metadata_transform.rs), which has <c>transform_target</c> instead of <c>inject_context</c>.
/// </summary>
internal sealed record TransformOptionsTable(LocationInfo Location, TomlValue? SpecPath, TomlValue? Apply, LocatedBool? FailOnError, LocatedBool? InjectContext)
{
    /// <summary>A metadata_transform's <c>transform_target</c>, as written; null when not written, and for a transform.</summary>
    public TomlValue? TransformTarget { get; init; }
}

/// <param name="Label">How messages name it: the table name, or for a policy written in place its id or position.</param>
/// <param name="Inline">True for a policy written inside a middleware's <c>options.policies</c>.</param>
internal sealed record PolicyTable(string Name, string Label, LocationInfo Location, TomlValue? Id, EquatableArray<Entry<RuleTable>> Rules, bool Enabled, bool Inline);

internal sealed record RuleTable
{
    public required string Name { get; init; }

    /// <summary>How messages name it: the table name, or for a rule written in place its id or position.</summary>
    public required string Label { get; init; }

    public required LocationInfo Location { get; init; }

    public TomlValue? Id { get; init; }

    /// <summary><c>type</c> (or, in a rule written in place, <c>rule_type</c>).</summary>
    public TomlValue? Type { get; init; }

    public LocatedLong? Weight { get; init; }

    public required bool Enabled { get; init; }

    /// <summary>The options of a rule type that has them; null for allow_all, deny_all and an unknown type.</summary>
    public RuleOptionsTable? Options { get; init; }
}

/// <summary>A rule's <c>options</c>, read by rule type.</summary>
/// <param name="Location">The options table, or the rule when it has none: where a missing option is reported.</param>
/// <param name="Path">The options table's dotted path, for messages (<c>rules.lan.options</c>).</param>
internal abstract record RuleOptionsTable(LocationInfo Location, string Path);

/// <summary>
/// The rule types that match one request property against a list: ip_allow/ip_deny (<c>ip_addresses</c>, no mode),
/// path (<c>paths</c>), method (<c>methods</c>), content_type (<c>content_types</c>), geo (<c>country_codes</c>).
/// </summary>
internal sealed record ListRuleOptions(LocationInfo Location, string Path, string ListKey, TomlValue? Mode, EquatableArray<TomlValue> Values)
    : RuleOptionsTable(Location, Path);

internal sealed record RateLimitRuleOptions(LocationInfo Location, string Path, LocatedLong? MaxRequests, LocatedLong? WindowSeconds)
    : RuleOptionsTable(Location, Path);

/// <summary>header (<c>headers</c>), query_parameter (<c>parameters</c>) and user_agent (<c>patterns</c>): a list of inline tables.</summary>
internal sealed record MatchRuleOptions(LocationInfo Location, string Path, string ListKey, TomlValue? Mode, EquatableArray<MatchTable> Matches)
    : RuleOptionsTable(Location, Path);

/// <summary>One <c>{ name = ..., match_type = ..., value = ... }</c> (for user_agent, <c>{ label = ..., pattern = ... }</c>).</summary>
internal sealed record MatchTable(LocationInfo Location, TomlValue? Name, TomlValue? MatchType, TomlValue? Value);

internal sealed record TimeRuleOptions : RuleOptionsTable
{
    public TimeRuleOptions(LocationInfo location, string path)
        : base(location, path)
    {
    }

    public LocatedBool? AllowDuringWindow { get; init; }

    public TomlValue? TimeZone { get; init; }

    public TomlValue? StartTime { get; init; }

    public TomlValue? EndTime { get; init; }

    public EquatableArray<TomlValue> DaysOfWeek { get; init; } = EquatableArray<TomlValue>.Empty;

    public TomlValue? StartDate { get; init; }

    public TomlValue? EndDate { get; init; }
}
