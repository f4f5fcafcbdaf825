using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace HarmonyGen.Benchmarks;

/// <summary>
/// A large, valid gateway root made in memory: <c>config.toml</c> with two networks, <see cref="PipelineCount"/>
/// pipelines (1,000 by default) spread over <see cref="PipelineFileCount"/> files under <c>pipelines/</c> (each with its own endpoint,
/// backend, two ingresses and one egress), and one HS256 mesh under <c>mesh/</c> that lists every ingress and egress.
/// </summary>
internal sealed class SyntheticGateway
{
    public const string ProjectDir = "/project/";

    public const int DefaultPipelineCount = 1000;

    public const int PipelineFileCount = 20;

    public const int IngressesPerPipeline = 2;

    private static readonly (string Name, string Address, int Port)[] s_networks =
    {
        ("lan", "127.0.0.1", 8080),
        ("partners", "0.0.0.0", 8443),
    };

    private SyntheticGateway(int pipelineCount, IReadOnlyDictionary<string, string> files, string editedFile, string editFind, string editReplacement)
    {
        PipelineCount = pipelineCount;
        Files = files;
        EditedFile = editedFile;
        EditFind = editFind;
        EditReplacement = editReplacement;
    }

    public int PipelineCount { get; }

    /// <summary>File contents by path relative to <see cref="ProjectDir"/>, in a stable order.</summary>
    public IReadOnlyDictionary<string, string> Files { get; }

    /// <summary>The pipeline file the one-line-edit benchmark changes (relative path).</summary>
    public string EditedFile { get; }

    /// <summary>The exact line, once in <see cref="EditedFile"/>, that the edit replaces.</summary>
    public string EditFind { get; }

    public string EditReplacement { get; }

    /// <summary><see cref="EditedFile"/> after the one-line edit: a pipeline description changes, nothing else.</summary>
    public string EditedText()
    {
        string text = Files[EditedFile];
        int index = text.IndexOf(EditFind, StringComparison.Ordinal);
        if (index < 0 || text.IndexOf(EditFind, index + 1, StringComparison.Ordinal) >= 0)
        {
            throw new InvalidOperationException($"'{EditFind}' must occur exactly once in {EditedFile}");
        }

        return text.Substring(0, index) + EditReplacement + text.Substring(index + EditFind.Length);
    }

    public static SyntheticGateway Create(int pipelineCount = DefaultPipelineCount)
    {
        if (pipelineCount < PipelineFileCount || pipelineCount % PipelineFileCount != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(pipelineCount), pipelineCount, $"a multiple of {PipelineFileCount}");
        }

        var files = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["config.toml"] = Config(),
        };

        int perFile = pipelineCount / PipelineFileCount;
        for (int file = 0; file < PipelineFileCount; file++)
        {
            var text = new StringBuilder();
            for (int i = file * perFile; i < (file + 1) * perFile; i++)
            {
                AppendPipeline(text, i, pipelineCount);
            }

            files[PipelineFile(file)] = text.ToString();
        }

        files["mesh/bench.toml"] = Mesh(pipelineCount);

        // A pipeline in the middle of the middle file: neither the first nor the last thing the parser sees.
        int edited = (PipelineFileCount / 2 * perFile) + (perFile / 2);
        string replacement = string.Create(CultureInfo.InvariantCulture, $"description = \"Synthetic pipeline {edited} of {pipelineCount}, edited\"");
        return new SyntheticGateway(pipelineCount, files, PipelineFile(PipelineFileCount / 2), DescriptionLine(edited, pipelineCount), replacement);
    }

    private static string Config()
    {
        var text = new StringBuilder();
        text.Append("[proxy]\nid = \"bench\"\n");
        foreach ((string name, string address, int port) in s_networks)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n[network.{name}.http]\nbind_address = \"{address}\"\nbind_port = {port}\n");
        }

        return text.ToString();
    }

    private static void AppendPipeline(StringBuilder text, int index, int pipelineCount)
    {
        string p = Pipeline(index);
        (string network, _, int port) = s_networks[index % s_networks.Length];
        text.Append(CultureInfo.InvariantCulture, $"""
            [pipelines.{p}]
            {DescriptionLine(index, pipelineCount)}
            networks = ["{network}"]
            endpoints = ["{p}_api"]
            backends = ["{p}_upstream"]

            [endpoints.{p}_api]
            service = "http"
            [endpoints.{p}_api.options]
            path_prefix = "/{p}"

            [backends.{p}_upstream]
            service = "http"
            timeout_secs = 30
            [backends.{p}_upstream.options]
            base_url = "http://{p}.upstream.test:9000/{p}"


            """);

        for (int i = 0; i < IngressesPerPipeline; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"""
                [pipelines.{p}.mesh.ingress.{Ingress(index, i)}]
                type = "http"
                urls = ["http://{network}.bench.test:{port}/{p}/in{i}"]
                mode = "mesh"


                """);
        }

        text.Append(CultureInfo.InvariantCulture, $"""
            [pipelines.{p}.mesh.egress.{Egress(index)}]
            type = "http"
            backend = "{p}_upstream"


            """);
    }

    private static string Mesh(int pipelineCount)
    {
        var text = new StringBuilder();
        text.Append("[mesh.bench]\ntype = \"http\"\nprovider = \"local\"\nauth_type = \"jwt\"\njwt_secret = \"${MESH_SECRET}\"\n");
        text.Append("ingress = [\n");
        for (int p = 0; p < pipelineCount; p++)
        {
            for (int i = 0; i < IngressesPerPipeline; i++)
            {
                text.Append(CultureInfo.InvariantCulture, $"  \"{Ingress(p, i)}\",\n");
            }
        }

        text.Append("]\negress = [\n");
        for (int p = 0; p < pipelineCount; p++)
        {
            text.Append(CultureInfo.InvariantCulture, $"  \"{Egress(p)}\",\n");
        }

        text.Append("]\n");
        return text.ToString();
    }

    private static string PipelineFile(int file) => string.Create(CultureInfo.InvariantCulture, $"pipelines/group-{file + 1:D2}.toml");

    private static string Pipeline(int index) => string.Create(CultureInfo.InvariantCulture, $"p{index:D4}");

    private static string Ingress(int pipeline, int ingress) => string.Create(CultureInfo.InvariantCulture, $"{Pipeline(pipeline)}_in{ingress}");

    private static string Egress(int pipeline) => Pipeline(pipeline) + "_out";

    private static string DescriptionLine(int index, int pipelineCount) =>
        string.Create(CultureInfo.InvariantCulture, $"description = \"Synthetic pipeline {index} of {pipelineCount}\"");
}
