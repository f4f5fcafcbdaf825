using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using HarmonyGen.Generator.Tests.Infrastructure;
using Xunit;

namespace HarmonyGen.Generator.Tests;

/// <summary>
/// docs/architecture.md stays true: the folders its tables name exist, the generator table lists every tracked step,
/// and the runtime table's steps are the numbered steps of <c>GatewayRuntime.ServeAsync</c>, in the same order.
/// </summary>
public sealed class ArchitectureDocTests
{
    private static readonly string s_doc = File.ReadAllText(Path.Combine(RepositoryFiles.RepositoryRoot, "docs", "architecture.md"));

    [Fact]
    public void Every_folder_the_page_names_exists()
    {
        string[] folders = Regex.Matches(s_doc, @"`((?:generator|runtime)/[A-Za-z/]*/?)`").Select(m => m.Groups[1].Value).Distinct().ToArray();
        Assert.True(folders.Length >= 10, $"the page names only {folders.Length} folders; is the pattern still finding them?");
        Assert.All(folders, folder => Assert.True(Directory.Exists(Path.Combine(RepositoryFiles.RepositoryRoot, folder)), $"docs/architecture.md names {folder}, which does not exist"));
    }

    [Fact]
    public void The_generator_table_lists_every_tracked_step()
    {
        string[] steps = typeof(TrackingNames).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToArray();
        Assert.NotEmpty(steps);
        Assert.All(steps, step => Assert.Contains($"| `{step}` |", s_doc, StringComparison.Ordinal));
    }

    [Fact]
    public void The_runtime_table_is_the_numbered_steps_of_ServeAsync()
    {
        string runtime = File.ReadAllText(Path.Combine(RepositoryFiles.RepositoryRoot, "runtime", "Hosting", "GatewayRuntime.cs"));
        string[] code = Regex.Matches(runtime, @"^\s*// (\d)\. ([A-Za-z ]+?)[,:]", RegexOptions.Multiline).Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value.ToLowerInvariant()}").ToArray();
        string[] doc = Regex.Matches(s_doc, @"^\| (\d) \| ([a-z ]+) \|", RegexOptions.Multiline).Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value}").ToArray();
        Assert.Equal(7, code.Length);
        Assert.Equal(code, doc);
    }
}
