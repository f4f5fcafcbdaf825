using HarmonyGen.Diagnostics;

namespace HarmonyGen.Mesh;

/// <summary>What ingress authentication decided for a request.</summary>
internal enum IngressDecision
{
    /// <summary>No valid mesh token, and none needed: the request goes on without mesh context.</summary>
    Anonymous,

    /// <summary>A valid mesh token: the request goes on with its mesh and sender.</summary>
    Authenticated,

    /// <summary>A mesh token was needed and none valid came: 403.</summary>
    Rejected,

    /// <summary>The token's provider could not be asked for its keys: 502 or 503, whatever the mode.</summary>
    ProviderUnavailable,
}

/// <summary>
/// The outcome of ingress authentication: the decision, the token's validation (valid when
/// <see cref="IngressDecision.Authenticated"/>), and for a refusal its bounded reason and the answer to send.
/// The default value is anonymous, so a request with nothing to check gets a completed <c>ValueTask</c> for free.
/// </summary>
internal readonly struct IngressOutcome
{
    private IngressOutcome(IngressDecision decision, MeshValidation mesh, MeshRejection reason, Rejection? rejection)
    {
        Decision = decision;
        Mesh = mesh;
        Reason = reason;
        Rejection = rejection;
    }

    public IngressDecision Decision { get; }

    /// <summary>The mesh context the request goes on with; default when no token was checked.</summary>
    public MeshValidation Mesh { get; }

    /// <summary>Why the request was refused, as metrics and traces tag it; <see cref="MeshRejection.None"/> otherwise.</summary>
    public MeshRejection Reason { get; }

    /// <summary>The answer to a refused request; null when it goes on.</summary>
    public Rejection? Rejection { get; }

    /// <summary>Goes on: with mesh context when <paramref name="mesh"/> is valid, else anonymously.</summary>
    public static IngressOutcome Allowed(in MeshValidation mesh) =>
        new(mesh.IsValid ? IngressDecision.Authenticated : IngressDecision.Anonymous, mesh, MeshRejection.None, null);

    public static IngressOutcome Rejected(MeshRejection reason, Rejection rejection) =>
        new(IngressDecision.Rejected, default, reason, rejection);

    public static IngressOutcome Unavailable(in MeshValidation mesh, Rejection rejection) =>
        new(IngressDecision.ProviderUnavailable, mesh, MeshRejection.ProviderUnavailable, rejection);
}
