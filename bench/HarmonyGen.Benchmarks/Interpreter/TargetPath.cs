using System;
using System.Collections.Generic;
using System.Globalization;
using HarmonyGen.Transforms;

namespace HarmonyGen.Benchmarks.Interpreter;

/// <summary>
/// A shift target: dot-separated keys, each made of text and <c>&amp;</c> references (<c>&amp;</c>, <c>&amp;(n)</c>,
/// <c>&amp;(n,m)</c>), and <c>[n]</c>, <c>[&amp;(n)]</c> or <c>[]</c> indexes after a key. Written from the output's root
/// on every put.
/// </summary>
internal sealed class TargetPath
{
    private readonly Step[] _steps;

    private TargetPath(Step[] steps) => _steps = steps;

    private enum StepKind
    {
        Key,
        Index,
        IndexOfMatch,
        Append,
    }

    /// <summary>A key's pieces: text, or (when <see cref="Text"/> is null) the key matched <see cref="Level"/> levels up.</summary>
    private readonly record struct Piece(string? Text, int Level, int Match);

    private sealed record Step(StepKind Kind, Piece[] Pieces, int Index, int Level, int Match);

    public static TargetPath Parse(string target)
    {
        var steps = new List<Step>();
        int at = 0;
        while (at < target.Length)
        {
            if (target[at] != '[')
            {
                steps.Add(Key(target, ref at));
            }

            while (at < target.Length && target[at] == '[')
            {
                steps.Add(Index(target, ref at));
            }

            if (at < target.Length)
            {
                if (target[at] != '.' || at == target.Length - 1)
                {
                    throw new NotSupportedException($"target '{target}' is not interpreted");
                }

                at++;
            }
        }

        return new TargetPath(steps.ToArray());
    }

    /// <summary>The place this target names in <paramref name="output"/>, for the input levels of <paramref name="path"/>.</summary>
    public JoltSlot Slot(JoltPath path, JoltOutput output)
    {
        JoltSlot slot = output.Start;
        foreach (Step step in _steps)
        {
            slot = step.Kind switch
            {
                StepKind.Key => slot.Key(KeyOf(step.Pieces, path)),
                StepKind.Index => slot.Index(step.Index),
                StepKind.IndexOfMatch => slot.Index(JoltRead.IndexOf(path.Match(step.Level, step.Match))),
                _ => slot.Append(),
            };
        }

        return slot;
    }

    private static string KeyOf(Piece[] pieces, JoltPath path)
    {
        if (pieces.Length == 1)
        {
            return pieces[0].Text ?? path.Match(pieces[0].Level, pieces[0].Match);
        }

        var parts = new string[pieces.Length];
        for (int i = 0; i < pieces.Length; i++)
        {
            parts[i] = pieces[i].Text ?? path.Match(pieces[i].Level, pieces[i].Match);
        }

        return string.Concat(parts);
    }

    private static Step Key(string target, ref int at)
    {
        var pieces = new List<Piece>();
        while (at < target.Length && target[at] is not ('.' or '['))
        {
            if (target[at] == '&')
            {
                int end = KeyText.ReferenceEnd(target, at + 1);
                if (end < target.Length && char.IsAsciiDigit(target[end]))
                {
                    // '&1': '&' then the text "1" to fluvio-jolt, the level one up to Java JOLT; the specs write '&(1)'.
                    throw new NotSupportedException($"target '{target}' writes '&' before a digit");
                }

                (int level, int match) = KeyText.Numbers(target, at + 1, end);
                pieces.Add(new Piece(null, level, match));
                at = end;
                continue;
            }

            int start = at;
            while (at < target.Length && target[at] is not ('.' or '[' or '&'))
            {
                at++;
            }

            pieces.Add(new Piece(KeyText.Plain(target[start..at]), 0, 0));
        }

        return pieces.Count > 0 ? new Step(StepKind.Key, pieces.ToArray(), 0, 0, 0) : throw new NotSupportedException($"target '{target}' has an empty key");
    }

    private static Step Index(string target, ref int at)
    {
        int close = target.IndexOf(']', at);
        if (close < 0)
        {
            throw new NotSupportedException($"target '{target}' has no ']'");
        }

        string inside = target[(at + 1)..close];
        at = close + 1;
        if (inside.Length == 0)
        {
            return new Step(StepKind.Append, [], 0, 0, 0);
        }

        if (inside[0] == '&')
        {
            (int level, int match) = KeyText.Reference(inside, 1);
            return new Step(StepKind.IndexOfMatch, [], 0, level, match);
        }

        return new Step(StepKind.Index, [], int.Parse(inside, NumberStyles.None, CultureInfo.InvariantCulture), 0, 0);
    }
}
