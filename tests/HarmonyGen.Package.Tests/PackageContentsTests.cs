using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;
using HarmonyGen.Package.Tests.Infrastructure;
using Xunit;

namespace HarmonyGen.Package.Tests;

/// <summary>What is inside the three packages, read from the .nupkg files themselves.</summary>
[Collection(PackedFeedCollection.Name)]
public sealed class PackageContentsTests
{
    private readonly PackedFeed _feed;

    public PackageContentsTests(PackedFeed feed) => _feed = feed;

    [Fact]
    public void The_feed_holds_exactly_the_three_shipped_packages_and_the_runtime_symbols()
    {
        string v = _feed.Version;
        Assert.Equal(
            new[] { $"HarmonyGen.{v}.nupkg", $"HarmonyGen.Runtime.{v}.nupkg", $"HarmonyGen.Runtime.{v}.snupkg", $"HarmonyGen.Templates.{v}.nupkg" },
            _feed.FeedFiles.ToArray());
    }

    [Fact]
    public void HarmonyGen_carries_generator_analyzers_and_Tomlyn_with_its_dependencies_as_analyzers_and_no_library()
    {
        using ZipArchive package = ZipFile.OpenRead(_feed.PackagePath("HarmonyGen"));
        string[] analyzers = Entries(package, "analyzers/dotnet/cs/");
        Assert.Equal(
            new[]
            {
                "HarmonyGen.Analyzers.dll", "HarmonyGen.Generator.dll", "Microsoft.Bcl.AsyncInterfaces.dll", "System.Buffers.dll",
                "System.Collections.Immutable.dll", "System.IO.Pipelines.dll", "System.Memory.dll", "System.Numerics.Vectors.dll",
                "System.Runtime.CompilerServices.Unsafe.dll", "System.Text.Encodings.Web.dll", "System.Text.Json.dll",
                "System.Threading.Tasks.Extensions.dll", "Tomlyn.dll",
            },
            analyzers);
        Assert.Empty(Entries(package, "lib/"));
        Assert.DoesNotContain(package.Entries, e => e.FullName.Contains("Microsoft.CodeAnalysis", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void HarmonyGen_carries_the_repository_build_files_in_buildTransitive_and_build()
    {
        using ZipArchive package = ZipFile.OpenRead(_feed.PackagePath("HarmonyGen"));
        foreach (string folder in new[] { "buildTransitive/", "build/" })
        {
            Assert.Equal(new[] { "HarmonyGen.props", "HarmonyGen.targets" }, Entries(package, folder));
            foreach (string file in new[] { "HarmonyGen.props", "HarmonyGen.targets" })
            {
                string repositoryCopy = File.ReadAllText(Path.Combine(PackedFeed.RepositoryRoot, "generator", "buildTransitive", file));
                Assert.Equal(repositoryCopy, Read(package, folder + file));
            }
        }
    }

    [Fact]
    public void HarmonyGen_depends_on_HarmonyGen_Runtime_of_the_same_version()
    {
        XElement metadata = Metadata("HarmonyGen");
        XElement[] dependencies = metadata.Descendants(Ns(metadata) + "dependency").ToArray();
        XElement runtime = Assert.Single(dependencies);
        Assert.Equal("HarmonyGen.Runtime", (string?)runtime.Attribute("id"));
        Assert.Equal(_feed.Version, (string?)runtime.Attribute("version"));
        Assert.Equal("net10.0", (string?)runtime.Parent!.Attribute("targetFramework"));
    }

    [Theory]
    [InlineData("HarmonyGen")]
    [InlineData("HarmonyGen.Runtime")]
    [InlineData("HarmonyGen.Templates")]
    public void Each_package_has_its_metadata_licence_readme_and_repository(string id)
    {
        XElement metadata = Metadata(id);
        XNamespace ns = Ns(metadata);
        Assert.Equal(id, metadata.Element(ns + "id")?.Value);
        Assert.Equal(_feed.Version, metadata.Element(ns + "version")?.Value);
        Assert.Equal("HarmonyGen", metadata.Element(ns + "authors")?.Value);
        Assert.False(string.IsNullOrWhiteSpace(metadata.Element(ns + "description")?.Value));
        Assert.Contains("harmony", metadata.Element(ns + "tags")?.Value.Split(' ') ?? Array.Empty<string>());
        Assert.StartsWith("0.1.0", metadata.Element(ns + "releaseNotes")?.Value);

        XElement license = Assert.IsType<XElement>(metadata.Element(ns + "license"));
        Assert.Equal("expression", (string?)license.Attribute("type"));
        Assert.Equal("MIT", license.Value);

        Assert.Equal("README.md", metadata.Element(ns + "readme")?.Value);
        using ZipArchive package = ZipFile.OpenRead(_feed.PackagePath(id));
        Assert.StartsWith($"# {id}", Read(package, "README.md"));
        Assert.StartsWith("MIT License", Read(package, "LICENSE"));

        // Source Link's repository element: git, and the commit the repository is at (40 hex digits).
        XElement repository = Assert.IsType<XElement>(metadata.Element(ns + "repository"));
        Assert.Equal("git", (string?)repository.Attribute("type"));
        Assert.Matches("^[0-9a-f]{40}$", (string?)repository.Attribute("commit") ?? "");
    }

    [Fact]
    public void The_runtime_package_has_the_library_and_its_symbols_in_the_snupkg()
    {
        using ZipArchive package = ZipFile.OpenRead(_feed.PackagePath("HarmonyGen.Runtime"));
        Assert.Equal(new[] { "HarmonyGen.Runtime.dll", "HarmonyGen.Runtime.xml" }, Entries(package, "lib/net10.0/"));

        using ZipArchive symbols = ZipFile.OpenRead(Path.ChangeExtension(_feed.PackagePath("HarmonyGen.Runtime"), ".snupkg"));
        Assert.Equal(new[] { "HarmonyGen.Runtime.pdb" }, Entries(symbols, "lib/net10.0/"));
    }

    [Fact]
    public void The_template_package_stamps_this_build_version_into_the_template()
    {
        XElement metadata = Metadata("HarmonyGen.Templates");
        XElement packageType = Assert.Single(metadata.Descendants(Ns(metadata) + "packageType"));
        Assert.Equal("Template", (string?)packageType.Attribute("name"));

        using ZipArchive package = ZipFile.OpenRead(_feed.PackagePath("HarmonyGen.Templates"));
        string templateJson = Read(package, "content/harmony-gateway/.template.config/template.json");
        Assert.Contains($"\"value\": \"{_feed.Version}\"", templateJson, StringComparison.Ordinal);
        Assert.DoesNotContain("@HARMONYGEN_VERSION@", templateJson, StringComparison.Ordinal);
        Assert.Contains(
            "<PackageReference Include=\"HarmonyGen\" Version=\"HARMONYGEN_PACKAGE_VERSION\" />",
            Read(package, "content/harmony-gateway/Company.Gateway1.csproj"),
            StringComparison.Ordinal);
        Assert.DoesNotContain(package.Entries, e => e.FullName.Contains("/bin/", StringComparison.Ordinal) || e.FullName.Contains("/obj/", StringComparison.Ordinal));
    }

    [Fact]
    public void The_template_package_holds_each_template_file_at_its_own_path()
    {
        // A file without an extension (the Dockerfile) once landed at content/harmony-gateway/Dockerfile/Dockerfile,
        // so a new project had a Dockerfile folder that `docker build` cannot use.
        string template = Path.Combine(PackedFeed.RepositoryRoot, "templates", "harmony-gateway");
        string[] files = Directory.EnumerateFiles(template, "*", SearchOption.AllDirectories)
            .Select(f => "content/harmony-gateway/" + Path.GetRelativePath(template, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.Contains("content/harmony-gateway/Dockerfile", files);

        using ZipArchive package = ZipFile.OpenRead(_feed.PackagePath("HarmonyGen.Templates"));
        string[] packed = package.Entries.Select(e => e.FullName).Where(n => n.StartsWith("content/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(files, packed);
    }

    private XElement Metadata(string id)
    {
        using ZipArchive package = ZipFile.OpenRead(_feed.PackagePath(id));
        XDocument nuspec = XDocument.Parse(Read(package, id + ".nuspec"));
        return nuspec.Root!.Element(nuspec.Root.Name.Namespace + "metadata")!;
    }

    private static XNamespace Ns(XElement element) => element.Name.Namespace;

    /// <summary>The file names directly inside <paramref name="folder"/>, in ordinal order.</summary>
    private static string[] Entries(ZipArchive package, string folder) =>
        package.Entries
            .Where(e => e.FullName.StartsWith(folder, StringComparison.Ordinal) && e.FullName.IndexOf('/', folder.Length) < 0)
            .Select(e => e.FullName[folder.Length..])
            .Order(StringComparer.Ordinal)
            .ToArray();

    private static string Read(ZipArchive package, string entry)
    {
        ZipArchiveEntry found = package.GetEntry(entry) ?? throw new Xunit.Sdk.XunitException(
            $"No '{entry}' in the package; it holds:\n{string.Join('\n', package.Entries.Select(e => e.FullName))}");
        using var reader = new StreamReader(found.Open());
        return reader.ReadToEnd();
    }
}
