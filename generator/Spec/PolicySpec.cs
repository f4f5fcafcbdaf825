namespace HarmonyGen.Generator.Spec;

// The validated middleware, policies and rules. Emit/PolicyEmitter.cs writes a pipeline's policies as the runtime's
// PoliciesMiddlewareDefinition; HG0008 still stops a build whose rules the runtime does not enforce. Like the rest of
// the spec: value-equatable, no TOML values, no positions.

/// <summary>A middleware a gateway defines or a pipeline names (a built-in type named without a table has no options).</summary>
internal sealed record MiddlewareSpec
{
    public required string Name { get; init; }

    /// <summary>The Harmony type, as Harmony names it (<c>policies</c>, <c>log_dump</c>), an alias resolved to its type.</summary>
    public required string Type { get; init; }

    /// <summary>True for a built-in type named in a pipeline's <c>middleware</c> with no <c>[middleware.X]</c> table.</summary>
    public required bool BuiltIn { get; init; }

    /// <summary>
    /// What the runtime needs to run it, one derived record per type it runs (<see cref="PoliciesOptionsSpec"/>, ...);
    /// null for a type with no run-time stage (<c>passthru</c>, <c>mesh_auth</c>, which ingress authentication enforces)
    /// or one the build refused (HG0008).
    /// </summary>
    public MiddlewareOptionsSpec? Options { get; init; }
}

/// <summary>A run-time middleware's validated options; the emitter writes one runtime definition per derived record.</summary>
internal abstract record MiddlewareOptionsSpec;

/// <summary>A <c>policies</c> middleware: its policies, in order. Policies act on the request chain only, as in Harmony.</summary>
internal sealed record PoliciesOptionsSpec : MiddlewareOptionsSpec
{
    public required EquatableArray<PolicySpec> Policies { get; init; }
}

internal sealed record PolicySpec
{
    /// <summary>The table name of a <c>[policies.P]</c>, or the position (<c>#0</c>) of a policy written in place.</summary>
    public required string Name { get; init; }

    public string? Id { get; init; }

    public required bool Enabled { get; init; }

    /// <summary>The rules as listed; Harmony evaluates the enabled ones by weight, highest first, all of them.</summary>
    public required EquatableArray<RuleSpec> Rules { get; init; }
}

internal sealed record RuleSpec
{
    public required string Name { get; init; }

    public string? Id { get; init; }

    public required PolicyRuleType Type { get; init; }

    /// <summary>Evaluation order, highest first (Harmony's default 0).</summary>
    public required long Weight { get; init; }

    public required bool Enabled { get; init; }

    /// <summary>What the rule matches; null for allow_all and deny_all.</summary>
    public RuleConditionSpec? Condition { get; init; }
}

/// <summary>Harmony's rule types; each member is its TOML word in Pascal case.</summary>
internal enum PolicyRuleType
{
    AllowAll,
    DenyAll,
    IpAllow,
    IpDeny,
    Path,
    Header,
    Geo,
    RateLimit,
    TimeBased,
    Method,
    UserAgent,
    ContentType,
    QueryParameter,
}

/// <summary>What a matching rule decides: <c>mode = "allow"</c> or <c>"deny"</c>.</summary>
internal enum RuleMode
{
    Allow,
    Deny,
}

/// <summary>How a header or query parameter is compared (<c>match_type</c>).</summary>
internal enum MatchKind
{
    Exact,
    Contains,
    Regex,
    Exists,
}

internal abstract record RuleConditionSpec;

/// <summary>ip_allow / ip_deny: the client address is in one of the networks (a single address is a /32 or /128).</summary>
internal sealed record IpNetworksConditionSpec : RuleConditionSpec
{
    public required EquatableArray<IpNetworkSpec> Networks { get; init; }
}

internal sealed record IpNetworkSpec
{
    /// <summary>The address as written, IPv6 normalised (<c>10.0.0.0</c>, <c>2001:db8::</c>).</summary>
    public required string Address { get; init; }

    /// <summary>0 to 32 (IPv4) or 0 to 128 (IPv6); a single address is a /32 or /128.</summary>
    public required int PrefixLength { get; init; }
}

/// <summary>path, method, content_type and geo: one request property against a list.</summary>
internal sealed record ListConditionSpec : RuleConditionSpec
{
    public required RuleMode Mode { get; init; }

    /// <summary>
    /// Path patterns in Harmony's matchit syntax (<c>/admin/{*path}</c>), upper-case HTTP methods, media ranges
    /// (<c>application/json</c>, <c>application/*</c>), or upper-case ISO 3166-1 country codes.
    /// </summary>
    public required EquatableArray<string> Values { get; init; }
}

internal sealed record RateLimitConditionSpec : RuleConditionSpec
{
    public required long MaxRequests { get; init; }

    public required long WindowSeconds { get; init; }
}

/// <summary>header and query_parameter (every entry must match), user_agent (any pattern matches).</summary>
internal sealed record MatchConditionSpec : RuleConditionSpec
{
    public required RuleMode Mode { get; init; }

    public required EquatableArray<ValueMatchSpec> Matches { get; init; }
}

internal sealed record ValueMatchSpec
{
    /// <summary>The header or parameter name; a user_agent pattern's label (may be empty).</summary>
    public required string Name { get; init; }

    public required MatchKind Kind { get; init; }

    /// <summary>The value or pattern; null for <see cref="MatchKind.Exists"/>.</summary>
    public string? Value { get; init; }
}

internal sealed record TimeWindowConditionSpec : RuleConditionSpec
{
    public required bool AllowDuringWindow { get; init; }

    /// <summary>An IANA zone name; Harmony's default is UTC.</summary>
    public required string TimeZone { get; init; }

    /// <summary><c>HH:MM</c>, with <see cref="EndTime"/>; a window wrapping midnight has end before start.</summary>
    public string? StartTime { get; init; }

    public string? EndTime { get; init; }

    /// <summary>Lower-case English day names (<c>monday</c>).</summary>
    public required EquatableArray<string> DaysOfWeek { get; init; }

    /// <summary><c>YYYY-MM-DD</c>, inclusive, with <see cref="EndDate"/>.</summary>
    public string? StartDate { get; init; }

    public string? EndDate { get; init; }
}
