using System.Collections.Immutable;

namespace HarmonyGen.Definitions;

/// <summary>
/// A <c>webhook</c> middleware: on each chain that names it (its <c>apply</c>), a JSON copy of the request posted to
/// <paramref name="Endpoint"/> in the background. It never delays, changes or refuses what passes.
/// </summary>
/// <param name="TimeoutSeconds">How long one post may take before it is abandoned.</param>
/// <param name="RedactHeaders">Header names redacted besides those always redacted (<c>Authorization</c>, <c>Cookie</c>, ...).</param>
/// <param name="RedactMetadata">Metadata names redacted.</param>
/// <param name="SensitiveFieldPatterns"><c>[proxy] sensitive_field_patterns</c>: regexes of header and metadata names whose values are redacted.</param>
public sealed record WebhookMiddlewareDefinition(
    string Name,
    string Endpoint,
    int TimeoutSeconds,
    ImmutableArray<string> RedactHeaders,
    ImmutableArray<string> RedactMetadata,
    ImmutableArray<string> SensitiveFieldPatterns) : MiddlewareDefinition(Name);
