using System;

namespace HarmonyGen.Generator.Validation;

/// <summary>
/// A TOML enum word as the spec's enum: every spec enum member is its TOML word in Pascal case (<c>http3</c> is
/// <c>Http3</c>, <c>dicomweb</c> is <c>DicomWeb</c>), so the match is by name, ignoring case.
/// </summary>
internal static class TomlEnum
{
    public static T Parse<T>(string? word, T absent)
        where T : struct, Enum
    {
        if (word is null)
        {
            return absent;
        }

        foreach (T value in (T[])Enum.GetValues(typeof(T)))
        {
            if (string.Equals(value.ToString(), word, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        // The binder admits only the words it lists, so this is a word the spec has no member for: a generator bug.
        throw new ArgumentException($"'{word}' is not a {typeof(T).Name}.", nameof(word));
    }
}
