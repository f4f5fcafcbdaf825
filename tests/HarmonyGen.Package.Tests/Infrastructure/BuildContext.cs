using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Xunit;

namespace HarmonyGen.Package.Tests.Infrastructure;

/// <summary>
/// A folder as <c>docker build</c> sends it to the builder: every file except those its <c>.dockerignore</c> excludes
/// (patterns relative to the folder, <c>*</c>, <c>?</c>, <c>[...]</c> and <c>**</c>; a pattern that excludes a folder
/// excludes what is in it). Sources of a context <c>COPY</c> are matched against its top-level entries.
/// </summary>
internal sealed class BuildContext
{
    private readonly List<Regex> _ignored;

    public BuildContext(string root)
    {
        Root = root;
        string ignoreFile = Path.Combine(root, ".dockerignore");
        IEnumerable<string> patterns = File.Exists(ignoreFile)
            ? File.ReadAllLines(ignoreFile).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))
            : Enumerable.Empty<string>();
        _ignored = patterns.Select(p =>
        {
            Assert.False(p.StartsWith('!'), $".dockerignore: the exception '{p}' is not modelled by this test.");
            return Pattern(p.Trim('/'));
        }).ToList();
    }

    public string Root { get; }

    /// <summary>True when .dockerignore keeps <paramref name="relative"/> ('/'-separated) out of the context.</summary>
    public bool IsIgnored(string relative)
    {
        string[] parts = relative.Split('/');
        return Enumerable.Range(1, parts.Length).Any(n => _ignored.Any(p => p.IsMatch(string.Join('/', parts.Take(n)))));
    }

    /// <summary>
    /// <c>COPY sources... dest</c> from the context: a source is "." (the whole context) or a name pattern without a
    /// folder; a matched folder is copied by its contents, as the builder does.
    /// </summary>
    public void Copy(IReadOnlyList<string> sources, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (string source in sources)
        {
            if (source == ".")
            {
                CopyTree(string.Empty, destination);
                continue;
            }

            Assert.False(source.Contains('/', StringComparison.Ordinal), $"COPY source '{source}': a path with folders is not modelled by this test.");
            Regex name = Pattern(source);
            foreach (string entry in Directory.EnumerateFileSystemEntries(Root).Select(Path.GetFileName).OfType<string>().Where(n => name.IsMatch(n) && !IsIgnored(n)))
            {
                if (Directory.Exists(Path.Combine(Root, entry)))
                {
                    CopyTree(entry, destination);
                }
                else
                {
                    File.Copy(Path.Combine(Root, entry), Path.Combine(destination, entry), overwrite: true);
                }
            }
        }
    }

    private void CopyTree(string relative, string destination)
    {
        foreach (string file in Directory.EnumerateFiles(Path.Combine(Root, relative), "*", SearchOption.AllDirectories))
        {
            string inContext = Path.GetRelativePath(Root, file).Replace(Path.DirectorySeparatorChar, '/');
            if (IsIgnored(inContext))
            {
                continue;
            }

            string target = Path.Combine(destination, Path.GetRelativePath(Path.Combine(Root, relative), file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    /// <summary>A .dockerignore or COPY pattern as a regular expression over a whole '/'-separated path.</summary>
    private static Regex Pattern(string pattern)
    {
        var regex = new StringBuilder("^");
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                bool slash = i + 2 < pattern.Length && pattern[i + 2] == '/';
                regex.Append(slash ? "(.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else if (c == '[')
            {
                int end = pattern.IndexOf(']', i + 1);
                Assert.True(end > i, $"Pattern '{pattern}': an unclosed '['.");
                regex.Append('[').Append(pattern[(i + 1)..end].Replace("\\", "\\\\", StringComparison.Ordinal)).Append(']');
                i = end;
            }
            else
            {
                regex.Append(c switch { '*' => "[^/]*", '?' => "[^/]", _ => Regex.Escape(c.ToString()) });
            }
        }

        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
