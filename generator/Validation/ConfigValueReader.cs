using HarmonyGen.Generator.Parsing;
using HarmonyGen.Generator.Spec;

namespace HarmonyGen.Generator.Validation;

/// <summary>Reads <c>"${NAME}"</c> environment references; any other string is a literal.</summary>
internal static class ConfigValueReader
{
    /// <summary>
    /// A spec for the value, or null (with a diagnostic) when it starts like a reference but is not one, so that a
    /// typo such as <c>"${MESH_SECRET"</c> is never used as a literal secret.
    /// </summary>
    /// <param name="file">The file the value is written in, named in start-up errors with the key.</param>
    public static ConfigValueSpec? Read(TomlValue value, string tomlKey, string file, System.Collections.Generic.List<DiagnosticInfo> diagnostics)
    {
        string text = value.Text;
        string key = $"{tomlKey} ({file})";
        if (!text.StartsWith("${", System.StringComparison.Ordinal))
        {
            return new ConfigValueSpec { Literal = text, TomlKey = key };
        }

        if (text.Length > 3 && text[text.Length - 1] == '}' && IsVariableName(text, 2, text.Length - 3))
        {
            return new ConfigValueSpec { EnvironmentVariable = text.Substring(2, text.Length - 3), TomlKey = key };
        }

        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidEnvironmentReference, value.Location, text));
        return null;
    }

    public static bool IsEnvironmentReference(TomlValue value) => value.Text.StartsWith("${", System.StringComparison.Ordinal);

    private static bool IsVariableName(string text, int start, int length)
    {
        for (int i = start; i < start + length; i++)
        {
            char c = text[i];
            bool ok = c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (i > start && c >= '0' && c <= '9');
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
