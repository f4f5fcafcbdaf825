namespace HarmonyGen.Generator;

/// <summary>Names of the tracked incremental steps, for the caching tests.</summary>
internal static class TrackingNames
{
    public const string Parse = nameof(Parse);
    public const string KnownFiles = nameof(KnownFiles);

    /// <summary>The RSA public keys of the project's key files, for the mesh contract: HG0606, HG0607.</summary>
    public const string KeyFiles = nameof(KeyFiles);

    /// <summary>Each JSON AdditionalFile read as a JOLT transform spec.</summary>
    public const string TransformSpecs = nameof(TransformSpecs);

    public const string Options = nameof(Options);
    public const string Merge = nameof(Merge);
    public const string Gateway = nameof(Gateway);
    public const string Validate = nameof(Validate);

    /// <summary>The validated spec alone: what the source output depends on.</summary>
    public const string Spec = nameof(Spec);

    /// <summary>The diagnostics alone: what the diagnostics output depends on.</summary>
    public const string Diagnostics = nameof(Diagnostics);

    /// <summary>Each root's ends of mesh hops (egresses and ingress URLs with their meshes).</summary>
    public const string MeshHops = nameof(MeshHops);

    /// <summary>The mesh contract between every root of the project: HG0605 to HG0607.</summary>
    public const string MeshContract = nameof(MeshContract);
}
