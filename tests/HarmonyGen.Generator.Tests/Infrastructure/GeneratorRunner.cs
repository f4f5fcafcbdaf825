using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Basic.Reference.Assemblies;
using HarmonyGen.Definitions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace HarmonyGen.Generator.Tests.Infrastructure;

/// <summary>
/// Runs <see cref="HarmonyGenerator"/> in-process with a plain <see cref="CSharpGeneratorDriver"/>: the TOML files
/// as AdditionalTexts under <see cref="GatewayTest.ProjectDir"/>, the same build properties as <see cref="GatewayTest"/>,
/// and a compilation against .NET 10 and the runtime's spec types. Much cheaper per run than the
/// Microsoft.CodeAnalysis.Testing harness, for tests that run the generator thousands of times.
/// </summary>
internal static class GeneratorRunner
{
    public const string RootNamespace = "TestGateway";

    private static readonly CSharpParseOptions s_parseOptions = new(LanguageVersion.Latest);

    // One compilation shared by every run: later runs reuse its bound references, which is most of the cost.
    private static readonly Lazy<CSharpCompilation> s_compilation = new(CreateCompilation, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Runs the generator over <paramref name="files"/> (paths relative to the project directory).</summary>
    public static GeneratorOutcome Run(IReadOnlyDictionary<string, string> files, string rootNamespace = RootNamespace)
    {
        ImmutableArray<AdditionalText> texts = Files(files);
        TestAnalyzerOptions options = TestAnalyzerOptions.ForTestProject(rootNamespace);

        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new HarmonyGenerator().AsSourceGenerator() },
            texts,
            s_parseOptions,
            options);
        driver = driver.RunGeneratorsAndUpdateCompilation(s_compilation.Value, out Compilation updated, out ImmutableArray<Diagnostic> driverDiagnostics);
        return new GeneratorOutcome(driver.GetRunResult().Results.Single(), driverDiagnostics, updated, texts);
    }

    /// <summary>A driver with incremental step tracking, for the caching tests.</summary>
    public static GeneratorDriver Driver(IEnumerable<AdditionalText> files, bool trackSteps = true) =>
        CSharpGeneratorDriver.Create(
            new[] { new HarmonyGenerator().AsSourceGenerator() },
            files,
            parseOptions: s_parseOptions,
            optionsProvider: TestAnalyzerOptions.ForTestProject(),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    public static ImmutableArray<AdditionalText> Files(IReadOnlyDictionary<string, string> files) =>
        files.OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => (AdditionalText)new InMemoryAdditionalText(GatewayTest.ProjectDir + f.Key, f.Value))
            .ToImmutableArray();

    /// <summary>The shared compilation with <paramref name="sources"/> added (each as its own file).</summary>
    public static CSharpCompilation Compilation(params string[] sources) =>
        s_compilation.Value.AddSyntaxTrees(sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, s_parseOptions, $"{GatewayTest.ProjectDir}Source{i}.cs")));

    private static CSharpCompilation CreateCompilation()
    {
        var references = new List<MetadataReference>(Net100.References.All)
        {
            MetadataReference.CreateFromFile(typeof(GatewayDefinition).Assembly.Location),
        };
        SyntaxTree program = CSharpSyntaxTree.ParseText(
            "internal static class Program { private static void Main() { } }",
            s_parseOptions,
            GatewayTest.ProjectDir + "Program.cs");
        return CSharpCompilation.Create(
            RootNamespace,
            new[] { program },
            references,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
    }
}

/// <summary>What one generator run did.</summary>
internal sealed class GeneratorOutcome(GeneratorRunResult result, ImmutableArray<Diagnostic> driverDiagnostics, Compilation updated, ImmutableArray<AdditionalText> additionalTexts)
{
    public GeneratorRunResult Result { get; } = result;

    /// <summary>The exception the generator threw, if it threw (the compiler would report CS8785).</summary>
    public Exception? Exception => Result.Exception;

    /// <summary>The diagnostics the generator reported.</summary>
    public ImmutableArray<Diagnostic> Diagnostics => Result.Diagnostics;

    /// <summary>The driver's own diagnostics (CS8784/CS8785 when a generator fails) plus the generator's.</summary>
    public ImmutableArray<Diagnostic> DriverDiagnostics { get; } = driverDiagnostics;

    public ImmutableArray<GeneratedSourceResult> GeneratedSources => Result.GeneratedSources;

    /// <summary>The compilation with the generated sources added.</summary>
    public Compilation UpdatedCompilation { get; } = updated;

    public ImmutableArray<AdditionalText> AdditionalTexts { get; } = additionalTexts;

    /// <summary>Compile errors inside the generated files.</summary>
    public IReadOnlyList<Diagnostic> GeneratedCodeErrors()
    {
        var generatedPaths = new HashSet<string>(GeneratedSources.Select(s => s.SyntaxTree.FilePath), StringComparer.Ordinal);
        return UpdatedCompilation.SyntaxTrees
            .Where(tree => generatedPaths.Contains(tree.FilePath))
            .SelectMany(tree => UpdatedCompilation.GetSemanticModel(tree).GetDiagnostics())
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .ToList();
    }
}
