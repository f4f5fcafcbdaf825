using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Basic.Reference.Assemblies;
using HarmonyGen.Spec;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace HarmonyGen.Generator.Tests.Infrastructure;

/// <summary>
/// Runs the generator in-process with <see cref="CSharpGeneratorDriver"/> (fast, and with step tracking), for the
/// tests that need the driver itself: incremental caching, model graphs, fuzzing and baselines.
/// </summary>
internal static class GeneratorRun
{
    public static CSharpCompilation Compilation(params string[] sources) =>
        CSharpCompilation.Create(
            "TestGateway",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, path: $"/project/Source{i}.cs")),
            Net100.References.All.Append(MetadataReference.CreateFromFile(typeof(GatewayDefinition).Assembly.Location)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    public static GeneratorDriver Driver(IEnumerable<AdditionalText> files, bool trackSteps = true) =>
        CSharpGeneratorDriver.Create(
            new[] { new HarmonyGenerator().AsSourceGenerator() },
            files,
            parseOptions: CSharpParseOptions.Default,
            optionsProvider: TestAnalyzerOptions.ForTestProject(),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    public static ImmutableArray<AdditionalText> Files(IReadOnlyDictionary<string, string> files) =>
        files.OrderBy(f => f.Key, System.StringComparer.Ordinal)
            .Select(f => (AdditionalText)new InMemoryAdditionalText(GatewayTest.ProjectDir + f.Key, f.Value))
            .ToImmutableArray();
}
