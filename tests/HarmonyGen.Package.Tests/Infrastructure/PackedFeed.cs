using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using HarmonyGen.Build.Tests.Infrastructure;
using Xunit;

namespace HarmonyGen.Package.Tests.Infrastructure;

/// <summary>
/// The three shipped packages, packed once for the test run into a temp folder feed. The version is new on every run
/// (0.1.0-pkgtest.TIME.RANDOM), so nothing in the global packages folder or an earlier feed can satisfy a restore; the
/// packages that the run's restores extract under that version are deleted again at the end. The repository's projects
/// are built into a temp artifacts folder, never into their own bin/ and obj/, so a build of the repository running
/// beside the tests is not disturbed.
/// </summary>
public sealed class PackedFeed : IDisposable
{
    public static readonly string[] PackedProjects =
    {
        "packaging/HarmonyGen/HarmonyGen.csproj",
        "runtime/HarmonyGen.Runtime.csproj",
        "templates/HarmonyGen.Templates.csproj",
    };

    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(15);

    public PackedFeed()
    {
        Root = Path.Combine(Path.GetTempPath(), "harmonygen-package-tests", Guid.NewGuid().ToString("N")[..12]);
        Feed = Path.Combine(Root, "feed");
        Directory.CreateDirectory(Feed);
        Version = "0.1.0-pkgtest." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "." + Guid.NewGuid().ToString("N")[..8];
        string suffix = Version["0.1.0-".Length..];

        foreach (string project in PackedProjects)
        {
            BuildResult pack = DotnetProcess.Run(
                DotnetProcess.StartInfo(
                    RepositoryRoot,
                    "pack", Path.Combine(RepositoryRoot, project),
                    "-c", "Release",
                    "-o", Feed,
                    $"-p:VersionSuffix={suffix}",
                    "-p:UseArtifactsOutput=true",
                    $"-p:ArtifactsPath={Path.Combine(Root, "artifacts")}",
                    "--nologo", "-v", "q", "-tl:off", "-clp:NoSummary"),
                PackTimeout,
                $"dotnet pack {project}");
            Assert.True(pack.ExitCode == 0, pack.Describe($"dotnet pack {project} failed."));
        }
    }

    /// <summary>The temp folder that holds the feed, the artifacts and the test projects.</summary>
    public string Root { get; }

    /// <summary>The folder feed: HarmonyGen, HarmonyGen.Runtime (with its snupkg) and HarmonyGen.Templates.</summary>
    public string Feed { get; }

    /// <summary>The version every package of this run has.</summary>
    public string Version { get; }

    public static string RepositoryRoot => BuildPaths.RepositoryRoot;

    public string PackagePath(string id) => Path.Combine(Feed, $"{id}.{Version}.nupkg");

    public IEnumerable<string> FeedFiles => Directory.EnumerateFiles(Feed).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    /// <summary>A new folder under <see cref="Root"/>.</summary>
    public string NewFolder(string name)
    {
        string path = Path.Combine(Root, name + "-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(path);
        return path;
    }

    public void Dispose()
    {
        // What this run's restores extracted: only this run's version, so nothing of anyone else's is touched.
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } custom
            ? custom
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (string id in new[] { "harmonygen", "harmonygen.runtime", "harmonygen.templates" })
        {
            DeleteQuietly(Path.Combine(packages, id, Version.ToLowerInvariant()));
            if (Directory.Exists(Path.Combine(packages, id)) && !Directory.EnumerateFileSystemEntries(Path.Combine(packages, id)).Any())
            {
                DeleteQuietly(Path.Combine(packages, id));
            }
        }

        DeleteQuietly(Root);
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: the OS cleans the temp folder.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PackedFeedCollection : ICollectionFixture<PackedFeed>
{
    public const string Name = "packed feed";
}
