using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace HarmonyGen.Transforms;

/// <summary>
/// The input levels a compiled shift is inside, innermost last: for each, the strings its key matched (the whole key
/// first, then what each <c>*</c> matched) and the input value there. <c>&amp;(n,m)</c> and <c>@(n,...)</c> count n
/// levels up from the innermost, as fluvio-jolt's shift does (src/shift.rs, <c>get_match</c>, <c>eval_at</c>).
/// </summary>
public sealed class JoltPath
{
    private static readonly string[] s_root = ["root"];

    private readonly List<(string[] Matches, JsonNode? Value)> _levels = new(8);

    /// <summary>Starts at the input's root, whose key is "root" as in fluvio-jolt.</summary>
    public JoltPath(JsonNode? input) => _levels.Add((s_root, input));

    /// <summary>The innermost input value.</summary>
    public JsonNode? Value => _levels[^1].Value;

    /// <summary>The whole key of the innermost level.</summary>
    public string Key => _levels[^1].Matches[0];

    /// <summary>Enters an input key matched as <paramref name="key"/> alone (a literal or <c>&amp;</c> key).</summary>
    public void Push(string key, JsonNode? value) => _levels.Add(([key], value));

    /// <summary>Enters an input key matched by a wildcard, with what it matched.</summary>
    public void Push(string[] matches, JsonNode? value) => _levels.Add((matches, value));

    /// <summary>A <c>$</c>, <c>@</c> or <c>#</c> key: a level with the innermost one's matches and value again.</summary>
    public void PushSame() => _levels.Add(_levels[^1]);

    /// <summary>Leaves the innermost level.</summary>
    public void Pop() => _levels.RemoveAt(_levels.Count - 1);

    /// <summary>What <c>&amp;(level,match)</c> stands for.</summary>
    public string Match(int level, int match)
    {
        string[] matches = Level(level).Matches;
        if ((uint)match >= (uint)matches.Length)
        {
            throw new JoltTransformException($"'&({level},{match})' refers to match {match} of a key with {matches.Length}");
        }

        return matches[match];
    }

    /// <summary>What <c>&amp;(level,match)</c> stands for in a modify, which gives nothing (null) rather than fail.</summary>
    public string? MatchOrNull(int level, int match)
    {
        if ((uint)level >= (uint)_levels.Count)
        {
            return null;
        }

        string[] matches = _levels[_levels.Count - level - 1].Matches;
        return (uint)match < (uint)matches.Length ? matches[match] : null;
    }

    /// <summary>The input value <paramref name="level"/> levels up, where <c>@(level,...)</c> starts reading.</summary>
    public JsonNode? ValueAt(int level) => Level(level).Value;

    private (string[] Matches, JsonNode? Value) Level(int level)
    {
        if ((uint)level >= (uint)_levels.Count)
        {
            throw new JoltTransformException($"a reference {level} levels up goes above the input's root ({_levels.Count} levels deep)");
        }

        return _levels[_levels.Count - level - 1];
    }
}
