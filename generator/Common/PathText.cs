using System.Collections.Generic;

namespace HarmonyGen.Generator;

/// <summary>
/// Path arithmetic on strings only: the generator must not touch the file system, and the same config must give
/// the same answer on Windows and Unix.
/// </summary>
internal static class PathText
{
    public static string Normalize(string path)
    {
        string unified = path.Replace('\\', '/');
        bool rooted = unified.StartsWith("/", System.StringComparison.Ordinal);
        var parts = new List<string>();
        foreach (string part in unified.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == ".." && parts.Count > 0 && parts[parts.Count - 1] != "..")
            {
                parts.RemoveAt(parts.Count - 1);
                continue;
            }

            parts.Add(part);
        }

        string joined = string.Join("/", parts);
        return rooted ? "/" + joined : joined;
    }

    public static string Directory(string path)
    {
        string normalized = Normalize(path);
        int slash = normalized.LastIndexOf('/');
        return slash <= 0 ? (slash == 0 ? "/" : string.Empty) : normalized.Substring(0, slash);
    }

    public static string FileName(string path)
    {
        string unified = path.Replace('\\', '/');
        int slash = unified.LastIndexOf('/');
        return slash < 0 ? unified : unified.Substring(slash + 1);
    }

    public static bool IsRooted(string path) =>
        path.StartsWith("/", System.StringComparison.Ordinal) || path.StartsWith("\\", System.StringComparison.Ordinal) ||
        (path.Length > 1 && path[1] == ':');

    /// <summary>Joins a relative path to a base directory; a rooted path stands alone.</summary>
    public static string Combine(string baseDirectory, string path) =>
        IsRooted(path) ? Normalize(path) : Normalize(baseDirectory + "/" + path);

    /// <summary>True when <paramref name="path"/> is <paramref name="directory"/> or inside it (case-insensitive, as Windows and macOS file systems are).</summary>
    public static bool IsUnder(string path, string directory)
    {
        string p = Normalize(path);
        string d = Normalize(directory);
        return p.Length > d.Length
            && p.StartsWith(d, System.StringComparison.OrdinalIgnoreCase)
            && p[d.Length] == '/';
    }

    /// <summary><paramref name="path"/> relative to <paramref name="baseDirectory"/> when inside it, else the normalized path.</summary>
    public static string RelativeTo(string path, string? baseDirectory)
    {
        string p = Normalize(path);
        if (string.IsNullOrEmpty(baseDirectory))
        {
            return p;
        }

        string d = Normalize(baseDirectory!);
        return IsUnder(p, d) ? p.Substring(d.Length + 1) : p;
    }
}
