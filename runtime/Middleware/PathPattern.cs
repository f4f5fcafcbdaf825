using System;
using System.Collections.Generic;
using System.Text;

namespace HarmonyGen.Middleware;

/// <summary>
/// A path pattern in the syntax of matchit 0.8, the router Harmony compiles policy <c>path</c> rules and
/// <c>path_filter</c> rules with, as the generator validated it (generator/Validation/PathPattern.cs): literal text,
/// <c>{name}</c> for one or more characters of one segment, <c>{*name}</c> for one or more characters to the end (so
/// <c>/admin/{*rest}</c> does not match <c>/admin/</c> or <c>/admin</c>), <c>{{</c> and <c>}}</c> for literal braces.
/// Compared case-sensitively, a trailing slash significant, as matchit compares. Compiled once; matching allocates nothing.
/// </summary>
internal sealed class PathPattern
{
    private readonly Part[] _parts;

    private PathPattern(Part[] parts) => _parts = parts;

    /// <summary>True when all of <paramref name="path"/> matches the pattern.</summary>
    public bool Matches(ReadOnlySpan<char> path) => Matches(0, path);

    /// <summary>True when <paramref name="path"/> matches the pattern from part <paramref name="index"/> on.</summary>
    private bool Matches(int index, ReadOnlySpan<char> path)
    {
        if (index == _parts.Length)
        {
            return path.IsEmpty;
        }

        Part part = _parts[index];
        switch (part.Kind)
        {
            case PartKind.Literal:
                return path.StartsWith(part.Text, StringComparison.Ordinal) && Matches(index + 1, path[part.Text.Length..]);
            case PartKind.CatchAll:
                return !path.IsEmpty;
            default:
                // One segment's characters, at least one; a literal after the parameter in the same segment is tried
                // from the longest take down.
                int segment = path.IndexOf('/');
                int longest = segment < 0 ? path.Length : segment;
                for (int take = longest; take >= 1; take--)
                {
                    if (Matches(index + 1, path[take..]))
                    {
                        return true;
                    }
                }

                return false;
        }
    }

    /// <summary>A validated pattern as parts: runs of literal text (braces unescaped), parameters, a catch-all.</summary>
    public static PathPattern Compile(string pattern)
    {
        var parts = new List<Part>();
        var literal = new StringBuilder();
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if ((c == '{' || c == '}') && i + 1 < pattern.Length && pattern[i + 1] == c)
            {
                literal.Append(c);
                i++;
                continue;
            }

            if (c != '{')
            {
                literal.Append(c);
                continue;
            }

            if (literal.Length > 0)
            {
                parts.Add(new Part(PartKind.Literal, literal.ToString()));
                literal.Clear();
            }

            int close = pattern.IndexOf('}', i + 1);
            parts.Add(new Part(pattern[i + 1] == '*' ? PartKind.CatchAll : PartKind.Parameter, string.Empty));
            i = close;
        }

        if (literal.Length > 0)
        {
            parts.Add(new Part(PartKind.Literal, literal.ToString()));
        }

        return new PathPattern(parts.ToArray());
    }

    private enum PartKind
    {
        Literal,
        Parameter,
        CatchAll,
    }

    private readonly record struct Part(PartKind Kind, string Text);
}
