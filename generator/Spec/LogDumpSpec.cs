namespace HarmonyGen.Generator.Spec;

/// <summary>
/// A <c>log_dump</c> middleware: a structured log entry for each request and/or response that passes, headers and
/// secret-looking query values redacted, bodies never read. It changes nothing that passes, as in Harmony.
/// </summary>
internal sealed record LogDumpOptionsSpec : MiddlewareOptionsSpec
{
    /// <summary>The options Harmony uses when there are none: both sides, label <c>dump</c> (and the gateway's <see cref="SensitiveFieldPatterns"/>).</summary>
    public static readonly LogDumpOptionsSpec Defaults = new()
    {
        Request = true,
        Response = true,
        Label = "dump",
        RedactHeaders = EquatableArray<string>.Empty,
        SensitiveFieldPatterns = EquatableArray<string>.Empty,
    };

    /// <summary>Harmony's <c>apply</c> is <c>left</c> or <c>both</c>: an entry for each request, before the backend.</summary>
    public required bool Request { get; init; }

    /// <summary>Harmony's <c>apply</c> is <c>right</c> or <c>both</c>: an entry for each response, once its status and headers are known.</summary>
    public required bool Response { get; init; }

    /// <summary>Tells the entries of several dump points apart (Harmony's default <c>dump</c>).</summary>
    public required string Label { get; init; }

    /// <summary>Header names whose values are redacted besides those HarmonyGen always redacts, as written.</summary>
    public required EquatableArray<string> RedactHeaders { get; init; }

    /// <summary>
    /// <c>[proxy] sensitive_field_patterns</c>: regexes (unanchored, ignoring case) of header and query parameter names
    /// whose values are redacted too, as Harmony hands them to every log_dump.
    /// </summary>
    public required EquatableArray<string> SensitiveFieldPatterns { get; init; }

    /// <summary>Metadata names whose values are redacted besides secret-looking names and the patterns, as written.</summary>
    public EquatableArray<string> RedactMetadata { get; init; } = EquatableArray<string>.Empty;
}
