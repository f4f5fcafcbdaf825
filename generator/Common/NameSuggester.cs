using System;
using System.Collections.Generic;

namespace HarmonyGen.Generator;

/// <summary>Finds the closest known name to a misspelt one (edit distance), for "did you mean" hints.</summary>
internal static class NameSuggester
{
    public static string Suggest(string name, IEnumerable<string> candidates)
    {
        string best = string.Empty;
        int bestDistance = int.MaxValue;
        foreach (string candidate in candidates)
        {
            int distance = Distance(name, candidate);
            if (distance < bestDistance || (distance == bestDistance && string.CompareOrdinal(candidate, best) < 0))
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        // Only a near miss is a useful suggestion: at most a third of the name wrong.
        return bestDistance <= Math.Max(1, name.Length / 3) ? best : string.Empty;
    }

    /// <summary>" (did you mean 'x'?)" or nothing.</summary>
    public static string Hint(string name, IEnumerable<string> candidates)
    {
        string suggestion = Suggest(name, candidates);
        return suggestion.Length == 0 ? string.Empty : $"; did you mean '{suggestion}'?";
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
