using System;
using System.Collections.Generic;

namespace HarmonyGen.Generator;

/// <summary>Finds the closest known name to a misspelt one (edit distance), for "did you mean" hints.</summary>
internal static class NameSuggester
{
    public static string Suggest(string name, IEnumerable<string> candidates)
    {
        List<string> near = WithinReach(name, candidates);
        return near.Count == 0 ? string.Empty : near[0];
    }

    /// <summary>
    /// Every candidate close enough to be a useful suggestion for <paramref name="name"/> (at most a third of it
    /// wrong), closest first, ties in ordinal order. Shared with the analyzers and the runtime's name lookups, so a
    /// build-time hint and a run-time message agree on what "close" means.
    /// </summary>
    public static List<string> WithinReach(string name, IEnumerable<string> candidates)
    {
        int reach = Math.Max(1, name.Length / 3);
        var near = new List<(string Name, int Distance)>();
        foreach (string candidate in candidates)
        {
            int distance = Distance(name, candidate);
            if (distance <= reach)
            {
                near.Add((candidate, distance));
            }
        }

        near.Sort((a, b) => a.Distance != b.Distance ? a.Distance.CompareTo(b.Distance) : string.CompareOrdinal(a.Name, b.Name));
        var result = new List<string>(near.Count);
        foreach ((string candidate, int _) in near)
        {
            if (!result.Contains(candidate))
            {
                result.Add(candidate);
            }
        }

        return result;
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
