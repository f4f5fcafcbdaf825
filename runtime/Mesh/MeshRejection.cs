namespace HarmonyGen.Mesh;

/// <summary>
/// Why a mesh token (or a request without one) was refused: a bounded set, so it can be a metric tag and a span tag.
/// The human-readable reason goes to the client and the log; this code goes to telemetry. Never derived from token text.
/// </summary>
internal enum MeshRejection
{
    None,

    /// <summary>No <c>Authorization: Bearer</c> token on a mesh-mode ingress.</summary>
    Missing,

    /// <summary>Empty, too large, not a JWT, or not parseable.</summary>
    Malformed,

    /// <summary><c>iss</c> names no mesh this ingress belongs to.</summary>
    WrongMesh,

    /// <summary><c>mesh_id</c> does not match the mesh <c>iss</c> names.</summary>
    WrongMeshId,

    /// <summary>The token passed its mesh lookup but the handler refused its issuer.</summary>
    WrongIssuer,

    /// <summary>The gateway holds no verifying key for the token's mesh.</summary>
    NoVerifyingKey,

    WrongAlgorithm,

    /// <summary>A provider mesh's token without a <c>kid</c>.</summary>
    MissingKeyId,

    /// <summary>A <c>kid</c> the provider does not publish.</summary>
    UnknownKey,

    BadSignature,

    Expired,

    /// <summary><c>iat</c> (or <c>nbf</c>) beyond the leeway in the future.</summary>
    NotYetValid,

    /// <summary><c>iat</c> or <c>exp</c> missing.</summary>
    MissingLifetime,

    LifetimeTooLong,

    /// <summary>No <c>sub</c>, or one that is not a plain header value (it is told to the backend).</summary>
    MissingSender,

    /// <summary><c>dest_url</c> or <c>aud</c> names another member, is malformed, or <c>aud</c> is missing where the mesh requires it.</summary>
    WrongAudience,

    /// <summary>The token's provider could not be asked for its keys (502/503, whatever the mode).</summary>
    ProviderUnavailable,

    /// <summary>A mesh-mode egress reached by a request that did not arrive with a valid mesh token.</summary>
    NoMeshContext,

    /// <summary>Refused by the token handler for a reason none of the above names.</summary>
    Invalid,
}

/// <summary>The tag value of each <see cref="MeshRejection"/> (constant strings: no allocation when tagging).</summary>
internal static class MeshRejectionNames
{
    public static string TagValue(this MeshRejection rejection) => rejection switch
    {
        MeshRejection.Missing => "missing",
        MeshRejection.Malformed => "malformed",
        MeshRejection.WrongMesh => "wrong_mesh",
        MeshRejection.WrongMeshId => "wrong_mesh_id",
        MeshRejection.WrongIssuer => "wrong_issuer",
        MeshRejection.NoVerifyingKey => "no_verifying_key",
        MeshRejection.WrongAlgorithm => "wrong_algorithm",
        MeshRejection.MissingKeyId => "missing_kid",
        MeshRejection.UnknownKey => "unknown_key",
        MeshRejection.BadSignature => "bad_signature",
        MeshRejection.Expired => "expired",
        MeshRejection.NotYetValid => "not_yet_valid",
        MeshRejection.MissingLifetime => "missing_lifetime",
        MeshRejection.LifetimeTooLong => "lifetime_too_long",
        MeshRejection.MissingSender => "missing_sub",
        MeshRejection.WrongAudience => "wrong_audience",
        MeshRejection.ProviderUnavailable => "provider_unavailable",
        MeshRejection.NoMeshContext => "no_mesh_context",
        _ => "invalid",
    };
}
