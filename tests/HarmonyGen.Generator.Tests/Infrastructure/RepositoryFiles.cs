using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace HarmonyGen.Generator.Tests.Infrastructure;

/// <summary>
/// Configuration trees from the repository (the sample, the conformance copies in tests/conformance), read as file maps (relative path → text) for
/// <see cref="GeneratorRunner"/> and <see cref="GatewayTest"/>.
/// </summary>
internal static class RepositoryFiles
{
    /// <summary>The mesh conformance trees of tests/conformance/harmony-examples, each one gateway project (the HTTP trees are in ConformanceOutcomeTests).</summary>
    public static readonly string[] ConformanceTrees = ["data-mesh", "docker-mesh/node-a", "docker-mesh/node-b", "http-http"];

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>
    /// The public Harmony example trees the tests build, copied into tests/conformance/harmony-examples so that a plain
    /// clone tests itself (its README says where they come from).
    /// </summary>
    public static string ConformanceExamples => Path.Combine(RepositoryRoot, "tests", "conformance", "harmony-examples");

    /// <summary>One conformance tree's files, its config.toml at the root.</summary>
    public static Dictionary<string, string> Conformance(string tree)
    {
        string directory = Path.Combine(ConformanceExamples, tree.Replace('/', Path.DirectorySeparatorChar));
        if (!File.Exists(Path.Combine(directory, "config.toml")))
        {
            throw new InvalidOperationException($"The conformance tree '{tree}' is missing or has no config.toml: expected it at '{directory}'.");
        }

        // The TOML, and the JOLT spec files of its transform middleware where the copy has them.
        Dictionary<string, string> files = Read(directory, "*.toml");
        foreach ((string path, string text) in Read(directory, "*.json"))
        {
            files.Add(path, text);
        }

        return files;
    }

    /// <summary>The sample gateway's two roots and their keys: clinic/**, hospital/** and keys/*.pem.</summary>
    public static Dictionary<string, string> SampleGateway()
    {
        string sample = Path.Combine(RepositoryRoot, "sample-gateway");
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string folder in new[] { "clinic", "hospital" })
        {
            foreach ((string path, string text) in Read(Path.Combine(sample, folder), "*.toml"))
            {
                files.Add(folder + "/" + path, text);
            }
        }

        foreach ((string path, string text) in Read(Path.Combine(sample, "keys"), "*.pem"))
        {
            files.Add("keys/" + path, text);
        }

        return files;
    }

    private static Dictionary<string, string> Read(string directory, string pattern) =>
        Directory.EnumerateFiles(directory, pattern, SearchOption.AllDirectories)
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToDictionary(
                f => Path.GetRelativePath(directory, f).Replace(Path.DirectorySeparatorChar, '/'),
                File.ReadAllText,
                StringComparer.Ordinal);

    private static string FindRepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "HarmonyGen.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No HarmonyGen.sln above '{AppContext.BaseDirectory}': the tests must run from a build inside the repository.");
    }
}
