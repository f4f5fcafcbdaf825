namespace HarmonyGen.Mesh;

/// <summary>The names of the mesh token's private claims, as Harmony and the Runbeam provider write them.</summary>
internal static class MeshClaims
{
    /// <summary>The mesh's id (<c>id</c>, else its name): every member checks it.</summary>
    public const string MeshId = "mesh_id";

    /// <summary>
    /// Where the token may be used: a URL whose origin is the receiving member's ingress origin. The Runbeam provider
    /// puts the egress's destination URL here; HarmonyGen puts the destination's origin. Harmony ignores it, so unlike
    /// <c>aud</c> it does not make a Harmony member refuse the token.
    /// </summary>
    public const string Destination = "dest_url";

    /// <summary>The prefix of the <c>aud</c> a Runbeam provider gives its tokens: <c>mesh:</c> and the mesh id.</summary>
    public const string ProviderAudiencePrefix = "mesh:";
}
