using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace HarmonyGen.Benchmarks.Interpreter;

/// <summary>
/// A shift spec object, its keys sorted as Harmony's engine sorts them: value keys (<c>$</c>, <c>@</c>, <c>#</c>) run
/// once per object; for each input key a literal key is looked up first, then <c>&amp;</c> keys, then wildcard keys
/// in written order, and the first that matches decides.
/// </summary>
internal sealed class ShiftSpec
{
    public List<ValueKey> ValueKeys { get; } = new();

    public Dictionary<string, ShiftMember> Literals { get; } = new(StringComparer.Ordinal);

    public List<(int Level, int Match, ShiftMember Member)> Amps { get; } = new();

    public List<(string[][] Alternatives, ShiftMember Member)> Wildcards { get; } = new();

    public bool MatchesKeys => Literals.Count + Amps.Count + Wildcards.Count > 0;

    public static ShiftSpec Read(JsonObject spec)
    {
        var node = new ShiftSpec();
        foreach (KeyValuePair<string, JsonNode?> member in spec)
        {
            string key = member.Key;
            if (key.Length == 0)
            {
                throw new NotSupportedException("an empty shift key is not interpreted");
            }

            switch (key[0])
            {
                case '#':
                    node.ValueKeys.Add(ValueKey.Text(KeyText.Plain(key[1..]), Targets(member.Value)));
                    continue;
                case '$':
                {
                    (int level, int match) = KeyText.Reference(key, 1);
                    node.ValueKeys.Add(ValueKey.Dollar(level, match, Targets(member.Value)));
                    continue;
                }

                case '@':
                {
                    (int level, string[] path) = KeyText.Read(key);
                    node.ValueKeys.Add(ValueKey.At(level, path, Targets(member.Value)));
                    continue;
                }

                case '&':
                {
                    (int level, int match) = KeyText.Reference(key, 1);
                    node.Amps.Add((level, match, Member(member.Value)));
                    continue;
                }
            }

            if (key.Contains('*') || key.Contains('|'))
            {
                string[][] alternatives = key.Split('|').Select(Stars).ToArray();
                node.Wildcards.Add((alternatives, Member(member.Value)));
            }
            else
            {
                node.Literals.Add(KeyText.Plain(key), Member(member.Value));
            }
        }

        return node;
    }

    /// <summary>One alternative of a wildcard key: the text around its stars (<c>a*b</c> is "a", "b"; <c>*</c> is "", "").</summary>
    private static string[] Stars(string alternative)
    {
        string[] segments = alternative.Split('*').Select(KeyText.Plain).ToArray();
        for (int i = 1; i < segments.Length - 1; i++)
        {
            if (segments[i].Length == 0)
            {
                throw new NotSupportedException($"'{alternative}' has two stars together");
            }
        }

        return segments;
    }

    /// <summary>A key that matches input keys: an object to go down into, targets for the matched value, or null (drop it).</summary>
    private static ShiftMember Member(JsonNode? value) => value switch
    {
        JsonObject inner => new ShiftMember(Read(inner), []),
        null => new ShiftMember(null, []),
        _ => new ShiftMember(null, Targets(value)),
    };

    private static TargetPath[] Targets(JsonNode? value) => value switch
    {
        JsonArray many => many.Select(t => TargetPath.Parse(t?.GetValue<string>() ?? throw new NotSupportedException("a target is a string"))).ToArray(),
        JsonValue one => [TargetPath.Parse(one.GetValue<string>())],
        _ => throw new NotSupportedException("a shift value is a target, an array of targets, an object or null"),
    };
}

/// <summary>A member of a shift spec that matched an input key: go down into <see cref="Inner"/>, or put the value at each target.</summary>
internal sealed record ShiftMember(ShiftSpec? Inner, TargetPath[] Targets);
