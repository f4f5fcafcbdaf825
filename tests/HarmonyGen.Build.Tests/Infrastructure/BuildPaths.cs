using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace HarmonyGen.Build.Tests.Infrastructure;

/// <summary>
/// Where the things a consumer build needs are: the built generator and runtime (their full paths, handed in by
/// the test project as AssemblyMetadata), the repository root (the folder holding HarmonyGen.sln) and shared/.
/// </summary>
internal static class BuildPaths
{
    /// <summary>HarmonyGen.Generator.dll as built by the generator project; Tomlyn.dll sits beside it.</summary>
    public static string GeneratorDll => ExistingFile(Metadata("HarmonyGen.Generator"), "the built generator");

    public static string TomlynDll => ExistingFile(Path.Combine(Path.GetDirectoryName(GeneratorDll)!, "Tomlyn.dll"), "Tomlyn beside the built generator");

    /// <summary>HarmonyGen.Runtime.dll as built by the runtime project.</summary>
    public static string RuntimeDll => ExistingFile(Metadata("HarmonyGen.Runtime"), "the built runtime");

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string BuildTransitive => Path.Combine(RepositoryRoot, "generator", "buildTransitive");

    public static string SampleGateway => Path.Combine(RepositoryRoot, "sample-gateway");

    /// <summary>
    /// The public Harmony example trees the tests build, copied into tests/conformance/harmony-examples so that a plain
    /// clone tests itself (its README says where they come from).
    /// </summary>
    public static string ConformanceExamples => Path.Combine(RepositoryRoot, "tests", "conformance", "harmony-examples");

    private static string Metadata(string key)
    {
        string? value = typeof(BuildPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Where(a => a.Key == key)
            .Select(a => a.Value)
            .FirstOrDefault();
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException($"AssemblyMetadata '{key}' is missing or empty: HarmonyGen.Build.Tests.csproj's _HarmonyGenBuildTestPaths target did not see the project reference's output.");
        }

        return value;
    }

    private static string ExistingFile(string path, string what) =>
        File.Exists(path) ? path : throw new FileNotFoundException($"Expected {what} at '{path}'; build the solution first.", path);

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
