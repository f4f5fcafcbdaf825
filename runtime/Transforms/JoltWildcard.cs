namespace HarmonyGen.Transforms;

/// <summary>
/// Wildcard keys as fluvio-jolt matches them (src/shift.rs, <c>match_stars</c>), which is not quite Java JOLT: after the
/// prefix, each literal piece is found anywhere in the rest of the key and the rest keeps that piece, so <c>*-*</c> on
/// "x-y" matches "x" and "-y", and nothing checks the key's end.
/// </summary>
public static class JoltWildcard
{
    /// <summary>The matches (the whole key, then one per star), or null when <paramref name="key"/> does not match.</summary>
    /// <param name="segments">The literal text around the stars: <c>a*b</c> is ["a", "b"], <c>*</c> is ["", ""].</param>
    public static string[]? Match(string key, string[] segments)
    {
        switch (segments.Length)
        {
            case 0:
                return key.Length == 0 ? [string.Empty] : null;
            case 1:
                return string.Equals(key, segments[0], System.StringComparison.Ordinal) ? [key] : null;
        }

        string prefix = segments[0];
        if (!key.StartsWith(prefix, System.StringComparison.Ordinal))
        {
            return null;
        }

        var matches = new string[segments.Length];
        matches[0] = key;
        string rest = key[prefix.Length..];
        for (int i = 1; i < segments.Length; i++)
        {
            string piece = segments[i];
            if (piece.Length == 0)
            {
                matches[i] = rest;
                continue;
            }

            int at = rest.IndexOf(piece, System.StringComparison.Ordinal);
            if (at < 0)
            {
                return null;
            }

            matches[i] = rest[..at];
            rest = rest[at..];
        }

        return matches;
    }
}
