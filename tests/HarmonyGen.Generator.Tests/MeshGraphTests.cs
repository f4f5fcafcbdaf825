using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using HarmonyGen.Generator.Emit;
using HarmonyGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace HarmonyGen.Generator.Tests;

/// <summary>
/// The Mermaid mesh graph each gateway carries (<c>Gateways.X.MeshGraph</c>): read back from the compiled constant,
/// compared with checked-in baselines, parsed by the real Mermaid parser (tests/mermaid, installed by test.sh), free
/// of secrets, and identical to the graphs docs/mesh.md shows. To accept a deliberate change:
/// HARMONYGEN_UPDATE_BASELINES=1 dotnet test, then review the diff.
/// </summary>
public sealed partial class MeshGraphTests
{
    private const string LiteralSecret = "a-literal-shared-secret-of-40-bytes-long!";

    public static TheoryData<string> Trees => new(GraphsByBaseline().Keys);

    [Theory]
    [MemberData(nameof(Trees))]
    public void Graph_matches_its_baseline(string baseline)
    {
        string graph = GraphsByBaseline()[baseline]();
        string path = Path.Combine(BaselineFolder(), baseline + ".mmd");
        if (Environment.GetEnvironmentVariable("HARMONYGEN_UPDATE_BASELINES") == "1")
        {
            File.WriteAllText(path, graph + "\n");
        }

        Assert.True(File.Exists(path), $"no baseline at {path}");
        Assert.Equal(File.ReadAllText(path).TrimEnd('\n'), graph);
    }

    [Fact]
    public void Every_graph_parses_with_the_real_mermaid_parser_and_a_broken_one_does_not()
    {
        string folder = Path.Combine(Path.GetTempPath(), "harmonygen-mermaid-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            var files = new List<string>();
            foreach ((string name, Func<string> graph) in GraphsByBaseline())
            {
                files.Add(Path.Combine(folder, name + ".mmd"));
                File.WriteAllText(files[^1], graph());
            }

            // The negative cases prove the parser really parses: what unescaped label text or a slip in the emitter
            // would produce (a bare quote in a label, a shape closed with the wrong bracket, a subgraph left open).
            string[] brokenGraphs =
            [
                "flowchart LR\n    a[\"x\"y\"] --> b\n",
                "flowchart LR\n    a([\"x\"]] --> b\n",
                "flowchart LR\n    subgraph s[\"x\"]\n    a --> b\n",
            ];
            var broken = new List<string>();
            for (int i = 0; i < brokenGraphs.Length; i++)
            {
                broken.Add(Path.Combine(folder, $"broken-{i}.mmd"));
                File.WriteAllText(broken[^1], brokenGraphs[i]);
            }

            (int exitCode, string output) = RunMermaidParser(files.Concat(broken));
            Assert.Equal(1, exitCode);
            foreach (string file in files)
            {
                Assert.Contains($"ok {file}\n", output, StringComparison.Ordinal);
            }

            foreach (string file in broken)
            {
                Assert.Contains($"error {file}:", output, StringComparison.Ordinal);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Ids_are_sanitised_and_labels_quoted_with_quotes_and_url_characters_escaped()
    {
        string graph = HostileGraph();
        foreach (Match node in NodeDefinition().Matches(graph))
        {
            Assert.Matches("^[A-Za-z0-9_]+$", node.Groups["id"].Value);
            Assert.DoesNotContain("\"", node.Groups["label"].Value, StringComparison.Ordinal);
        }

        // Names with '-' and '.' become distinct ids; the URL's '#' is an entity code; the description's quote is #quot;.
        Assert.Contains("pl_fhir_v2_api[\"pipeline fhir.v2-api", graph, StringComparison.Ordinal);
        Assert.Contains("pl_fhir_v2_api_2[\"pipeline fhir_v2-api", graph, StringComparison.Ordinal);
        Assert.Contains("subgraph net_edge_1_lan[\"network edge-1.lan<br/>http 0.0.0.0:8080\"]", graph, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:9000/fhir?tenant=a#amp;x=1", graph, StringComparison.Ordinal);
        Assert.Contains("mesh partners (disabled)", graph, StringComparison.Ordinal);
        Assert.Equal("#quot;a#quot; #35;b #amp;c #lt;d#gt; #96;e#96; f g", MermaidGraphEmitter.Escape("\"a\" #b &c <d> `e` f\u2028g"));
    }

    [Fact]
    public void Disabled_things_are_dashed_and_mesh_mode_links_are_thick()
    {
        string graph = HostileGraph();
        Assert.Matches(@"\n    class [a-z_,0-9]*mesh_partners[a-z_,0-9]* disabled\n", graph);
        Assert.Matches(@"\n    class [a-z_,0-9]*in_retired[a-z_,0-9]* disabled\n", graph);
        Assert.Contains("in_fhir_public ==>|\"mesh\"| pl_fhir_v2_api", graph, StringComparison.Ordinal);
        Assert.Contains("\n    linkStyle ", graph, StringComparison.Ordinal);
    }

    [Fact]
    public void No_secret_or_key_folder_ever_reaches_the_graph()
    {
        string graph = HostileGraph();
        Assert.DoesNotContain(LiteralSecret, graph, StringComparison.Ordinal);
        Assert.Contains("secret written in the TOML", graph, StringComparison.Ordinal);

        string sample = SampleGraph("Clinic");
        Assert.Contains("signs with demo-only-care-network-private.pem", sample, StringComparison.Ordinal);
        Assert.DoesNotContain("../keys", sample, StringComparison.Ordinal);
        Assert.Contains("signs with ${PARTNER_PRIVATE_KEY}", GraphOf(GeneratedSourceTests.Everything().Files), StringComparison.Ordinal);
    }

    [Fact]
    public void Definition_carries_the_same_graph_as_the_constant()
    {
        GeneratorOutcome outcome = GeneratorRunner.Run(RepositoryFiles.SampleGateway());
        string source = outcome.GeneratedSources.Single(s => s.HintName == "Gateways.Clinic.g.cs").SourceText.ToString();
        Assert.Contains("\n            MeshGraph: MeshGraph);\n", source, StringComparison.Ordinal);
        Assert.Empty(outcome.GeneratedCodeErrors());
    }

    [Fact]
    public void Docs_mesh_md_shows_exactly_the_samples_graphs()
    {
        string doc = File.ReadAllText(Path.Combine(RepositoryFiles.RepositoryRoot, "docs", "mesh.md")).Replace("\r\n", "\n");
        List<string> blocks = MermaidBlock().Matches(doc).Select(m => m.Groups["graph"].Value.TrimEnd('\n')).ToList();
        Assert.Equal(new[] { SampleGraph("Clinic"), SampleGraph("Hospital") }, blocks);
    }

    /// <summary>Every graph under test, by baseline name: the sample's two roots, the conformance trees, and one gateway using every table.</summary>
    private static Dictionary<string, Func<string>> GraphsByBaseline()
    {
        var graphs = new Dictionary<string, Func<string>>(StringComparer.Ordinal)
        {
            ["sample-clinic"] = () => SampleGraph("Clinic"),
            ["sample-hospital"] = () => SampleGraph("Hospital"),
            ["partner-gateway"] = () => GraphOf(GeneratedSourceTests.Everything().Files),
            ["hostile-names"] = HostileGraph,
        };
        foreach (string tree in RepositoryFiles.ConformanceTrees)
        {
            graphs["conformance-" + tree.Replace('/', '-')] = () => GraphOf(RepositoryFiles.Conformance(tree));
        }

        return graphs;
    }

    internal static string SampleGraph(string gateway) => GraphOf(RepositoryFiles.SampleGateway(), gateway);

    /// <summary>The compiled value of <c>Gateways.X.MeshGraph</c>: what the runtime prints, not a re-run of the emitter.</summary>
    private static string GraphOf(IReadOnlyDictionary<string, string> files, string? gateway = null)
    {
        GeneratorOutcome outcome = GeneratorRunner.Run(files);
        Assert.Null(outcome.Exception);
        INamedTypeSymbol gateways = outcome.UpdatedCompilation.GetTypeByMetadataName(GeneratorRunner.RootNamespace + ".Gateways")
            ?? throw new InvalidOperationException("no Gateways class was generated");
        INamedTypeSymbol type = gateway is null ? gateways.GetTypeMembers().Single() : gateways.GetTypeMembers(gateway).Single();
        var field = (IFieldSymbol)type.GetMembers("MeshGraph").Single();
        Assert.True(field.IsConst);
        return (string)field.ConstantValue!;
    }

    /// <summary>Names with '-' and '.', two of which clean to the same id; URLs with query characters; a disabled mesh with a literal secret.</summary>
    private static string HostileGraph() => GraphOf(new Dictionary<string, string>
    {
        ["config.toml"] = """
            [proxy]
            id = "edge \"one\""

            [network."edge-1.lan".http]
            bind_address = "0.0.0.0"
            bind_port = 8080
            """,
        ["pipelines/fhir.toml"] = """
            [pipelines."fhir.v2-api"]
            description = "FHIR \"v2\" <api> & more"
            networks = ["edge-1.lan"]
            endpoints = ["fhir"]
            backends = ["store.main"]

            [pipelines."fhir_v2-api"]
            networks = ["edge-1.lan"]
            endpoints = ["other"]
            backends = ["store.main"]

            [endpoints.fhir]
            service = "fhir"
            [endpoints.fhir.options]
            path_prefix = "/fhir"

            [endpoints.other]
            service = "fhir"
            [endpoints.other.options]
            path_prefix = "/other"

            [backends."store.main"]
            service = "http"
            [backends."store.main".options]
            base_url = "http://127.0.0.1:9000/fhir?tenant=a&x=1"

            [pipelines."fhir.v2-api".mesh.ingress.fhir_public]
            type = "http"
            urls = ["https://fhir.example/r4"]
            mode = "mesh"

            [pipelines."fhir.v2-api".mesh.ingress.retired]
            type = "http"
            urls = ["https://old.example/r4"]
            enabled = false

            [pipelines."fhir.v2-api".mesh.egress.out]
            type = "http"
            backend = "store.main"
            """,
        ["mesh/mesh.toml"] = $$"""
            [mesh.care]
            jwt_secret = "${CARE_SECRET}"
            ingress = ["fhir_public"]
            egress = ["out"]

            [mesh.partners]
            jwt_secret = "{{LiteralSecret}}"
            ingress = ["fhir_public"]
            enabled = false
            """,
    });

    private static string BaselineFolder([CallerFilePath] string thisFile = "") =>
        File.Exists(thisFile) ? Path.Combine(Path.GetDirectoryName(thisFile)!, "Baselines", "Graphs") : Path.Combine(AppContext.BaseDirectory, "Baselines", "Graphs");

    private static (int ExitCode, string Output) RunMermaidParser(IEnumerable<string> files)
    {
        string folder = Path.Combine(RepositoryFiles.RepositoryRoot, "tests", "mermaid");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "mermaid")))
        {
            throw new InvalidOperationException($"The Mermaid parser is not installed: run `npm ci` in {folder} (test.sh does).");
        }

        var start = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("parse.mjs");
        foreach (string file in files)
        {
            start.ArgumentList.Add(file);
        }

        using Process process = Process.Start(start)!;
        System.Threading.Tasks.Task<string> stderr = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + stderr.Result);
    }

    [GeneratedRegex("^ +(?<id>[^ \\n]+?)(?:\\[\\(|\\(\\[|\\{\\{|\\[|>)\"(?<label>[^\\n]*)\"(?:\\)\\]|\\]\\)|\\}\\}|\\])$", RegexOptions.Multiline)]
    private static partial Regex NodeDefinition();

    [GeneratedRegex("```mermaid\\n(?<graph>.*?)```", RegexOptions.Singleline)]
    private static partial Regex MermaidBlock();
}
