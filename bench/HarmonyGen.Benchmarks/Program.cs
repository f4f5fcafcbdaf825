using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Microsoft.CodeAnalysis;

namespace HarmonyGen.Benchmarks;

/// <summary>
/// <c>--validate</c> checks the synthetic config (no warnings, one source, the output compiles) and that the transform
/// benchmark's compiled and interpreted transforms agree; <c>--steps</c>
/// prints where a run's time goes; <c>--transforms-cpu</c> measures TransformBenchmarks by CPU time; anything else goes to BenchmarkDotNet (<c>--filter '*'</c>).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Contains("--validate"))
        {
            return Validate();
        }

#if DEBUG
        Console.Error.WriteLine("Benchmarks need an optimised build: dotnet run -c Release --project bench/HarmonyGen.Benchmarks -- --filter '*'");
        return 1;
#else
        if (args.Contains("--transforms-cpu"))
        {
            int rounds = Array.IndexOf(args, "--rounds");
            TransformCpuReport.Print(rounds >= 0 ? int.Parse(args[rounds + 1], CultureInfo.InvariantCulture) : 11);
            return 0;
        }

        if (args.Contains("--steps"))
        {
            int at = Array.IndexOf(args, "--pipelines");
            StepReport.Print(at >= 0 ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : SyntheticGateway.DefaultPipelineCount);
            return 0;
        }

        List<Summary> summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args).ToList();

        // A GlobalSetup that throws (an invalid config) must fail the command, not only print a stack trace.
        bool failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
        return failed ? 1 : 0;
#endif
    }

    private static int Validate()
    {
        SyntheticGateway gateway = SyntheticGateway.Create();
        GeneratorScenario scenario = GeneratorScenario.Create(gateway);
        GeneratorDriver warm = scenario.CreateDriver().RunGenerators(scenario.Compilation);
        GeneratorScenario.AssertValid(warm.GetRunResult(), "full run");
        GeneratorScenario.AssertValid(warm.ReplaceAdditionalText(scenario.EditTarget, scenario.NewEditedText()).RunGenerators(scenario.Compilation).GetRunResult(), "one-line edit");
        GeneratorScenario.AssertValid(warm.RunGenerators(scenario.EditedCompilation).GetRunResult(), "unrelated C# edit");
        scenario.AssertCompiles();

        int ingresses = gateway.PipelineCount * SyntheticGateway.IngressesPerPipeline;
        Console.WriteLine($"Valid: {gateway.Files.Count} TOML files, {gateway.PipelineCount} pipelines, {ingresses} ingresses; "
            + "no warnings or errors, one generated source, and it compiles.");

        // TransformBenchmarks' set-up throws unless the compiled and the interpreted transform agree on each input.
        foreach (string input in new[] { "Patient 4 KB", "Bundle 1 MB" })
        {
            var transforms = new TransformBenchmarks { Input = input };
            transforms.Setup();
            transforms.Cleanup();
        }

        return 0;
    }
}
