using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security;
using System.Text;

namespace HarmonyGen.Build.Tests.Infrastructure;

/// <summary>
/// A throw-away console project in a temp folder that consumes HarmonyGen as a NuGet package would: it imports
/// buildTransitive/HarmonyGen.props and .targets, adds the built generator and Tomlyn as analyzers and the built runtime
/// as a reference. It never references the repository's projects, so building it never rebuilds them.
/// Build it as many times as a test needs: the first build restores, later ones are incremental.
/// </summary>
internal sealed class ConsumerProject : IDisposable
{
    /// <summary>The consumer's RootNamespace, and so the namespace of the generated <c>Gateways</c> class.</summary>
    public const string RootNamespace = "ConsumerApp";

    public const string ProjectFileName = "ConsumerApp.csproj";

    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    private ConsumerProject(string directory) => Directory = directory;

    /// <summary>The project folder (full path).</summary>
    public string Directory { get; }

    public string ProjectFile => Path.Combine(Directory, ProjectFileName);

    /// <summary>
    /// A new project in a fresh temp folder. <paramref name="items"/> is extra MSBuild items (such as HarmonyGenRoot);
    /// <paramref name="program"/> is Program.cs (by default an empty Main).
    /// </summary>
    public static ConsumerProject Create(string name, string items = "", string? program = null)
    {
        string directory = Path.Combine(Path.GetTempPath(), "harmonygen-build-tests", $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)]);
        System.IO.Directory.CreateDirectory(directory);
        var project = new ConsumerProject(directory);

        // Stop MSBuild looking above the temp folder for Directory.Build.* files.
        project.WriteFile("Directory.Build.props", "<Project />\n");
        project.WriteFile("Directory.Build.targets", "<Project />\n");
        project.WriteFile(ProjectFileName, ProjectXml(items));
        project.WriteFile("Program.cs", program ?? "internal static class Program\n{\n    private static void Main()\n    {\n    }\n}\n");
        return project;
    }

    /// <summary>Copies every file under <paramref name="source"/> into <paramref name="destination"/> (relative to the project).</summary>
    public ConsumerProject CopyTree(string source, string destination = "")
    {
        if (!System.IO.Directory.Exists(source))
        {
            throw new DirectoryNotFoundException($"No folder to copy at '{source}'.");
        }

        foreach (string file in System.IO.Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(source, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            {
                continue;
            }

            string target = PathOf(Path.Combine(destination, relative));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }

        return this;
    }

    /// <summary>The full path of <paramref name="relative"/> inside the project, as the compiler prints it.</summary>
    public string PathOf(string relative) => Path.GetFullPath(Path.Combine(Directory, relative.Replace('/', Path.DirectorySeparatorChar)));

    public string ReadFile(string relative) => File.ReadAllText(PathOf(relative));

    public void WriteFile(string relative, string text)
    {
        string path = PathOf(relative);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    /// <summary>Replaces the single occurrence of <paramref name="find"/> in <paramref name="relative"/>.</summary>
    public void ReplaceInFile(string relative, string find, string replacement)
    {
        string text = ReadFile(relative);
        int index = text.IndexOf(find, StringComparison.Ordinal);
        if (index < 0 || text.IndexOf(find, index + 1, StringComparison.Ordinal) >= 0)
        {
            throw new ArgumentException($"'{find}' must occur exactly once in {relative}.");
        }

        WriteFile(relative, text[..index] + replacement + text[(index + find.Length)..]);
    }

    /// <summary>
    /// The 1-based line and column of the first character of <paramref name="needle"/> inside the line that contains
    /// <paramref name="lineText"/> (exactly one such line) in <paramref name="relative"/>, as the compiler prints them.
    /// </summary>
    public (int Line, int Column) Position(string relative, string lineText, string needle)
    {
        string[] lines = ReadFile(relative).Split('\n');
        int[] matches = Enumerable.Range(0, lines.Length).Where(i => lines[i].Contains(lineText, StringComparison.Ordinal)).ToArray();
        if (matches.Length != 1)
        {
            throw new ArgumentException($"'{lineText}' must be on exactly one line of {relative}, not {matches.Length}.");
        }

        int column = lines[matches[0]].IndexOf(needle, lines[matches[0]].IndexOf(lineText, StringComparison.Ordinal), StringComparison.Ordinal);
        if (column < 0)
        {
            throw new ArgumentException($"'{needle}' is not in the line '{lineText}' of {relative}.");
        }

        return (matches[0] + 1, column + 1);
    }

    /// <summary>Runs <c>dotnet build</c> on the project and returns its exit code and output.</summary>
    public BuildResult Build(TimeSpan? timeout = null)
    {
        ProcessStartInfo start = DotnetProcess.StartInfo(Directory, "build", ProjectFile, "--nologo", "-v", "q", "-clp:NoSummary", "-tl:off");

        return DotnetProcess.Run(start, timeout ?? DefaultTimeout, $"dotnet build of {ProjectFile}");
    }

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("HARMONYGEN_KEEP_BUILD_TESTS") == "1")
        {
            return;
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the OS cleans the temp folder.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string ProjectXml(string items)
    {
        string buildTransitive = BuildPaths.BuildTransitive;
        return $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <!-- What the HarmonyGen package gives a consumer: its buildTransitive props first, targets last. -->
              <Import Project="{Xml(Path.Combine(buildTransitive, "HarmonyGen.props"))}" />
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <RootNamespace>{RootNamespace}</RootNamespace>
                <Nullable>enable</Nullable>
                <ImplicitUsings>disable</ImplicitUsings>
                <NuGetAudit>false</NuGetAudit>
              </PropertyGroup>
              <ItemGroup>
            {items}
              </ItemGroup>
              <ItemGroup>
                <Analyzer Include="{Xml(BuildPaths.GeneratorDll)}" />
                <Analyzer Include="{Xml(BuildPaths.TomlynDll)}" />
                <Reference Include="{Xml(BuildPaths.RuntimeDll)}" />
              </ItemGroup>
              <Import Project="{Xml(Path.Combine(buildTransitive, "HarmonyGen.targets"))}" />
            </Project>

            """;
    }

    private static string Xml(string text) => SecurityElement.Escape(text);
}
