using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using HarmonyGen.Build.Tests.Infrastructure;
using HarmonyGen.Package.Tests.Infrastructure;
using HarmonyGen.Runtime.Tests.Infrastructure;
using Xunit;

namespace HarmonyGen.Package.Tests;

/// <summary>
/// The getting-started path on the packages: <c>dotnet new harmony-gateway</c>, build, run, a 200 through the
/// pipeline; then a TOML mistake that fails the build at its line and column, a C# look-up the analyzers catch, and
/// the fixes.
/// </summary>
[Collection(PackedFeedCollection.Name)]
public sealed partial class NewGatewayProjectTests
{
    // A dotted, hyphenated name: the namespace, the project file and the proxy id must all still agree.
    private const string Name = "Acme.Edge-Gateway";

    private static readonly TimeSpan StartPatience = TimeSpan.FromMinutes(2);

    private readonly PackedFeed _feed;

    public NewGatewayProjectTests(PackedFeed feed) => _feed = feed;

    [Fact]
    public async Task A_new_gateway_restores_from_the_feed_builds_runs_and_answers_then_a_TOML_mistake_fails_the_build_at_its_position()
    {
        using var traffic = new PortReservation();
        using var management = new PortReservation();
        GatewayProject project = GatewayProject.Create(_feed, Name, "--port", traffic.Port.ToString(), "--management-port", management.Port.ToString());

        // --name: the project file, the namespace and the proxy id (one identifier, used by Program.cs).
        Assert.True(File.Exists(project.ProjectFile), $"No {project.ProjectFile}");
        Assert.Contains($"<PackageReference Include=\"HarmonyGen\" Version=\"{_feed.Version}\" />", project.ReadFile(Name + ".csproj"), StringComparison.Ordinal);
        string id = ProxyId().Match(project.ReadFile("config.toml")).Groups[1].Value;
        Assert.Equal("AcmeEdgeGateway", id);
        Assert.Contains($"HarmonyGateway.Build<Acme.Edge_Gateway.Gateways.{id}>(args: args)", project.ReadFile("Program.cs"), StringComparison.Ordinal);
        Assert.Contains($"HarmonyGateway.Describe(args, Acme.Edge_Gateway.Gateways.{id}.Definition)", project.ReadFile("Program.cs"), StringComparison.Ordinal);
        Assert.Contains($"bind_port = {traffic.Port}", project.ReadFile("config.toml"), StringComparison.Ordinal);
        Assert.Contains($"bind_port = {management.Port}", project.ReadFile("config.toml"), StringComparison.Ordinal);

        // The template listens on 0.0.0.0, as a deployed gateway does; the tests serve on loopback only.
        Assert.Equal(2, Regex.Matches(project.ReadFile("config.toml"), "bind_address = \"0.0.0.0\"").Count);
        project.WriteFile("config.toml", project.ReadFile("config.toml").Replace("bind_address = \"0.0.0.0\"", "bind_address = \"127.0.0.1\"", StringComparison.Ordinal));

        BuildResult build = project.Build();
        Assert.True(build.ExitCode == 0 && !build.Errors.Any(), build.Describe("The new project does not build."));
        // Not one warning: in particular no CS8032/CS8784 (an analyzer or the generator, or Tomlyn under it, failed to load).
        Assert.False(build.Lines.Any(l => l.Contains(": warning ", StringComparison.Ordinal)), build.Describe("The new project builds with warnings."));
        AssertRestoredFromTheFeed(project);

        traffic.Release();
        management.Release();
        using (RunningSample gateway = project.Run())
        {
            (int status, string body) = await gateway.FirstAnswerAsync($"http://127.0.0.1:{traffic.Port}/hello/patients?id=7", StartPatience);
            Assert.True(status == 200, $"GET /hello/patients answered {status}: {body}\n{gateway.Output}");
            using JsonDocument echo = JsonDocument.Parse(body);
            Assert.Equal("echo", echo.RootElement.GetProperty("service").GetString());
            Assert.Equal("/patients", echo.RootElement.GetProperty("path").GetString());

            // The management network listens on --management-port, with the [management] table's health endpoints.
            foreach (string probe in new[] { "/admin/health/live", "/admin/health/ready" })
            {
                (int managementStatus, string managementBody) = await gateway.FirstAnswerAsync($"http://127.0.0.1:{management.Port}{probe}", StartPatience);
                Assert.True(managementStatus == 200, $"GET {probe} on the management port answered {managementStatus}: {managementBody}\n{gateway.Output}");
            }
        }

        // --describe: the generated mesh graph (Mermaid) on standard output, exit 0, and no gateway started.
        BuildResult describe = project.Describe();
        Assert.True(describe.ExitCode == 0, describe.Describe("--describe failed."));
        Assert.Contains("flowchart LR", describe.Lines);
        Assert.Contains(describe.Lines, l => l.StartsWith("%% Mesh graph of gateway \"AcmeEdgeGateway\"", StringComparison.Ordinal));

        // A pipeline naming a backend that is not defined: HG0301 at the name, and nothing from C#.
        project.Replace("pipelines/hello.toml", "backends = [\"echo\"]", "backends = [\"echoo\"]");
        (int line, int column) = project.Position("pipelines/hello.toml", "\"echoo\"");
        BuildResult broken = project.Build();
        Assert.True(broken.ExitCode != 0, broken.Describe("The broken TOML built."));
        BuildDiagnostic error = Assert.Single(broken.Errors);
        Assert.Equal(("HG0301", project.PathOf("pipelines/hello.toml"), line, column), (error.Id, error.File, error.Line, error.Column));
        Assert.Contains("'echoo'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(broken.Diagnostics, d => d.Id.StartsWith("CS", StringComparison.Ordinal));

        // The TOML fixed, and a C# look-up of a pipeline the TOML does not define: HG1001 from HarmonyGen.Analyzers,
        // which only the package's analyzers/dotnet/cs folder brings.
        project.Replace("pipelines/hello.toml", "backends = [\"echoo\"]", "backends = [\"echo\"]");
        string program = project.ReadFile("Program.cs");
        project.WriteFile("Program.cs", "using HarmonyGen.Definitions;\n" + program + $"_ = Acme.Edge_Gateway.Gateways.{id}.Definition.Pipeline(\"helo\");\n");
        (int lookupLine, int lookupColumn) = project.Position("Program.cs", "\"helo\"");
        BuildResult lookup = project.Build();
        BuildDiagnostic unknown = Assert.Single(lookup.Errors);
        Assert.Equal(("HG1001", project.PathOf("Program.cs"), lookupLine, lookupColumn), (unknown.Id, unknown.File, unknown.Line, unknown.Column));
        Assert.Contains("'hello'", unknown.Message, StringComparison.Ordinal);

        // Both fixed, it builds again.
        project.WriteFile("Program.cs", program);
        BuildResult fixedBuild = project.Build();
        Assert.True(fixedBuild.ExitCode == 0 && !fixedBuild.Errors.Any(), fixedBuild.Describe("The fixed project does not build."));
    }

    /// <summary>The restore took HarmonyGen and HarmonyGen.Runtime at this run's version, which only the feed has.</summary>
    private void AssertRestoredFromTheFeed(GatewayProject project)
    {
        using JsonDocument assets = JsonDocument.Parse(File.ReadAllText(project.PathOf("obj/project.assets.json")));
        string[] libraries = assets.RootElement.GetProperty("libraries").EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Contains($"HarmonyGen/{_feed.Version}", libraries);
        Assert.Contains($"HarmonyGen.Runtime/{_feed.Version}", libraries);
    }

    [GeneratedRegex("(?m)^id = \"([^\"]*)\"")]
    private static partial Regex ProxyId();
}
