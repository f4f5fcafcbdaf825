namespace HarmonyGen.Generator;

/// <summary>
/// Harmony's docs write user_agent and query_parameter patterns as <c>/body/flags</c> (<c>i</c>, <c>m</c>, <c>s</c>,
/// <c>x</c>); a pattern in that form is its body with those flags, any other is the pattern as written. One reading,
/// compiled into the generator (which checks the pattern, HG0807) and the runtime (which compiles it), so the two
/// never disagree on what a pattern is.
/// </summary>
internal static class SlashRegex
{
    /// <summary>The pattern's body and flags; the whole pattern and no flags when it is not in the slash form.</summary>
    public static (string Body, string Flags) Split(string pattern, bool slashForm)
    {
        int close = pattern.LastIndexOf('/');
        if (slashForm && pattern.Length >= 2 && pattern[0] == '/' && close > 0)
        {
            string flags = pattern.Substring(close + 1);
            if (IsFlags(flags))
            {
                return (pattern.Substring(1, close - 1), flags);
            }
        }

        return (pattern, string.Empty);
    }

    private static bool IsFlags(string flags)
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
