using System;
using System.Collections.Generic;
using System.Net;
using System.Text;
using HarmonyGen.Definitions;
using Microsoft.AspNetCore.Http;

namespace HarmonyGen.Middleware.Policies;

/// <summary>
/// <c>path</c>: the request path against patterns in the syntax of matchit 0.8, the router Harmony compiles path rules
/// with, as the generator validated them (Validation/PathPattern.cs): literal text, <c>{name}</c> for one or more
/// characters of one segment, <c>{*name}</c> for one or more characters to the end (so <c>/admin/{*rest}</c> does not
/// match <c>/admin/</c> or <c>/admin</c>), <c>{{</c> and <c>}}</c> for literal braces. The path is the one the backend is
/// asked for, decoded as ASP.NET Core decodes it (so <c>/%61dmin</c> is <c>/admin</c>), compared case-sensitively, a
/// trailing slash significant, as matchit compares it.
/// </summary>
internal sealed class PathRule : PolicyRule
{
    private readonly Part[][] _patterns;
    private readonly RuleMode _mode;

    public PathRule(PolicyRuleDefinition definition, ListCondition list)
        : base(definition)
    {
        _mode = list.Mode;
        _patterns = new Part[list.Values.Length][];
        for (int i = 0; i < _patterns.Length; i++)
        {
            _patterns[i] = Compile(list.Values[i]);
        }
    }

    public override RuleVerdict Evaluate(HttpContext context, IPAddress? client)
    {
        string? path = context.Request.Path.Value;
        ReadOnlySpan<char> value = string.IsNullOrEmpty(path) ? "/" : path;
        foreach (Part[] pattern in _patterns)
        {
            if (Matches(pattern, 0, value))
            {
                return Listed(true, _mode);
            }
        }

        return RuleVerdict.NoMatch;
    }

    /// <summary>True when <paramref name="path"/> matches <paramref name="pattern"/> from part <paramref name="index"/> on.</summary>
    internal static bool Matches(Part[] pattern, int index, ReadOnlySpan<char> path)
    {
        if (index == pattern.Length)
        {
            return path.IsEmpty;
        }

        Part part = pattern[index];
        switch (part.Kind)
        {
            case PartKind.Literal:
                return path.StartsWith(part.Text, StringComparison.Ordinal) && Matches(pattern, index + 1, path[part.Text.Length..]);
            case PartKind.CatchAll:
                return !path.IsEmpty;
            default:
                // One segment's characters, at least one; a literal after the parameter in the same segment is tried
                // from the longest take down.
                int segment = path.IndexOf('/');
                int longest = segment < 0 ? path.Length : segment;
                for (int take = longest; take >= 1; take--)
                {
                    if (Matches(pattern, index + 1, path[take..]))
                    {
                        return true;
                    }
                }

                return false;
        }
    }

    /// <summary>A validated pattern as parts: runs of literal text (braces unescaped), parameters, a catch-all.</summary>
    internal static Part[] Compile(string pattern)
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

        return parts.ToArray();
    }

    internal enum PartKind
    {
        Literal,
        Parameter,
        CatchAll,
    }

    internal readonly record struct Part(PartKind Kind, string Text);
}
