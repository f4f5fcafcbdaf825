using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Basic.Reference.Assemblies;
using HarmonyGen.Generator;
using HarmonyGen.Definitions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace HarmonyGen.Benchmarks;

/// <summary>
/// Everything a generator run needs, built once: the compilation (.NET 10 and the runtime's spec types), the TOML
/// as AdditionalFiles, the global options, and the two edits the incremental benchmarks apply.
/// </summary>
internal sealed class GeneratorScenario
{
    private const string ProgramPath = SyntheticGateway.ProjectDir + "Program.cs";
    private const string ProgramSource = "internal static class Program\n{\n    private static void Main()\n    {\n    }\n}\n";
    private const string EditedProgramSource = "internal static class Program\n{\n    private static void Main()\n    {\n        System.Console.WriteLine(Answer());\n    }\n\n    private static int Answer() => 42;\n}\n";

    private static readonly CSharpParseOptions s_parseOptions = new(LanguageVersion.Latest);

    private readonly GlobalOptionsProvider _options = new(new Dictionary<string, string>
    {
        ["build_property.RootNamespace"] = "BenchGateway",
        ["build_property.ProjectDir"] = SyntheticGateway.ProjectDir,
    });

    private GeneratorScenario(SyntheticGateway gateway, CSharpCompilation compilation, CSharpCompilation editedCompilation)
    {
        Gateway = gateway;
        Compilation = compilation;
        EditedCompilation = editedCompilation;
        AdditionalTexts = NewAdditionalTexts();
        EditTarget = AdditionalTexts.Single(t => t.Path == SyntheticGateway.ProjectDir + gateway.EditedFile);
        EditedContent = gateway.EditedText();
    }

    public SyntheticGateway Gateway { get; }

    public CSharpCompilation Compilation { get; }

    /// <summary><see cref="Compilation"/> with Program.cs changed: nothing the generator reads.</summary>
    public CSharpCompilation EditedCompilation { get; }

    /// <summary>The AdditionalFiles a warm driver was created with; <see cref="EditTarget"/> is one of them.</summary>
    public ImmutableArray<AdditionalText> AdditionalTexts { get; }

    public AdditionalText EditTarget { get; }

    /// <summary>The text of <see cref="EditTarget"/> after the one-line edit.</summary>
    public string EditedContent { get; }

    public static GeneratorScenario Create(SyntheticGateway gateway)
    {
        var references = new List<MetadataReference>(Net100.References.All)
        {
            MetadataReference.CreateFromFile(typeof(GatewayDefinition).Assembly.Location),
        };
        CSharpCompilation compilation = CSharpCompilation.Create(
            "BenchGateway",
            new[] { CSharpSyntaxTree.ParseText(ProgramSource, s_parseOptions, ProgramPath) },
            references,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.Single(),
            CSharpSyntaxTree.ParseText(EditedProgramSource, s_parseOptions, ProgramPath));
        return new GeneratorScenario(gateway, compilation, edited);
    }

    /// <summary>Fresh AdditionalText objects (with fresh SourceTexts) for every TOML file, as a new build reads them.</summary>
    public ImmutableArray<AdditionalText> NewAdditionalTexts() =>
        Gateway.Files.Select(f => (AdditionalText)new InMemoryAdditionalText(SyntheticGateway.ProjectDir + f.Key, f.Value)).ToImmutableArray();

    public AdditionalText NewEditedText() => new InMemoryAdditionalText(EditTarget.Path, EditedContent);

    /// <summary>A driver that has not run yet, over the given AdditionalFiles (by default <see cref="AdditionalTexts"/>).</summary>
    public GeneratorDriver CreateDriver(ImmutableArray<AdditionalText>? additionalTexts = null, bool trackSteps = false) =>
        CSharpGeneratorDriver.Create(
            new[] { new HarmonyGenerator().AsSourceGenerator() },
            additionalTexts ?? AdditionalTexts,
            s_parseOptions,
            _options,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>
    /// Throws unless the run reported no warning or error and generated exactly one source: a benchmark of a
    /// config the generator rejects would measure the error path, not the generator.
    /// </summary>
    public static void AssertValid(GeneratorDriverRunResult run, string what)
    {
        GeneratorRunResult result = run.Results.Single();
        if (result.Exception is { } exception)
        {
            throw new InvalidOperationException($"{what}: the generator threw", exception);
        }

        List<Diagnostic> bad = run.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        if (bad.Count > 0)
        {
            throw new InvalidOperationException(
                $"{what}: the synthetic config is not valid; the generator reported {bad.Count} warning(s) or error(s):\n  "
                + string.Join("\n  ", bad.Take(20)));
        }

        if (result.GeneratedSources.Length != 1)
        {
            throw new InvalidOperationException($"{what}: expected exactly one generated source, got {result.GeneratedSources.Length}.");
        }
    }

    /// <summary>Throws unless the generated gateway compiles against the runtime's spec types without errors.</summary>
    public void AssertCompiles()
    {
        CreateDriver().RunGeneratorsAndUpdateCompilation(Compilation, out Compilation output, out _);
        List<Diagnostic> errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(
                $"The generated gateway does not compile ({errors.Count} errors):\n  " + string.Join("\n  ", errors.Take(20)));
        }
    }
}
