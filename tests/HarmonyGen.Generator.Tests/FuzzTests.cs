using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using HarmonyGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Xunit;
using Xunit.Abstractions;

namespace HarmonyGen.Generator.Tests;

/// <summary>
/// Robustness: the conformance trees and the sample gateway, each TOML file mutated once per case (a character or a
/// line deleted, duplicated or swapped, or a TOML-significant character inserted), 600 seeded cases per tree. Whatever
/// the input, the generator must not throw, must not report an internal error, must either generate a gateway or
/// report an error (for each gateway root), what it generates must compile, and every diagnostic's line/column must be
/// its text span.
/// A failure names the tree, case, seed, file, mutation and the mutated text; <see cref="Mutation.Apply"/> with the
/// original text and that seed reproduces it.
/// </summary>
/// <remarks>
/// data-mesh and http-http fail to build as they stand, so mutations of them almost never reach code generation. Two
/// corpora derived from them (the one change each needs to compile) put their mesh, http3 and policies code through
/// the emitter and the C# compiler too.
/// </remarks>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private const int CasesPerCorpus = 600;

    private const int MaxReportedFailures = 5;

    private const string DataMeshCompiling = "data-mesh, egress backends in the pipeline";

    private const string HttpHttpCompiling = "http-http, allow_all rules";

    public static TheoryData<string> Corpora => new()
    {
        "data-mesh",
        "docker-mesh/node-a",
        "docker-mesh/node-b",
        "http-http",
        "au-erequesting",
        "http-with-middleware",
        "sample-gateway",
        DataMeshCompiling,
        HttpHttpCompiling,
    };

    [Theory]
    [MemberData(nameof(Corpora))]
    public void Mutated_configuration_never_breaks_the_generator(string corpus)
    {
        Dictionary<string, string> files = Corpus(corpus);
        string[] tomlFiles = files.Keys.Where(f => f.EndsWith(".toml", StringComparison.Ordinal)).OrderBy(f => f, StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(tomlFiles);

        // The unmutated corpus is the baseline: it must behave, and the derived ones must really compile.
        GeneratorOutcome baseline = GeneratorRunner.Run(files);
        List<string> baselineProblems = Problems(baseline);
        Assert.True(baselineProblems.Count == 0, $"{corpus} unmutated:\n" + string.Join("\n", baselineProblems));
        if (corpus is DataMeshCompiling or HttpHttpCompiling)
        {
            Assert.True(
                !baseline.GeneratedSources.IsEmpty && !baseline.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error),
                $"{corpus} must compile before it is mutated; reported: {Describe(baseline.Diagnostics)}");
        }

        var failures = new List<string>();
        var reported = new Dictionary<string, int>(StringComparer.Ordinal);
        int generated = 0;
        var clock = Stopwatch.StartNew();
        for (int index = 0; index < CasesPerCorpus; index++)
        {
            string file = tomlFiles[index % tomlFiles.Length];
            int seed = Seed(corpus, index);
            (string mutated, string mutation) = Mutation.Apply(files[file], seed);
            var mutatedFiles = new Dictionary<string, string>(files, StringComparer.Ordinal) { [file] = mutated };

            GeneratorOutcome run = GeneratorRunner.Run(mutatedFiles);
            List<string> problems = Problems(run);
            foreach (string id in run.Diagnostics.Select(d => d.Id).Distinct())
            {
                reported[id] = reported.GetValueOrDefault(id) + 1;
            }

            if (!run.GeneratedSources.IsEmpty)
            {
                generated++;
            }

            if (problems.Count > 0)
            {
                failures.Add(
                    $"{corpus} case {index}: seed {seed}, file {file}, mutation: {mutation}\n" +
                    string.Join("\n", problems.Select(p => "  - " + p)) +
                    $"\n  mutated {file}:\n{Indent(mutated)}");
            }
        }

        output.WriteLine($"{corpus}: {CasesPerCorpus} cases over {tomlFiles.Length} files in {clock.Elapsed.TotalSeconds:0.0} s; {generated} generated a gateway, {failures.Count} failed");
        output.WriteLine("cases reporting each ID: " + string.Join(", ", reported.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} {r.Value}")));
        Assert.True(
            failures.Count == 0,
            $"{failures.Count} of {CasesPerCorpus} mutated cases of {corpus} broke the generator; the first {Math.Min(failures.Count, MaxReportedFailures)}:\n\n" +
            string.Join("\n\n", failures.Take(MaxReportedFailures)));
    }

    /// <summary>
    /// The harmony-examples trees whose transform middleware name spec files, for the JSON side of the generator; the
    /// last three hold modify-overwrite-beta specs (concat, split, ifEquals) and '[&amp;N]' targets.
    /// </summary>
    public static TheoryData<string> SpecCorpora => new() { "transform", "http-with-middleware", "ucp-checkout", "mcp-to-http", "webhook-to-fhir", "au-erequesting", "legacy-to-fhir" };

    /// <summary>
    /// The same for the JOLT spec files a tree's transform middleware use: each mutated once per case (JSON structure,
    /// escapes and the key language's operators), 300 seeded cases per tree. The JSON reader, the spec reader and
    /// the transform emitter must not throw, every diagnostic must sit where its span says, and what compiles must
    /// compile.
    /// </summary>
    [Theory]
    [MemberData(nameof(SpecCorpora))]
    public void Mutated_transform_specs_never_break_the_generator(string corpus)
    {
        Dictionary<string, string> files = Corpus(corpus);
        string[] specFiles = files.Keys.Where(f => f.EndsWith(".json", StringComparison.Ordinal)).OrderBy(f => f, StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(specFiles);

        var failures = new List<string>();
        int clean = 0;
        for (int index = 0; index < CasesPerCorpus / 2; index++)
        {
            string file = specFiles[index % specFiles.Length];
            int seed = Seed(corpus + "/json", index);
            (string mutated, string mutation) = Mutation.Apply(files[file], seed, Mutation.JsonSignificant);
            var mutatedFiles = new Dictionary<string, string>(files, StringComparer.Ordinal) { [file] = mutated };

            GeneratorOutcome run = GeneratorRunner.Run(mutatedFiles);
            List<string> problems = Problems(run);
            if (!run.Diagnostics.Any(d => d.Id.StartsWith("HG09", StringComparison.Ordinal)))
            {
                clean++;
            }

            if (problems.Count > 0)
            {
                failures.Add($"{corpus} case {index}: seed {seed}, file {file}, mutation: {mutation}\n" + string.Join("\n", problems.Select(p => "  - " + p)) + $"\n  mutated {file}:\n{Indent(mutated)}");
            }
        }

        output.WriteLine($"{corpus}: {CasesPerCorpus / 2} spec mutations, {clean} still read cleanly, {failures.Count} failed");
        Assert.True(failures.Count == 0, $"{failures.Count} mutated specs of {corpus} broke the generator; the first {Math.Min(failures.Count, MaxReportedFailures)}:\n\n" + string.Join("\n\n", failures.Take(MaxReportedFailures)));
    }

    private static Dictionary<string, string> Corpus(string corpus)
    {
        switch (corpus)
        {
            case "sample-gateway":
                return RepositoryFiles.SampleGateway();
            case DataMeshCompiling:
            {
                // Pipeline mesh_api lists the backends its two egresses name.
                Dictionary<string, string> files = RepositoryFiles.Conformance("data-mesh");
                string api = files["pipelines/api.toml"];
                int at = api.IndexOf("backends = [\"fhir_backend\"]", api.IndexOf("[pipelines.mesh_api]", StringComparison.Ordinal), StringComparison.Ordinal);
                Assert.True(at >= 0, "data-mesh's pipelines/api.toml has changed: no backends line in [pipelines.mesh_api]");
                files["pipelines/api.toml"] = api[..at] + "backends = [\"fhir_backend\", \"partner_fhir\", \"imaging_center\"]" + api[(at + "backends = [\"fhir_backend\"]".Length)..];
                return files;
            }

            case HttpHttpCompiling:
            {
                // Rules of a type HarmonyGen enforces instead of the four it cannot.
                Dictionary<string, string> files = RepositoryFiles.Conformance("http-http");
                string pipeline = files["pipelines/http-http.toml"];
                foreach (string type in new[] { "ip_allow", "path", "rate_limit", "method" })
                {
                    string find = $"type = \"{type}\"";
                    Assert.True(pipeline.Contains(find, StringComparison.Ordinal), $"http-http's pipelines/http-http.toml has changed: no `{find}`");
                    pipeline = pipeline.Replace(find, "type = \"allow_all\"", StringComparison.Ordinal);
                }

                files["pipelines/http-http.toml"] = pipeline;
                return files;
            }

            default:
                return RepositoryFiles.Conformance(corpus);
        }
    }

    /// <summary>Everything wrong with one run; empty when the generator behaved.</summary>
    private static List<string> Problems(GeneratorOutcome run)
    {
        var problems = new List<string>();
        if (run.Exception is { } exception)
        {
            problems.Add($"the generator threw {exception}");
        }

        foreach (Diagnostic d in run.DriverDiagnostics.Where(d => d.Id == "CS8785"))
        {
            problems.Add($"CS8785 (generator failed): {d}");
        }

        foreach (Diagnostic d in run.Diagnostics.Where(d => d.Id == "HG0099"))
        {
            problems.Add($"HG0099 (internal error): {d}");
        }

        List<Diagnostic> errors = run.Diagnostics.Where(d => d.Id.StartsWith("HG", StringComparison.Ordinal) && d.Severity == DiagnosticSeverity.Error).ToList();
        if (run.GeneratedSources.IsEmpty && errors.Count == 0)
        {
            problems.Add("no gateway was generated and no HG error says why; reported: " + Describe(run.Diagnostics));
        }
        else
        {
            // The same per root, where a project has several: each config.toml that generated nothing has an error in its folder.
            string[] roots = run.AdditionalTexts.Select(t => t.Path).Where(p => p.EndsWith("/config.toml", StringComparison.Ordinal)).ToArray();
            int rootsWithErrors = roots.Count(root => errors.Any(e => e.Location.GetLineSpan().Path.StartsWith(root[..(root.Length - "config.toml".Length)], StringComparison.Ordinal)));
            if (run.GeneratedSources.Length + rootsWithErrors < roots.Length)
            {
                problems.Add($"{roots.Length} gateway roots, {run.GeneratedSources.Length} generated, and only {rootsWithErrors} with an HG error in their folder; reported: " + Describe(run.Diagnostics));
            }
        }

        if (!run.GeneratedSources.IsEmpty)
        {
            foreach (Diagnostic d in run.GeneratedCodeErrors())
            {
                problems.Add($"generated code does not compile: {d}");
            }
        }

        problems.AddRange(SpanProblems(run));
        return problems;
    }

    /// <summary>Every diagnostic location is inside the file it names, and its line/column span is its text span.</summary>
    private static IEnumerable<string> SpanProblems(GeneratorOutcome run)
    {
        Dictionary<string, SourceText> texts = run.AdditionalTexts.ToDictionary(t => t.Path, t => t.GetText()!, StringComparer.Ordinal);
        foreach (Diagnostic d in run.Diagnostics)
        {
            foreach (Location location in new[] { d.Location }.Concat(d.AdditionalLocations))
            {
                if (location.Kind != LocationKind.ExternalFile)
                {
                    continue;
                }

                FileLinePositionSpan lineSpan = location.GetLineSpan();
                if (!texts.TryGetValue(lineSpan.Path, out SourceText? text))
                {
                    yield return $"{d.Id} points into '{lineSpan.Path}', which is not one of the files: {d}";
                    continue;
                }

                TextSpan span = location.SourceSpan;
                if (span.End > text.Length)
                {
                    yield return $"{d.Id} span {span} runs past the end of {lineSpan.Path} ({text.Length} characters): {d}";
                    continue;
                }

                LinePositionSpan expected = text.Lines.GetLinePositionSpan(span);
                if (expected != lineSpan.Span)
                {
                    yield return $"{d.Id} line span {lineSpan.Span} is not its text span {span} = {expected}: {d}";
                }
            }
        }
    }

    private static string Describe(IEnumerable<Diagnostic> diagnostics)
    {
        string joined = string.Join("; ", diagnostics.Select(d => d.ToString()));
        return joined.Length == 0 ? "(nothing)" : joined;
    }

    private static string Indent(string text) => string.Join("\n", text.Split('\n').Select((line, i) => $"    {i + 1,4}| {line}"));

    /// <summary>A fixed seed per (corpus, case): FNV-1a of both, so it never depends on run order or the runtime.</summary>
    internal static int Seed(string corpus, int index)
    {
        uint hash = 2166136261;
        foreach (char c in $"{corpus}#{index}")
        {
            hash = (hash ^ c) * 16777619;
        }

        return (int)(hash & 0x7FFFFFFF);
    }
}

/// <summary>One seeded mutation of a text; the same text and seed always give the same result.</summary>
internal static class Mutation
{
    private const string Significant = "[]=\"'.,#\n";

    /// <summary>What a JOLT spec file reacts to: JSON's structure and escapes, the key language's operators, and a modify's '=', quotes and '^'.</summary>
    public const string JsonSignificant = "[]{}\":,\\.&@$#*|()0='^";

    public static (string Text, string Description) Apply(string text, int seed) => Apply(text, seed, Significant);

    public static (string Text, string Description) Apply(string text, int seed, string significant)
    {
        var random = new Random(seed);
        string[] lines = text.Split('\n');
        switch (random.Next(7))
        {
            case 0:
            {
                int at = PickOffset(random, text, lines);
                return (text.Remove(at, 1), $"delete {Show(text[at])} at {Where(text, at)}");
            }

            case 1:
            {
                int at = PickOffset(random, text, lines);
                return (text.Insert(at, text[at].ToString()), $"duplicate {Show(text[at])} at {Where(text, at)}");
            }

            case 2:
            {
                int at = Math.Min(PickOffset(random, text, lines), text.Length - 2);
                var chars = text.ToCharArray();
                (chars[at], chars[at + 1]) = (chars[at + 1], chars[at]);
                return (new string(chars), $"swap {Show(text[at])} and {Show(text[at + 1])} at {Where(text, at)}");
            }

            case 3:
            {
                int line = PickLine(random, lines);
                return (string.Join("\n", lines.Where((_, i) => i != line)), $"delete line {line + 1} ({Show(lines[line])})");
            }

            case 4:
            {
                int line = PickLine(random, lines);
                var copy = lines.ToList();
                copy.Insert(line, lines[line]);
                return (string.Join("\n", copy), $"duplicate line {line + 1} ({Show(lines[line])})");
            }

            case 5:
            {
                int a = PickLine(random, lines);
                int b = PickLine(random, lines);
                if (a == b)
                {
                    b = (a + 1) % lines.Length;
                }

                var copy = (string[])lines.Clone();
                (copy[a], copy[b]) = (copy[b], copy[a]);
                return (string.Join("\n", copy), $"swap lines {a + 1} ({Show(lines[a])}) and {b + 1} ({Show(lines[b])})");
            }

            default:
            {
                char c = significant[random.Next(significant.Length)];
                int at = random.Next(4) == 0 ? random.Next(text.Length + 1) : PickOffset(random, text, lines);
                return (text.Insert(at, c.ToString()), $"insert {Show(c)} at {Where(text, at)}");
            }
        }
    }

    /// <summary>Three times in four a character on a line that is neither blank nor a comment; else any character.</summary>
    private static int PickOffset(Random random, string text, string[] lines)
    {
        if (random.Next(4) != 0)
        {
            int line = PickLine(random, lines);
            if (lines[line].Length > 0)
            {
                int start = 0;
                for (int i = 0; i < line; i++)
                {
                    start += lines[i].Length + 1;
                }

                return start + random.Next(lines[line].Length);
            }
        }

        return random.Next(text.Length);
    }

    /// <summary>Three times in four a line that is neither blank nor a comment; else any line.</summary>
    private static int PickLine(Random random, string[] lines)
    {
        int[] meaningful = Enumerable.Range(0, lines.Length).Where(i => lines[i].Trim().Length > 0 && !lines[i].TrimStart().StartsWith('#')).ToArray();
        return meaningful.Length > 0 && random.Next(4) != 0 ? meaningful[random.Next(meaningful.Length)] : random.Next(lines.Length);
    }

    private static string Where(string text, int offset)
    {
        int line = 1;
        int column = 1;
        for (int i = 0; i < offset; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }

        return $"offset {offset} (line {line}, column {column})";
    }

    private static string Show(char c) => c switch
    {
        '\n' => "'\\n'",
        '\r' => "'\\r'",
        '\t' => "'\\t'",
        _ => $"'{c}'",
    };

    private static string Show(string line) => "\"" + line.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal) + "\"";
}
