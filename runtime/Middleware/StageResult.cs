using HarmonyGen.Diagnostics;

namespace HarmonyGen.Middleware;

/// <summary>
/// What a pipeline stage decided: go on (the default value, so a completed <c>ValueTask&lt;StageResult&gt;</c> costs
/// nothing), or refuse the request with a problem answer that the edge of the request path writes.
/// </summary>
internal readonly struct StageResult
{
    private StageResult(Rejection rejection) => Rejection = rejection;

    public static StageResult Continue => default;

    /// <summary>The answer instead of the backend's; null to go on.</summary>
    public Rejection? Rejection { get; }

    public static StageResult Reject(Rejection rejection) => new(rejection);
}
