using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using HarmonyGen.Build.Tests.Infrastructure;
using Xunit;

namespace HarmonyGen.Package.Tests.Infrastructure;

/// <summary>
/// What a project's two-stage Dockerfile puts into its image, assembled on the host without a Docker engine: the build
/// stage's instructions run here (its file system is a folder; RUN lines run in /bin/sh as the builder runs them, with
/// the stage's ARGs in the environment and its absolute paths mapped into that folder), then the final stage's
/// <c>COPY --from</c> fills a second folder, the image's app layer. Only the instructions the template uses are
/// modelled; any other fails with the line, so a Dockerfile that outgrows this class cannot pass unchecked.
/// </summary>
internal sealed partial class ContainerLayout
{
    /// <summary>The RID the build stage's <c>$RID</c> takes: the Dockerfile's default, and this machine's.</summary>
    public const string Rid = "linux-x64";

    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(25);

    private readonly string _root;

    private ContainerLayout(string root) => _root = root;

    /// <summary>The final stage's working directory, mapped into the image folder: where the binary runs.</summary>
    public string WorkingDirectory { get; private set; } = string.Empty;

    /// <summary>The final stage as a folder: the files the image adds on top of its base image.</summary>
    public string ImageRoot => Path.Combine(_root, "final");

    /// <summary>ENTRYPOINT, its program resolved against the working directory.</summary>
    public IReadOnlyList<string> Entrypoint { get; private set; } = Array.Empty<string>();

    public IReadOnlyList<int> ExposedPorts { get; private set; } = Array.Empty<int>();

    public string User { get; private set; } = string.Empty;

    /// <summary>Everything the build stage's RUN lines printed.</summary>
    public List<string> BuildLog { get; } = new();

    /// <summary>Runs <paramref name="dockerfile"/>'s build stage on <paramref name="context"/>, then its final stage's copy, under <paramref name="root"/>.</summary>
    public static ContainerLayout Assemble(Dockerfile dockerfile, BuildContext context, string root)
    {
        Assert.True(dockerfile.Stages.Count == 2, $"The test models a build stage and a final stage; the Dockerfile has {dockerfile.Stages.Count} stages.");
        Assert.True(dockerfile.GlobalArgs.TryGetValue("RID", out string? rid) && rid == Rid, $"The Dockerfile's RID defaults to '{rid}', not {Rid}.");
        var layout = new ContainerLayout(root);
        DockerStage build = dockerfile.Stages[0];
        DockerStage final = dockerfile.Stages[1];

        // Every instruction checked before any runs: an unmodelled one fails without a half-built layout.
        AssertModelled(build, "ARG", "WORKDIR", "COPY", "RUN");
        AssertModelled(final, "WORKDIR", "COPY", "USER", "EXPOSE", "ENTRYPOINT");

        // The paths the final stage takes from the build stage: a RUN line may write there, and nowhere else outside its WORKDIR.
        List<string> copiedFromBuild = final.Instructions.Where(i => i.Keyword == "COPY").Select(i => CopyFrom(i, build.Name).Source.TrimEnd('/')).ToList();
        layout.RunBuildStage(build, dockerfile.GlobalArgs, context, copiedFromBuild);
        layout.RunFinalStage(final, build.Name);
        return layout;
    }

    private void RunBuildStage(DockerStage stage, IReadOnlyDictionary<string, string> globalArgs, BuildContext context, List<string> outputs)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        var mappedRoots = new List<string>(outputs);
        string workdir = "/";
        foreach (DockerInstruction instruction in stage.Instructions)
        {
            switch (instruction.Keyword)
            {
                case "ARG":
                    Match arg = ArgDeclaration().Match(instruction.Arguments);
                    Assert.True(arg.Success, $"Dockerfile {instruction}: not modelled by this test.");
                    string name = arg.Groups["name"].Value;
                    environment[name] = globalArgs.TryGetValue(name, out string? global) ? global : arg.Groups["value"].Value;
                    break;
                case "WORKDIR":
                    workdir = Combine(workdir, instruction.Arguments);
                    mappedRoots.Add(workdir);
                    Directory.CreateDirectory(Map("build", workdir));
                    break;
                case "COPY":
                    List<string> words = Words(instruction);
                    Assert.True(words.Count >= 2 && !words.Any(w => w.StartsWith("--", StringComparison.Ordinal)), $"Dockerfile {instruction}: only a COPY from the build context without options is modelled in the build stage.");
                    context.Copy(words.Take(words.Count - 1).ToList(), Map("build", Combine(workdir, words[^1])));
                    break;
                case "RUN":
                    Run(instruction, Map("build", workdir), environment, mappedRoots);
                    break;
                default:
                    throw new InvalidOperationException($"Dockerfile {instruction}: AssertModelled let an unmodelled instruction through.");
            }
        }
    }

    private void RunFinalStage(DockerStage stage, string buildStage)
    {
        string workdir = "/";
        foreach (DockerInstruction instruction in stage.Instructions)
        {
            switch (instruction.Keyword)
            {
                case "WORKDIR":
                    workdir = Combine(workdir, instruction.Arguments);
                    Directory.CreateDirectory(Map("final", workdir));
                    break;
                case "COPY":
                    (string source, string destination) = CopyFrom(instruction, buildStage);
                    string from = Map("build", source);
                    Assert.True(Directory.Exists(from), $"Dockerfile {instruction}: the build stage left nothing at {source}.");
                    CopyContents(from, Map("final", Combine(workdir, destination)));
                    break;
                case "USER":
                    User = instruction.Arguments;
                    break;
                case "EXPOSE":
                    ExposedPorts = instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p.Split('/')[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
                    break;
                case "ENTRYPOINT":
                    string[]? exec = instruction.Arguments.StartsWith('[') ? JsonSerializer.Deserialize<string[]>(instruction.Arguments) : null;
                    Assert.True(exec is { Length: > 0 }, $"Dockerfile {instruction}: only the exec (JSON array) form is modelled; the shell form needs a shell the chiseled image does not have.");
                    string program = exec[0].StartsWith('/') ? exec[0] : Combine(workdir, exec[0]);
                    Entrypoint = new[] { Map("final", program) }.Concat(exec.Skip(1)).ToList();
                    break;
                default:
                    throw new InvalidOperationException($"Dockerfile {instruction}: AssertModelled let an unmodelled instruction through.");
            }
        }

        Assert.True(Entrypoint.Count > 0, "The final stage has no ENTRYPOINT.");
        WorkingDirectory = Map("final", workdir);
    }

    /// <summary>A RUN line in /bin/sh, as the builder runs it, with its absolute paths mapped into the stage's folder.</summary>
    private void Run(DockerInstruction instruction, string workdir, Dictionary<string, string> environment, List<string> mappedRoots)
    {
        string command = AbsolutePath().Replace(instruction.Arguments, m =>
        {
            string path = m.Value;
            Assert.True(mappedRoots.Any(r => path == r || path.StartsWith(r.TrimEnd('/') + "/", StringComparison.Ordinal)), $"Dockerfile {instruction}: the path {path} is neither a WORKDIR nor copied by the final stage; not modelled by this test.");
            return Map("build", path);
        });
        var start = DotnetProcess.ProgramStartInfo("/bin/sh", workdir, "-c", command);
        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        // The SDK image has dotnet on its PATH; here it is the dotnet that runs the tests.
        string dotnet = DotnetProcess.Host();
        if (Path.IsPathRooted(dotnet))
        {
            start.Environment["PATH"] = Path.GetDirectoryName(dotnet) + ":" + start.Environment["PATH"];
        }

        BuildResult result = DotnetProcess.Run(start, RunTimeout, $"Dockerfile {instruction}");
        BuildLog.Add($"$ {command}");
        BuildLog.AddRange(result.Lines);
        Assert.True(result.ExitCode == 0, result.Describe($"Dockerfile {instruction} failed."));
    }

    private static void AssertModelled(DockerStage stage, params string[] keywords)
    {
        foreach (DockerInstruction instruction in stage.Instructions.Where(i => !keywords.Contains(i.Keyword, StringComparer.Ordinal)))
        {
            Assert.Fail($"Dockerfile {instruction}: {instruction.Keyword} in stage '{stage.Name}' is not modelled by this test; teach ContainerLayout what it does.");
        }
    }

    /// <summary>A final-stage <c>COPY --from=stage source destination</c>: its source (in the stage) and destination.</summary>
    private static (string Source, string Destination) CopyFrom(DockerInstruction instruction, string buildStage)
    {
        List<string> words = Words(instruction);
        Assert.True(words.Count == 3 && words[0] == "--from=" + buildStage && words[1].StartsWith('/'), $"Dockerfile {instruction}: only 'COPY --from={buildStage} /absolute/source/ destination' is modelled in the final stage.");
        return (words[1], words[2]);
    }

    private static void CopyContents(string from, string to)
    {
        foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    private static List<string> Words(DockerInstruction instruction) =>
        instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();

    /// <summary>A container path against the stage's working directory (Unix rules; "./" and "." are the directory itself).</summary>
    private static string Combine(string workdir, string path)
    {
        string combined = path.StartsWith('/') ? path : workdir.TrimEnd('/') + "/" + path;
        var parts = new List<string>();
        foreach (string part in combined.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "..")
            {
                parts.RemoveAt(parts.Count - 1);
            }
            else if (part != ".")
            {
                parts.Add(part);
            }
        }

        return "/" + string.Join('/', parts);
    }

    /// <summary>A container path of <paramref name="stage"/> as a host path under this layout's folder.</summary>
    private string Map(string stage, string containerPath) =>
        Path.Combine(_root, stage, containerPath.TrimStart('/').Replace('/', Path.DirectorySeparatorChar));

    [GeneratedRegex(@"^(?<name>[A-Za-z_][A-Za-z0-9_]*)(=(?<value>\S*))?$")]
    private static partial Regex ArgDeclaration();

    [GeneratedRegex(@"(?<=^|[\s=])/[^\s;&|""']*")]
    private static partial Regex AbsolutePath();
}
