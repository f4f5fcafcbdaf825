using System;
using System.Text.RegularExpressions;

namespace HarmonyGen.Generator.Validation;

/// <summary>
/// A policy rule's regular expression checked as the runtime will compile it (runtime/Middleware/Policies/PolicyRegex.cs):
/// <c>/body/flags</c> where the rule type takes that form (user_agent, query_parameter), else as written. Harmony's regex
/// crate has no look-around, backreferences or atomic groups (and the runtime's non-backtracking engine neither), so
/// those are refused here rather than at start-up.
/// </summary>
internal static class RegexPattern
{
    /// <summary>Null when the pattern compiles, else why not.</summary>
    public static string? Check(string pattern, bool slashForm)
    {
        (string body, string flags) = SlashRegex.Split(pattern, slashForm);
        RegexOptions options = flags.IndexOf('x') >= 0 ? RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace : RegexOptions.CultureInvariant;

        foreach (string construct in new[] { "(?=", "(?!", "(?<=", "(?<!", "(?>" })
        {
            if (body.IndexOf(construct, StringComparison.Ordinal) >= 0)
            {
                return $"'{construct}' (look-around and atomic groups) is not supported";
            }
        }

        for (int i = 0; i + 1 < body.Length; i++)
        {
            if (body[i] == '\\')
            {
                char next = body[i + 1];
                if ((next >= '1' && next <= '9') || next == 'k')
                {
                    return $"'\\{next}' (a backreference) is not supported";
                }

                i++; // an escaped character, whatever it is
            }
        }

        try
        {
            _ = new Regex(body, options);
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }
}
