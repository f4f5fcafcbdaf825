using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using HarmonyGen.Build.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace HarmonyGen.Build.Tests;

/// <summary>
/// Each public Harmony example tree in tests/conformance/harmony-examples, built by `dotnet build` as a consumer's
/// project (the tree's config.toml is the project's default root), has the outcome its README states.
/// </summary>
public sealed class ConformanceTests(ITestOutputHelper output)
{
    [Fact]
    public void Data_mesh_fails_with_HG0201_at_both_egress_backends_and_nothing_else()
    {
        using ConsumerProject project = FromTree("data-mesh");
        const string api = "pipelines/api.toml";
        (string Line, string Egress, string Backend)[] expected =
        [
            ("backend = \"partner_fhir\"", "partner_egress", "partner_fhir"),
            ("backend = \"imaging_center\"", "imaging_egress", "imaging_center"),
        ];

        BuildResult result = project.Build();
        output.WriteLine(result.Describe(project.Directory));

        Assert.True(result.ExitCode != 0, result.Describe("data-mesh must fail the build"));
        var matched = new List<BuildDiagnostic>();
        foreach ((string line, string egress, string backend) in expected)
        {
            // The value's opening quote: the diagnostic points at the value that is wrong.
            (int l, int c) = project.Position(api, line, "\"");
            string path = project.PathOf(api);
            BuildDiagnostic? error = result.Errors.FirstOrDefault(e => e.Id == "HG0201" && SamePath(e.File, path) && e.Line == l && e.Column == c);
            Assert.True(error is not null, result.Describe($"expected {path}({l},{c}): error HG0201 for egress '{egress}'"));
            Assert.True(
                error!.Message.Contains($"'{egress}'", StringComparison.Ordinal)
                && error.Message.Contains($"'{backend}'", StringComparison.Ordinal)
                && error.Message.Contains("'mesh_api'", StringComparison.Ordinal),
                result.Describe($"HG0201 at {api}({l},{c}) must name egress '{egress}', backend '{backend}' and pipeline 'mesh_api'"));
            matched.Add(error);
        }

        Assert.True(result.Errors.Except(matched).Count() == 0, result.Describe("data-mesh must report no error but the two HG0201s"));
        Assert.True(!result.UnlocatedErrorLines.Any(), result.Describe("data-mesh must report no error but the two HG0201s"));
    }

    [Fact]
    public void Docker_mesh_node_a_compiles_into_a_typed_gateway() => AssertCompiles("docker-mesh/node-a", "HarmonyNodeA");

    [Fact]
    public void Docker_mesh_node_b_compiles_into_a_typed_gateway() => AssertCompiles("docker-mesh/node-b", "HarmonyNodeB");

    [Fact]
    public void Basic_echo_compiles_with_passthru_as_harmonys_built_in() => AssertCompiles("basic-echo", "HarmonyBasicEcho");

    [Fact]
    public void Http3_backend_compiles_with_its_http3_target() => AssertCompiles("http3-backend", "HarmonyHttp3Backend");

    /// <summary>
    /// The README allows http-http to compile and enforce its policies, or to fail naming what cannot be enforced.
    /// HarmonyGen enforces its four rule types (ip_allow, path, rate_limit, method), so it compiles; the Typed tests
    /// serve it and check each rule's answer.
    /// </summary>
    [Fact]
    public void Http_http_compiles_with_its_policies_enforced() => AssertCompiles("http-http", "HarmonyHttpBackend");

    /// <summary>The tree builds as a consumer's project, and C# touching its typed gateway compiles.</summary>
    private void AssertCompiles(string tree, string typeName)
    {
        using ConsumerProject project = FromTree(tree, UsesGateway(typeName));

        BuildResult result = project.Build();
        output.WriteLine(result.Describe(project.Directory));

        AssertSucceeded(result, tree);
    }

    private static ConsumerProject FromTree(string tree, string? program = null)
    {
        string source = Path.Combine(BuildPaths.ConformanceExamples, tree.Replace('/', Path.DirectorySeparatorChar));
        Assert.True(Directory.Exists(source), $"The conformance tree '{tree}' is missing: expected it at '{source}'.");
        Assert.True(File.Exists(Path.Combine(source, "config.toml")), $"The conformance tree '{tree}' has no config.toml at '{source}'.");
        ConsumerProject project = ConsumerProject.Create(tree.Replace('/', '-'), program: program);
        return project.CopyTree(source);
    }

    /// <summary>A Program.cs that touches the generated gateway, so a green build proves the typed surface compiles.</summary>
    private static string UsesGateway(string typeName) => $$"""
        using System;
        using HarmonyGen.Definitions;

        GatewayDefinition gateway = {{ConsumerProject.RootNamespace}}.Gateways.{{typeName}}.Definition;
        Console.WriteLine({{ConsumerProject.RootNamespace}}.Gateways.{{typeName}}.ProxyId + " " + gateway.Pipelines.Length);

        """;

    private static void AssertSucceeded(BuildResult result, string tree)
    {
        Assert.True(result.ExitCode == 0, result.Describe($"{tree} must compile"));
        Assert.True(!result.Errors.Any() && !result.UnlocatedErrorLines.Any(), result.Describe($"{tree} must report no errors"));
        Assert.True(!result.Diagnostics.Any(d => d.Id.StartsWith("HG", StringComparison.Ordinal) && d.IsError), result.Describe($"{tree} must report no HG errors"));
    }

    private static bool SamePath(string printed, string expected) =>
        string.Equals(Path.GetFullPath(printed), expected, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
}
