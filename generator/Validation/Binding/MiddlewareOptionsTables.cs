using HarmonyGen.Generator.Parsing;

namespace HarmonyGen.Generator.Validation;

// The options of middleware types other than policies, as read from the tree: each value still its TomlValue, so that
// the validator can point at it. The validator turns them into the Spec's MiddlewareOptionsSpec records.

/// <summary>A middleware type's <c>options</c>, for a type whose options HarmonyGen reads (one derived record per type).</summary>
internal abstract record MiddlewareOptionsTable;

/// <summary>
/// <c>path_filter</c>'s options (src/models/middleware/types/path_filter.rs): <c>rules</c>, the matchit patterns a
/// request path must match. Items that are not strings were reported by the binder and dropped.
/// </summary>
/// <param name="RulesKey">How messages name the key (<c>middleware.M.options.rules</c>).</param>
/// <param name="EmptyAt">The span of a <c>rules = []</c> written empty, which Harmony refuses; null otherwise.</param>
internal sealed record PathFilterOptionsTable(string RulesKey, EquatableArray<TomlValue> Rules, LocationInfo? EmptyAt) : MiddlewareOptionsTable;

/// <summary>
/// <c>log_dump</c>'s options (src/models/middleware/types/logger.rs): the ones with a meaning for HarmonyGen's
/// structured entries. <c>pretty</c>, <c>max_bytes</c>, <c>redact_metadata</c> and <c>redact_data_fields</c> shape
/// Harmony's JSON dump of metadata and bodies, which HarmonyGen does not write; the binder checks their types only.
/// </summary>
/// <param name="Apply"><c>apply</c> when it is <c>left</c>, <c>right</c> or <c>both</c> (any case); null when absent or reported.</param>
internal sealed record LogDumpOptionsTable(TomlValue? Apply, TomlValue? Label, EquatableArray<TomlValue> RedactHeaders) : MiddlewareOptionsTable
{
    /// <summary>Metadata names whose values are redacted (Harmony's <c>redact_metadata</c>).</summary>
    public EquatableArray<TomlValue> RedactMetadata { get; init; } = EquatableArray<TomlValue>.Empty;
}

/// <summary>
/// <c>webhook</c>'s options (src/models/middleware/types/webhook.rs): where to post a copy of what passes, on which
/// sides, and what to redact in it.
/// </summary>
/// <param name="Endpoint"><c>endpoint</c>, required; null when missing (reported).</param>
/// <param name="Apply"><c>apply</c> when it is <c>left</c>, <c>right</c> or <c>both</c> (any case); null when absent or reported.</param>
/// <param name="Authentication">The middleware's <c>authentication</c> (a reference to <c>[authentications.X]</c>), which HarmonyGen does not send.</param>
internal sealed record WebhookOptionsTable(
    TomlValue? Endpoint,
    TomlValue? Apply,
    LocatedInt? TimeoutSeconds,
    EquatableArray<TomlValue> RedactHeaders,
    EquatableArray<TomlValue> RedactMetadata,
    TomlValue? Authentication) : MiddlewareOptionsTable;
