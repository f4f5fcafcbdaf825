using System.Text;

namespace HarmonyGen.Generator.Validation;

/// <summary>
/// A path rule's pattern in the syntax of matchit 0.8, the router Harmony compiles path rules with: literal text,
/// <c>{name}</c> for one segment, <c>{*name}</c> for the rest of the path (last only), <c>{{</c> and <c>}}</c> for literal braces.
/// </summary>
internal static class PathPattern
{
    /// <summary>Null when <paramref name="pattern"/> is valid; otherwise why not.</summary>
    public static string? Check(string pattern)
    {
        if (!pattern.StartsWith("/", System.StringComparison.Ordinal))
        {
            return "it must start with '/'";
        }

        bool afterParameter = false;
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if ((c == '{' || c == '}') && i + 1 < pattern.Length && pattern[i + 1] == c)
            {
                i++; // an escaped brace is a literal
                afterParameter = false;
                continue;
            }

            if (c == '}')
            {
                return "a '}' closes no '{' (write '}}' for a literal brace)";
            }

            if (c == '*')
            {
                // Harmony's docs show /api/* as a wildcard; matchit reads it as a literal '*', so the rule would never match.
                return "'*' outside braces is a literal asterisk to Harmony's matcher, not a wildcard; write '{*rest}' for the rest of the path or '{name}' for one segment";
            }

            if (c != '{')
            {
                afterParameter = false;
                continue;
            }

            if (afterParameter)
            {
                return "two parameters touch; put literal text between them";
            }

            int close = pattern.IndexOf('}', i + 1);
            if (close < 0)
            {
                return "a '{' is never closed (write '{{' for a literal brace)";
            }

            string name = pattern.Substring(i + 1, close - i - 1);
            bool catchAll = name.StartsWith("*", System.StringComparison.Ordinal);
            if (catchAll)
            {
                name = name.Substring(1);
            }

            if (name.Length == 0 || name.IndexOfAny(new[] { '{', '/', '*' }) >= 0)
            {
                return $"'{{{(catchAll ? "*" : string.Empty)}{name}}}' needs a parameter name without '/', '*' or braces";
            }

            if (catchAll && close != pattern.Length - 1)
            {
                return "a catch-all '{*" + name + "}' must end the pattern";
            }

            i = close;
            afterParameter = true;
        }

        return null;
    }

    /// <summary>The pattern with parameter names dropped: two patterns of one shape are one route to matchit, which refuses the second.</summary>
    public static string Shape(string pattern)
    {
        var shape = new StringBuilder(pattern.Length);
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '{' && i + 1 < pattern.Length && pattern[i + 1] != '{' && pattern.IndexOf('}', i) is int close and > 0)
            {
                shape.Append(pattern[i + 1] == '*' ? "{*}" : "{}");
                i = close;
                continue;
            }

            shape.Append(c);
        }

        return shape.ToString();
    }
}
