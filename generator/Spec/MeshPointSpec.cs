namespace HarmonyGen.Generator.Spec;

internal sealed record IngressSpec
{
    public required string Name { get; init; }

    public required string MemberName { get; init; }

    public required string File { get; init; }

    public required string Pipeline { get; init; }

    public required string Endpoint { get; init; }

    public required TransportType Type { get; init; }

    public required MeshMode Mode { get; init; }

    /// <summary><see cref="Mode"/>, raised to <see cref="MeshMode.Mesh"/> by a <c>mesh_auth</c> middleware.</summary>
    public required MeshMode EffectiveMode { get; init; }

    public required EquatableArray<string> Urls { get; init; }

    public required bool Enabled { get; init; }

    public string? Description { get; init; }

    /// <summary>The enabled meshes that list this ingress.</summary>
    public required EquatableArray<string> Meshes { get; init; }
}

internal sealed record EgressSpec
{
    public required string Name { get; init; }

    public required string MemberName { get; init; }

    public required string File { get; init; }

    public required string Pipeline { get; init; }

    public required string Backend { get; init; }

    public required TransportType Type { get; init; }

    public required MeshMode Mode { get; init; }

    public required bool Enabled { get; init; }

    public string? Description { get; init; }

    /// <summary>The enabled meshes that list this egress (at most one without an error).</summary>
    public required EquatableArray<string> Meshes { get; init; }
}

internal sealed record RemoteIngressSpec
{
    public required string Name { get; init; }

    public required string MemberName { get; init; }

    public required string File { get; init; }

    public required EquatableArray<string> Urls { get; init; }
}
