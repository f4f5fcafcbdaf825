using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using HarmonyGen.Generator.Tests.Infrastructure;

namespace HarmonyGen.Generator.Tests.Transforms;

/// <summary>
/// One test case of fluvio-jolt (tests/java/resources/shift, tests/data): an input, a spec, the expected output. The
/// files keep their // comments; they are stripped line by line as fluvio-jolt's tests/java/util.rs strips them.
/// </summary>
internal sealed record JoltCase(string Name, JsonNode? Input, string SpecFile, JsonNode? Expected)
{
    public static string Folder => Path.Combine(RepositoryFiles.RepositoryRoot, "tests", "HarmonyGen.Generator.Tests", "Transforms", "fluvio-jolt");

    /// <summary>The cases of a folder. A Java-ported case's spec is one operation's spec; a tests/data case's is a whole spec file.</summary>
    public static List<JoltCase> Load(string folder, string? operation)
    {
        var cases = new List<JoltCase>();
        foreach (string path in Directory.GetFiles(Path.Combine(Folder, folder), "*.json").OrderBy(p => p, StringComparer.Ordinal))
        {
            JsonObject test = JsonNode.Parse(StripComments(File.ReadAllText(path)))!.AsObject();
            JsonNode spec = test["spec"]!;
            string specFile = operation is null
                ? spec.ToJsonString()
                : new JsonArray(new JsonObject { ["operation"] = operation, ["spec"] = spec.DeepClone() }).ToJsonString();
            cases.Add(new JoltCase(folder + "/" + Path.GetFileName(path), test["input"]?.DeepClone(), specFile, test["expected"]?.DeepClone()));
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
