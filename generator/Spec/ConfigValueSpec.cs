namespace HarmonyGen.Generator.Spec;

/// <summary>A string read literally or from an environment variable at start-up.</summary>
/// <remarks>
/// <see cref="TomlKey"/> names the key and its file (<c>mesh.care.jwt_secret (mesh/care.toml)</c>) for start-up
/// errors; never a line, so that moving a line leaves the generated code as it was.
/// </remarks>
internal sealed record ConfigValueSpec
{
    public string? Literal { get; init; }

    public string? EnvironmentVariable { get; init; }

    public required string TomlKey { get; init; }
}
