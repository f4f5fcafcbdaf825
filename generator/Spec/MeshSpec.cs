namespace HarmonyGen.Generator.Spec;

internal sealed record MeshSpec
{
    public required string Name { get; init; }

    public required string MemberName { get; init; }

    public required string File { get; init; }

    /// <summary>The <c>mesh_id</c> claim: <c>id</c> when set, else the mesh name.</summary>
    public required string MeshId { get; init; }

    public required MeshProvider Provider { get; init; }

    public required TransportType Type { get; init; }

    public required MeshAlgorithm Algorithm { get; init; }

    public ConfigValueSpec? SharedSecret { get; init; }

    public ConfigValueSpec? PrivateKeyPath { get; init; }

    public ConfigValueSpec? PublicKeyPath { get; init; }

    /// <summary>HS256 only: the secret being rotated out, accepted when verifying, never used to sign.</summary>
    public ConfigValueSpec? PreviousSecret { get; init; }

    /// <summary>RS256 only: the public key being rotated out, accepted when verifying.</summary>
    public ConfigValueSpec? PreviousPublicKeyPath { get; init; }

    public string? JwksUrl { get; init; }

    /// <summary><c>jwt_audience</c>: tokens signed here carry <c>aud</c>, and this gateway's ingresses require it.</summary>
    public bool JwtAudience { get; init; }

    /// <summary><c>caller_header</c>, when set: the header a backend finds a validated token's <c>sub</c> in.</summary>
    public string? CallerHeader { get; init; }

    /// <summary><c>caller_mesh_header</c>, when set: the header a backend finds a validated token's mesh in.</summary>
    public string? CallerMeshHeader { get; init; }

    public required EquatableArray<string> Ingresses { get; init; }

    public required EquatableArray<string> RemoteIngresses { get; init; }

    public required EquatableArray<string> Egresses { get; init; }

    public required EquatableArray<ProviderReferenceSpec> ProviderReferences { get; init; }

    public required bool Enabled { get; init; }

    public string? Description { get; init; }

    public bool IsRotating => PreviousSecret is not null || PreviousPublicKeyPath is not null;
}

/// <summary>A reference to a provider's resource (<c>runbeam.name.X</c> and the longer forms), resolved at run time.</summary>
internal sealed record ProviderReferenceSpec
{
    public required string Text { get; init; }

    public required string Provider { get; init; }

    public string? Team { get; init; }

    public string? ResourceType { get; init; }

    public required bool ByName { get; init; }

    public required string Value { get; init; }
}

internal sealed record ProviderSpec
{
    public required string Name { get; init; }

    public string? Api { get; init; }

    public required int PollIntervalSeconds { get; init; }
}
