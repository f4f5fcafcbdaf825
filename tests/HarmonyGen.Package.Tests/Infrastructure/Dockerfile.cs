using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace HarmonyGen.Package.Tests.Infrastructure;

/// <summary>One Dockerfile instruction: its keyword (upper case), its arguments and the line it starts on.</summary>
internal sealed record DockerInstruction(int Line, string Keyword, string Arguments)
{
    public override string ToString() => $"line {Line}: {Keyword} {Arguments}";
}

/// <summary>A build stage: <c>FROM image AS name</c> and the instructions under it.</summary>
internal sealed record DockerStage(DockerInstruction From, string Image, string Name, IReadOnlyList<DockerInstruction> Instructions);

/// <summary>
/// A Dockerfile read as the builder reads it (continuation lines joined, comments dropped), split into the global
/// <c>ARG</c>s before the first <c>FROM</c> and its stages. It only reads; what each instruction means is the caller's.
/// </summary>
internal sealed partial class Dockerfile
{
    private Dockerfile(IReadOnlyDictionary<string, string> globalArgs, IReadOnlyList<DockerStage> stages)
    {
        GlobalArgs = globalArgs;
        Stages = stages;
    }

    /// <summary>The <c>ARG name=default</c> lines before the first stage.</summary>
    public IReadOnlyDictionary<string, string> GlobalArgs { get; }

    public IReadOnlyList<DockerStage> Stages { get; }

    public static Dockerfile Parse(string text)
    {
        var globalArgs = new Dictionary<string, string>(StringComparer.Ordinal);
        var stages = new List<DockerStage>();
        (DockerInstruction From, string Image, string Name, List<DockerInstruction> Body)? current = null;
        foreach (DockerInstruction instruction in Instructions(text))
        {
            if (instruction.Keyword == "FROM")
            {
                Match from = FromArguments().Match(instruction.Arguments);
                Assert.True(from.Success, $"Dockerfile {instruction}: only 'FROM image AS name' is understood by this test.");
                if (current is { } done)
                {
                    stages.Add(new DockerStage(done.From, done.Image, done.Name, done.Body));
                }

                current = (instruction, from.Groups["image"].Value, from.Groups["name"].Value, new List<DockerInstruction>());
            }
            else if (current is { } stage)
            {
                stage.Body.Add(instruction);
            }
            else
            {
                Match arg = ArgWithDefault().Match(instruction.Arguments);
                Assert.True(instruction.Keyword == "ARG" && arg.Success, $"Dockerfile {instruction}: before the first FROM this test understands only 'ARG NAME=default'.");
                globalArgs[arg.Groups["name"].Value] = arg.Groups["value"].Value;
            }
        }

        Assert.True(current is not null, "The Dockerfile has no FROM.");
        stages.Add(new DockerStage(current.Value.From, current.Value.Image, current.Value.Name, current.Value.Body));
        return new Dockerfile(globalArgs, stages);
    }

    /// <summary>The instructions, with a line ending in a backslash joined to the next and comment lines dropped.</summary>
    private static IEnumerable<DockerInstruction> Instructions(string text)
    {
        string[] lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            int start = i + 1;
            var joined = new List<string>();
            while (line.EndsWith('\\') && i + 1 < lines.Length)
            {
                joined.Add(line[..^1].Trim());
                line = lines[++i].Trim();
                while (line.StartsWith('#') && i + 1 < lines.Length)
                {
                    line = lines[++i].Trim();
                }
            }

            joined.Add(line);
            string instruction = string.Join(' ', joined.Where(p => p.Length > 0));
            int space = instruction.IndexOf(' ', StringComparison.Ordinal);
            yield return space < 0
                ? new DockerInstruction(start, instruction.ToUpperInvariant(), string.Empty)
                : new DockerInstruction(start, instruction[..space].ToUpperInvariant(), instruction[(space + 1)..].Trim());
        }
    }

    [GeneratedRegex(@"^(?<image>\S+)\s+(?i:AS)\s+(?<name>\S+)$")]
    private static partial Regex FromArguments();

    [GeneratedRegex(@"^(?<name>[A-Za-z_][A-Za-z0-9_]*)=(?<value>\S+)$")]
    private static partial Regex ArgWithDefault();
}
