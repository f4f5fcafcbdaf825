using System;
using System.Text.RegularExpressions;

namespace HarmonyGen.Middleware.Policies;

/// <summary>
/// A rule's regular expression, compiled once at start-up. Harmony uses Rust's regex crate: unanchored, no look-around
/// or backreferences, linear time; <see cref="RegexOptions.NonBacktracking"/> keeps that linear-time guarantee (the
/// generator refuses the constructs it lacks, HG0807). Harmony's docs write user_agent and query_parameter patterns as
/// <c>/body/flags</c> (<c>i</c>, <c>m</c>, <c>s</c>, <c>x</c>); a pattern in that form is its body with those flags,
/// any other is the pattern as written.
/// </summary>
internal static class PolicyRegex
{
    public static Regex Compile(string pattern, bool slashForm)
    {
        RegexOptions options = RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;
        string body = pattern;
        int close = pattern.LastIndexOf('/');
        if (slashForm && pattern.Length >= 2 && pattern[0] == '/' && close > 0 && IsFlags(pattern.AsSpan(close + 1)))
        {
            body = pattern.Substring(1, close - 1);
            foreach (char flag in pattern.AsSpan(close + 1))
            {
                options |= flag switch
                {
                    'i' => RegexOptions.IgnoreCase,
                    'm' => RegexOptions.Multiline,
                    's' => RegexOptions.Singleline,
                    _ => RegexOptions.IgnorePatternWhitespace,
                };
            }
        }

        return new Regex(body, options);
    }

    private static bool IsFlags(ReadOnlySpan<char> flags)
    {
        foreach (char c in flags)
        {
            if (c is not ('i' or 'm' or 's' or 'x'))
            {
                return false;
            }
        }

        return true;
    }
}
