namespace HarmonyGen.Generator.Spec;

/// <summary>
/// A <c>path_filter</c> middleware: the matchit patterns of which the request path (after the matched prefix) must
/// match one, else 404 without reaching the backend. Request chain only, as in Harmony.
/// </summary>
internal sealed record PathFilterOptionsSpec : MiddlewareOptionsSpec
{
    /// <summary>The patterns as written, each valid to Harmony's matcher (Validation/PathPattern.cs).</summary>
    public required EquatableArray<string> Rules { get; init; }
}
