using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;

namespace HarmonyGen.Benchmarks;

/// <summary>
/// One generator driver run over a 1,000-pipeline gateway (<see cref="SyntheticGateway"/>): cold, after a one-line
/// TOML edit, and after a C# edit the generator does not read. GeneratorDriver is immutable, so every invocation of
/// the incremental benchmarks starts from the same warm driver.
/// </summary>
[Config(typeof(ShortRunConfig))]
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private GeneratorScenario _scenario = null!;
    private GeneratorDriver _warm = null!;

    [GlobalSetup]
    public void Setup()
    {
        _scenario = GeneratorScenario.Create(SyntheticGateway.Create());
        _warm = _scenario.CreateDriver().RunGenerators(_scenario.Compilation);
        GeneratorScenario.AssertValid(_warm.GetRunResult(), "full run");
        GeneratorScenario.AssertValid(OneLineEditInOnePipelineFile().GetRunResult(), "one-line edit");
        GeneratorScenario.AssertValid(UnrelatedCSharpEdit().GetRunResult(), "unrelated C# edit");
    }

    /// <summary>A new driver, new AdditionalFiles: parse every file, bind, validate, emit.</summary>
    [Benchmark(Baseline = true)]
    public GeneratorDriver FullRun() =>
        _scenario.CreateDriver(_scenario.NewAdditionalTexts()).RunGenerators(_scenario.Compilation);

    /// <summary>The warm driver after one pipeline's description line changed in one of the 20 pipeline files.</summary>
    [Benchmark]
    public GeneratorDriver OneLineEditInOnePipelineFile() =>
        _warm.ReplaceAdditionalText(_scenario.EditTarget, _scenario.NewEditedText()).RunGenerators(_scenario.Compilation);

    /// <summary>The warm driver over a compilation whose Program.cs changed: every step should be cached.</summary>
    [Benchmark]
    public GeneratorDriver UnrelatedCSharpEdit() => _warm.RunGenerators(_scenario.EditedCompilation);
}
