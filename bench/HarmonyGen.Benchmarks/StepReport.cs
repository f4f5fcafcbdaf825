using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace HarmonyGen.Benchmarks;

/// <summary>
/// <c>--steps</c>: where a run's time goes. Runs each scenario with incremental step tracking and prints, per
/// tracked step, the median time Roslyn recorded and why it ran (New, Modified, Unchanged, Cached). A rough
/// breakdown to explain the benchmark figures, not a substitute for them: tracking itself costs time.
/// <c>--steps --pipelines N</c> changes the size, to see how each step scales.
/// </summary>
internal static class StepReport
{
    private const int WarmupRuns = 2;
    private const int MeasuredRuns = 7;

    public static void Print(int pipelines)
    {
        GeneratorScenario scenario = GeneratorScenario.Create(SyntheticGateway.Create(pipelines));
        GeneratorDriver warm = scenario.CreateDriver(trackSteps: true).RunGenerators(scenario.Compilation);
        GeneratorRunResult first = warm.GetRunResult().Results.Single();
        string generated = first.GeneratedSources.Single().SourceText.ToString();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{pipelines:N0} pipelines. Generated source: {generated.Length:N0} characters, {generated.Count(c => c == '\n'):N0} lines. Median of {MeasuredRuns} runs after {WarmupRuns} warm-up runs."));

        Measure("FullRun", () => scenario.CreateDriver(scenario.NewAdditionalTexts(), trackSteps: true).RunGenerators(scenario.Compilation));
        Measure("OneLineEditInOnePipelineFile", () => warm.ReplaceAdditionalText(scenario.EditTarget, scenario.NewEditedText()).RunGenerators(scenario.Compilation));
        Measure("UnrelatedCSharpEdit", () => warm.RunGenerators(scenario.EditedCompilation));
    }

    private static void Measure(string name, Func<GeneratorDriver> run)
    {
        for (int i = 0; i < WarmupRuns; i++)
        {
            run();
        }

        var totals = new List<double>();
        var stepTimes = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var stepReasons = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < MeasuredRuns; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            GeneratorDriver driver = run();
            stopwatch.Stop();
            totals.Add(stopwatch.Elapsed.TotalMilliseconds);

            GeneratorRunResult result = driver.GetRunResult().Results.Single();
            // TrackedSteps holds the generator's named steps, Roslyn's inputs and the SourceOutput step (the emitter).
            foreach ((string step, ImmutableArray<IncrementalGeneratorRunStep> runs) in result.TrackedSteps)
            {
                if (!stepTimes.TryGetValue(step, out List<double>? times))
                {
                    stepTimes[step] = times = new List<double>();
                }

                times.Add(runs.Sum(r => r.ElapsedTime.TotalMilliseconds));
                stepReasons[step] = string.Join(", ", runs
                    .SelectMany(r => r.Outputs)
                    .GroupBy(o => o.Reason)
                    .OrderBy(g => g.Key)
                    .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count()} {g.Key}")));
            }
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {Median(totals):F2} ms wall clock (driver run)"));
        Console.WriteLine("  | step | ms | outputs |");
        Console.WriteLine("  |---|---:|---|");
        foreach ((string step, List<double> times) in stepTimes.OrderByDescending(s => Median(s.Value)))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  | {step} | {Median(times):F2} | {stepReasons[step]} |"));
        }
    }

    private static double Median(List<double> values)
    {
        List<double> sorted = values.OrderBy(v => v).ToList();
        return sorted[sorted.Count / 2];
    }
}
