using System;
using System.Globalization;
using System.Linq;

namespace HarmonyGen.Benchmarks.Interpreter;

/// <summary>The pieces of Harmony's key language the benchmark's specs write, read strictly: anything else is refused.</summary>
internal static class KeyText
{
    private const string Special = "$&@#*|[]().,\\";

    /// <summary>Literal text: no character of the language in it (the specs need no escapes).</summary>
    public static string Plain(string text) =>
        text.IndexOfAny(Special.ToCharArray()) < 0 ? text : throw new NotSupportedException($"'{text}' is not plain text");

    /// <summary><c>&amp;</c> or <c>$</c> at <paramref name="at"/> - 1, then nothing, <c>(n)</c> or <c>(n,m)</c>: the level and match.</summary>
    public static (int Level, int Match) Reference(string text, int at)
    {
        int end = ReferenceEnd(text, at);
        if (end != text.Length)
        {
            throw new NotSupportedException($"'{text}' is not a reference");
        }

        return Numbers(text, at, end);
    }

    /// <summary>Where the <c>(n)</c> or <c>(n,m)</c> after a sigil ends (<paramref name="at"/> itself when there is none).</summary>
    public static int ReferenceEnd(string text, int at)
    {
        if (at >= text.Length || text[at] != '(')
        {
            return at;
        }

        int close = text.IndexOf(')', at);
        return close < 0 ? throw new NotSupportedException($"'{text}' has no ')'") : close + 1;
    }

    /// <summary>The level and match written between <paramref name="at"/> and <paramref name="end"/>: (0, 0) when nothing is.</summary>
    public static (int Level, int Match) Numbers(string text, int at, int end)
    {
        if (end == at)
        {
            return (0, 0);
        }

        int[] numbers = text[(at + 1)..(end - 1)].Split(',').Select(n => int.Parse(n, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray();
        return numbers.Length switch
        {
            1 => (numbers[0], 0),
            2 => (numbers[0], numbers[1]),
            _ => throw new NotSupportedException($"'{text}' is not a reference"),
        };
    }

    /// <summary><c>@</c>, <c>@(path)</c> or <c>@(n,path)</c>, the path made of plain keys: the level and the keys.</summary>
    public static (int Level, string[] Path) Read(string key)
    {
        if (key == "@")
        {
            return (0, []);
        }

        if (!key.StartsWith("@(", StringComparison.Ordinal) || !key.EndsWith(')'))
        {
            throw new NotSupportedException($"'{key}' is not read");
        }

        string inside = key[2..^1];
        int comma = inside.IndexOf(',');
        int level = comma < 0 ? 0 : int.Parse(inside[..comma], NumberStyles.None, CultureInfo.InvariantCulture);
        string path = comma < 0 ? inside : inside[(comma + 1)..];
        return (level, path.Length == 0 ? [] : path.Split('.').Select(Plain).ToArray());
    }
}
