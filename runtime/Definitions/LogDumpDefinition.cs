using System.Collections.Immutable;

namespace HarmonyGen.Definitions;

/// <summary>
/// A <c>log_dump</c> middleware: on each chain that names it (its <c>apply</c>), a structured log entry per request or
/// response that passes, with credentials and secret-looking values redacted. It changes nothing.
/// </summary>
/// <param name="Label">Tells the entries of several dump points apart (Harmony's default <c>dump</c>).</param>
/// <param name="RedactHeaders">Header names redacted besides those always redacted (<c>Authorization</c>, <c>Cookie</c>, ...).</param>
/// <param name="SensitiveFieldPatterns">
/// <c>[proxy] sensitive_field_patterns</c>: regexes of header and query parameter names whose values are redacted,
/// matched anywhere in the name and ignoring case, as Harmony matches them.
/// </param>
public sealed record LogDumpMiddlewareDefinition(string Name, string Label, ImmutableArray<string> RedactHeaders, ImmutableArray<string> SensitiveFieldPatterns) : MiddlewareDefinition(Name)
{
    /// <summary>Metadata names (ignoring case) whose values are redacted, besides secret-looking names and the patterns.</summary>
    public ImmutableArray<string> RedactMetadata { get; init; } = ImmutableArray<string>.Empty;
}
