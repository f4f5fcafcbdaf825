using System.Text.RegularExpressions;
using HarmonyGen.Generator;

namespace HarmonyGen.Middleware.Policies;

/// <summary>
/// A rule's regular expression, compiled once at start-up. Harmony uses Rust's regex crate: unanchored, no look-around
/// or backreferences, linear time; <see cref="RegexOptions.NonBacktracking"/> keeps that linear-time guarantee (the
/// generator refuses the constructs it lacks, HG0807). The <c>/body/flags</c> form is read by <see cref="SlashRegex"/>,
/// shared with the generator.
/// </summary>
internal static class PolicyRegex
{
    public static Regex Compile(string pattern, bool slashForm)
    {
        RegexOptions options = RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;
        (string body, string flags) = SlashRegex.Split(pattern, slashForm);
        foreach (char flag in flags)
        {
            options |= flag switch
            {
                'i' => RegexOptions.IgnoreCase,
                'm' => RegexOptions.Multiline,
                's' => RegexOptions.Singleline,
                _ => RegexOptions.IgnorePatternWhitespace,
            };
        }

        return new Regex(body, options);
    }
}
