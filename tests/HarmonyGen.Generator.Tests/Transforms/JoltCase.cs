using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using HarmonyGen.Generator.Tests.Infrastructure;

namespace HarmonyGen.Generator.Tests.Transforms;

/// <summary>
/// One test case of fluvio-jolt or harmony-jolt (tests/java/resources/shift, tests/data): an input, a spec, the expected
/// output. The files keep their // comments; they are stripped line by line as both crates' tests/java/util.rs strip them.
/// </summary>
internal sealed record JoltCase(string Name, JsonNode? Input, string SpecFile, JsonNode? Expected)
{
    public static string Folder => Path.Combine(RepositoryFiles.RepositoryRoot, "tests", "HarmonyGen.Generator.Tests", "Transforms", "fluvio-jolt");

    /// <summary>harmony-jolt's own cases, those of its suite that fluvio-jolt's does not run (harmony-jolt/README.md).</summary>
    public static string HarmonyJoltFolder => Path.Combine(Folder, "..", "harmony-jolt");

    /// <summary>The cases of a folder. A Java-ported case's spec is one operation's spec; a tests/data case's is a whole spec file.</summary>
    public static List<JoltCase> Load(string folder, string? operation, string? root = null)
    {
        var cases = new List<JoltCase>();
        string prefix = root is null ? folder : Path.GetFileName(root) + "/" + folder;
        foreach (string path in Directory.GetFiles(Path.Combine(root ?? Folder, folder), "*.json").OrderBy(p => p, StringComparer.Ordinal))
        {
            JsonObject test = JsonNode.Parse(StripComments(File.ReadAllText(path)))!.AsObject();
            JsonNode spec = test["spec"]!;
            string specFile = operation is null
                ? spec.ToJsonString()
                : new JsonArray(new JsonObject { ["operation"] = operation, ["spec"] = spec.DeepClone() }).ToJsonString();
            cases.Add(new JoltCase(prefix + "/" + Path.GetFileName(path), test["input"]?.DeepClone(), specFile, test["expected"]?.DeepClone()));
        }

        return cases;
    }

    /// <summary>fluvio-jolt's comment stripping: a "//" outside a string ends the line.</summary>
    public static string StripComments(string text) =>
        string.Join("\n", text.Split('\n').Select(line =>
        {
            bool inString = false;
            bool maybeComment = false;
            for (int i = 0; i < line.Length; i++)
            {
                switch (line[i])
                {
                    case '"':
                        inString = !inString;
                        maybeComment = false;
                        break;
                    case '/':
                        if (maybeComment)
                        {
                            return line[..(i - 1)];
                        }

                        maybeComment = !inString;
                        break;
                    default:
                        maybeComment = false;
                        break;
                }
            }

            return line;
        }));

    public override string ToString() => Name;
}
