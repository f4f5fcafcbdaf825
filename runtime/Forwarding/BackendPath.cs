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
    public static Uri Join(string baseUrl, string remainder, string query)
    {
        string trimmedBase = baseUrl.EndsWith('/') ? baseUrl.Substring(0, baseUrl.Length - 1) : baseUrl;
        string path = remainder.Length == 0 || remainder == "/" ? (remainder.Length == 0 ? string.Empty : "/") : remainder;
        return new Uri(trimmedBase + path + query, UriKind.Absolute);
    }
}
