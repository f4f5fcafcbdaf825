using System;
using System.Globalization;

namespace HarmonyGen.Generator.Validation;

/// <summary>
/// Sizes as people write them in configuration: <c>1048576</c>, <c>"10MB"</c>, <c>"512 KiB"</c>, <c>"1TiB"</c>. KB, MB,
/// GB and TB are decimal (1000), KiB, MiB, GiB and TiB binary (1024), as IEC 80000-13 has it; units are
/// case-insensitive. The binary units are tried first, so "TiB" is never read as "B" after a number "1Ti".
/// </summary>
internal static class ByteSize
{
    private static readonly (string Unit, long Factor)[] s_units =
    {
        ("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30), ("TiB", 1L << 40),
        ("KB", 1000L), ("MB", 1000_000L), ("GB", 1000_000_000L), ("TB", 1000_000_000_000L),
        ("B", 1L),
    };

    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        string trimmed = text.Trim();
        long factor = 1;
        foreach ((string unit, long f) in s_units)
        {
            if (trimmed.EndsWith(unit, StringComparison.OrdinalIgnoreCase))
            {
                factor = f;
                trimmed = trimmed.Substring(0, trimmed.Length - unit.Length).TrimEnd();
                break;
            }
        }

        if (trimmed.Length == 0 || !long.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out long count))
        {
            return false;
        }

        try
        {
            bytes = checked(count * factor);
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }
}
