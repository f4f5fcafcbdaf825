using System;

namespace HarmonyGen.Forwarding;

/// <summary>The part of the request path after the matched prefix, checked so that it cannot climb out of the backend's base path.</summary>
internal static class BackendPath
{
    /// <summary>
    /// The remainder after <paramref name="prefix"/> (with its leading '/'), or false when it holds a <c>..</c> or
    /// <c>.</c> segment in any spelling: Kestrel removes plain dot segments, but <c>..%2F</c> survives decoding and a
    /// backend could resolve it against its base path.
    /// </summary>
    public static bool TryGetRemainder(string path, string prefix, out string remainder)
    {
        remainder = prefix.Length == 1 ? path : path.Substring(prefix.Length);
        if (remainder.IndexOf('%') < 0 && remainder.IndexOf('.') < 0 && remainder.IndexOf('\\') < 0)
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
    public static Uri Join(string baseUrl, string remainder, string query)
    {
        string trimmedBase = baseUrl.EndsWith('/') ? baseUrl.Substring(0, baseUrl.Length - 1) : baseUrl;
        string path = remainder.Length == 0 || remainder == "/" ? (remainder.Length == 0 ? string.Empty : "/") : remainder;
        if (path.AsSpan().IndexOfAny('?', '#') >= 0)
        {
            path = path.Replace("?", "%3F", StringComparison.Ordinal).Replace("#", "%23", StringComparison.Ordinal);
        }

        return new Uri(trimmedBase + path + query, UriKind.Absolute);
    }
}
