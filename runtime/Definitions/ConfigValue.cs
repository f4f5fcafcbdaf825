using System;

namespace HarmonyGen.Definitions;

/// <summary>
/// A configuration string that is either written in the TOML or read from an environment variable at start-up
/// (<c>"${NAME}"</c>). Secrets and key paths use it so that they never have to live in source control.
/// </summary>
/// <param name="Literal">The value as written, when it is not an environment reference.</param>
/// <param name="EnvironmentVariable">The variable to read at start-up, when the value was <c>"${NAME}"</c>.</param>
/// <param name="TomlKey">Where the value came from, as <c>mesh.m.jwt_secret (mesh/m.toml)</c>, for start-up errors (the file, never a line: see docs/architecture.md).</param>
public sealed record ConfigValue(string? Literal, string? EnvironmentVariable, string TomlKey)
{
    /// <summary>A value written in the TOML.</summary>
    public static ConfigValue FromLiteral(string value, string tomlKey) => new(value, null, tomlKey);

    /// <summary>A value read from <paramref name="variable"/> at start-up.</summary>
    public static ConfigValue FromEnvironment(string variable, string tomlKey) => new(null, variable, tomlKey);

    /// <summary>
    /// The value to use. An environment reference whose variable is unset or empty throws: a gateway must never
    /// start with an empty secret.
    /// </summary>
    public string Resolve(Func<string, string?> getEnvironmentVariable)
    {
        if (EnvironmentVariable is null)
        {
            return Literal ?? string.Empty;
        }

        string? value = getEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrEmpty(value))
        {
            throw new InvalidOperationException(
                $"Environment variable '{EnvironmentVariable}' is not set; {TomlKey} needs it.");
        }

        return value;
    }

    /// <summary>
    /// The value as a file path (a key or a certificate). A relative path is looked up beside the application first,
    /// where a publish puts files it copies, then in the working directory.
    /// </summary>
    public string ResolvePath(Func<string, string?> getEnvironmentVariable)
    {
        string path = Resolve(getEnvironmentVariable);
        if (System.IO.Path.IsPathRooted(path))
        {
            return path;
        }

        string besideApp = System.IO.Path.Combine(AppContext.BaseDirectory, path);
        return System.IO.File.Exists(besideApp) ? besideApp : System.IO.Path.GetFullPath(path);
    }

    /// <summary>Resolves against the process environment.</summary>
    public string Resolve() => Resolve(Environment.GetEnvironmentVariable);

    /// <inheritdoc />
    public override string ToString() => EnvironmentVariable is null ? $"{TomlKey} (literal)" : $"${{{EnvironmentVariable}}}";
}
