using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace HarmonyGen.Benchmarks;

/// <summary>
/// A short job for a shared 2-core machine: one launch, in-process (BenchmarkDotNet does not build a second copy
/// of the solution first), 6 warm-up and 10 measured iterations. Six warm-ups, not two: a full run is one
/// operation per iteration, and with two its first measured iterations were still twice as slow (JIT tiering).
/// </summary>
public sealed class ShortRunConfig : ManualConfig
{
    public ShortRunConfig()
    {
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(6)
            .WithIterationCount(10)
            .WithId("ShortInProcess"));
        SummaryStyle = SummaryStyle.Default.WithTimeUnit(TimeUnit.Millisecond);
    }
}
