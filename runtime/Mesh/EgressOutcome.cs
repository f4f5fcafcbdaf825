using HarmonyGen.Diagnostics;

namespace HarmonyGen.Mesh;

/// <summary>
/// The outcome of egress authorization: the <c>Authorization</c> header value the backend gets (null when the egress
/// adds none, or there is no egress), or the answer to a request that may not leave.
/// </summary>
internal readonly struct EgressOutcome
{
    private EgressOutcome(string? authorization, Rejection? rejection)
    {
        Authorization = authorization;
        Rejection = rejection;
    }

    /// <summary>No egress token: the request leaves as it is (less any consumed mesh token).</summary>
    public static EgressOutcome None => default;

    public string? Authorization { get; }

    /// <summary>The answer to a refused request; null when it may leave.</summary>
    public Rejection? Rejection { get; }

    public static EgressOutcome Token(string authorization) => new(authorization, null);

    public static EgressOutcome Refused(Rejection rejection) => new(null, rejection);
}
