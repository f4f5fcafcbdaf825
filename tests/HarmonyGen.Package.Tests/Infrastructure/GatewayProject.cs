using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Security;
using System.Threading.Tasks;
using HarmonyGen.Build.Tests.Infrastructure;
using Xunit;

namespace HarmonyGen.Package.Tests.Infrastructure;

/// <summary>
/// A project made by <c>dotnet new harmony-gateway</c> from the packed template, installed into a template hive of
/// its own (never the user's), restoring HarmonyGen* from the packed feed only and everything else from the sources
/// the machine's NuGet configuration names.
/// </summary>
internal sealed class GatewayProject
{
    private static readonly TimeSpan CliTimeout = TimeSpan.FromMinutes(10);

    private GatewayProject(string directory, string name)
    {
        Directory = directory;
        Name = name;
    }

    public string Directory { get; }

    public string Name { get; }

    public string ProjectFile => Path.Combine(Directory, Name + ".csproj");

    /// <summary>Installs the template package into a fresh hive and creates <paramref name="name"/> with it.</summary>
    public static GatewayProject Create(PackedFeed feed, string name, params string[] options)
    {
        string hive = feed.NewFolder("template-hive");
        Cli(feed.Root, "dotnet new install", "new", "install", feed.PackagePath("HarmonyGen.Templates"), "--debug:custom-hive", hive);

        string directory = Path.Combine(feed.NewFolder("projects"), name);
        Cli(feed.Root, "dotnet new harmony-gateway", new[] { "new", "harmony-gateway", "-n", name, "-o", directory, "--debug:custom-hive", hive }.Concat(options).ToArray());

        // The sources this machine restores from, read before the project's own nuget.config exists.
        BuildResult sources = Cli(directory, "dotnet nuget list source", "nuget", "list", "source", "--format", "short");
        List<string> enabled = sources.Lines.Select(l => l.Trim()).Where(l => l.StartsWith("E ", StringComparison.Ordinal)).Select(l => l[2..].Trim()).ToList();
        Assert.True(enabled.Count > 0, sources.Describe("No enabled NuGet source on this machine."));

        var project = new GatewayProject(directory, name);
        project.WriteFile("nuget.config", NuGetConfig(feed.Feed, enabled));
        return project;
    }

    public string PathOf(string relative) => Path.GetFullPath(Path.Combine(Directory, relative.Replace('/', Path.DirectorySeparatorChar)));

    public string ReadFile(string relative) => File.ReadAllText(PathOf(relative));

    public void WriteFile(string relative, string text) => File.WriteAllText(PathOf(relative), text);

    /// <summary>Replaces the single occurrence of <paramref name="find"/> in <paramref name="relative"/>.</summary>
    public void Replace(string relative, string find, string replacement)
    {
        string text = ReadFile(relative);
        int index = text.IndexOf(find, StringComparison.Ordinal);
        Assert.True(index >= 0 && text.IndexOf(find, index + 1, StringComparison.Ordinal) < 0, $"'{find}' must occur exactly once in {relative}:\n{text}");
        WriteFile(relative, text[..index] + replacement + text[(index + find.Length)..]);
    }

    /// <summary>The 1-based line and column of <paramref name="needle"/> (exactly one occurrence) in <paramref name="relative"/>.</summary>
    public (int Line, int Column) Position(string relative, string needle)
    {
        string[] lines = ReadFile(relative).Split('\n');
        int[] found = Enumerable.Range(0, lines.Length).Where(i => lines[i].Contains(needle, StringComparison.Ordinal)).ToArray();
        Assert.True(found.Length == 1, $"'{needle}' must be on exactly one line of {relative}, not {found.Length}.");
        return (found[0] + 1, lines[found[0]].IndexOf(needle, StringComparison.Ordinal) + 1);
    }

    public BuildResult Build() =>
        DotnetProcess.Run(DotnetProcess.StartInfo(Directory, "build", ProjectFile, "--nologo", "-v", "q", "-clp:NoSummary", "-tl:off"), CliTimeout, $"dotnet build of {ProjectFile}");

    /// <summary><c>dotnet run --no-build -- --describe</c> to the end: the gateway's mesh graph, nothing started.</summary>
    public BuildResult Describe() =>
        DotnetProcess.Run(DotnetProcess.StartInfo(Directory, "run", "--no-build", "--project", ProjectFile, "--", "--describe"), CliTimeout, $"{Name} --describe");

    /// <summary><c>dotnet run --no-build</c>, as a user runs the project after building it; disposed, it is killed.</summary>
    public RunningSample Run() => RunningSample.Start(DotnetProcess.StartInfo(Directory, "run", "--no-build", "--project", ProjectFile));

    private static BuildResult Cli(string workingDirectory, string what, params string[] arguments)
    {
        BuildResult result = DotnetProcess.Run(DotnetProcess.StartInfo(workingDirectory, arguments), CliTimeout, what);
        Assert.True(result.ExitCode == 0, result.Describe($"{what} failed."));
        return result;
    }

    private static string NuGetConfig(string feed, IEnumerable<string> machineSources)
    {
        string others = string.Join("\n", machineSources.Select((url, i) => $"    <add key=\"machine-{i}\" value=\"{SecurityElement.Escape(url)}\" />"));
        string otherMappings = string.Join("\n", machineSources.Select((_, i) => $"    <packageSource key=\"machine-{i}\"><package pattern=\"*\" /></packageSource>"));
        return $"""
            <?xml version="1.0" encoding="utf-8"?>
            <!-- HarmonyGen* from the feed this test packed, and only from there; everything else from the machine's sources. -->
            <configuration>
              <packageSources>
                <clear />
                <add key="harmonygen-local" value="{SecurityElement.Escape(feed)}" />
            {others}
              </packageSources>
              <packageSourceMapping>
                <packageSource key="harmonygen-local">
                  <package pattern="HarmonyGen" />
                  <package pattern="HarmonyGen.*" />
                </packageSource>
            {otherMappings}
              </packageSourceMapping>
            </configuration>

            """;
    }
}

/// <summary>Requests to a gateway that <c>dotnet run</c> is starting.</summary>
internal static class GatewayRequests
{
    /// <summary>
    /// GETs <paramref name="url"/> until the gateway answers (connection refused means it is still starting) and returns
    /// the first answer. Fails if the process exits first or nothing answers in <paramref name="patience"/>, which is a
    /// limit on waiting, not a timed assertion.
    /// </summary>
    public static async Task<(int Status, string Body)> FirstAnswerAsync(this RunningSample gateway, string url, TimeSpan patience)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Assert.True(gateway.ExitCode is null, $"The gateway exited with {gateway.ExitCode} before answering:\n{gateway.Output}");
            try
            {
                using HttpResponseMessage response = await client.GetAsync(url);
                return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
            }
            catch (HttpRequestException) when (clock.Elapsed < patience)
            {
                await Task.Delay(250);
            }
        }
    }
}
