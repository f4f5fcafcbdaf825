namespace HarmonyGen.Generator.Spec;

/// <summary>
/// A <c>webhook</c> middleware: a JSON copy of each request that passes (and/or of each response), posted to
/// <see cref="Endpoint"/> in the background, fire and forget, credentials redacted. It never delays, changes or
/// refuses what passes, as in Harmony.
/// </summary>
internal sealed record WebhookOptionsSpec : MiddlewareOptionsSpec
{
    /// <summary>An absolute http(s) URL.</summary>
    public required string Endpoint { get; init; }

    /// <summary>Harmony's <c>apply</c> is <c>left</c> (its default) or <c>both</c>: a post for each request, before the backend.</summary>
    public required bool Request { get; init; }

    /// <summary>Harmony's <c>apply</c> is <c>right</c> or <c>both</c>: a post for each response.</summary>
    public required bool Response { get; init; }

    /// <summary>How long a post may take before it is abandoned (Harmony's default 5 s).</summary>
    public required int TimeoutSeconds { get; init; }

    /// <summary>Header names whose values are redacted besides those HarmonyGen always redacts, as written.</summary>
    public required EquatableArray<string> RedactHeaders { get; init; }

    /// <summary>Metadata names whose values are redacted, as written.</summary>
    public required EquatableArray<string> RedactMetadata { get; init; }

    /// <summary><c>[proxy] sensitive_field_patterns</c>, which Harmony's webhook applies to headers and metadata too.</summary>
    public required EquatableArray<string> SensitiveFieldPatterns { get; init; }
}
