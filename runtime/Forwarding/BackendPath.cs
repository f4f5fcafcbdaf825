using System;

namespace HarmonyGen.Forwarding;

/// <summary>The part of the request path after the matched prefix, checked so that it cannot climb out of the backend's base path.</summary>
internal static class BackendPath
{
    /// <summary>
    /// The remainder after <paramref name="prefix"/> (with its leading '/'), or false when it holds a <c>..</c> or
    /// <c>.</c> segment in any spelling: Kestrel removes plain dot segments, but <c>..%2F</c> survives decoding and a
    /// backend could resolve it against its base path. A span into <paramref name="path"/>: the common request
    /// allocates nothing for it.
    /// </summary>
    public static bool TryGetRemainder(string path, string prefix, out ReadOnlySpan<char> remainder)
    {
        remainder = prefix.Length == 1 ? path : path.AsSpan(prefix.Length);
        if (remainder.IndexOfAny('%', '.', '\\') < 0)
        {
            return true; // the common case: nothing that could be a dot segment
        }

        string decoded = Uri.UnescapeDataString(remainder);
        foreach (string segment in decoded.Split('/', '\\'))
        {
            if (segment == ".." || segment == ".")
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The backend URL: base URL, remainder and query, with exactly one '/' at the join.</summary>
    /// <remarks>
    /// The remainder is the decoded request path (Kestrel decodes all but <c>%2F</c>). <see cref="Uri"/> escapes what a
    /// path may not hold, except <c>?</c> and <c>#</c>, which it reads as the start of the query and of a fragment: a
    /// client's <c>%3F</c> or <c>%23</c> would move the rest of its path into the query or drop it. They are path
    /// data, so they are escaped again first.
    /// </remarks>
    public static Uri Join(string baseUrl, ReadOnlySpan<char> remainder, string query)
    {
        ReadOnlySpan<char> trimmedBase = baseUrl.EndsWith('/') ? baseUrl.AsSpan(0, baseUrl.Length - 1) : baseUrl;
        if (remainder.IndexOfAny('?', '#') >= 0)
        {
            remainder = remainder.ToString().Replace("?", "%3F", StringComparison.Ordinal).Replace("#", "%23", StringComparison.Ordinal);
        }

        return new Uri(string.Concat(trimmedBase, remainder, query), UriKind.Absolute);
    }
}
