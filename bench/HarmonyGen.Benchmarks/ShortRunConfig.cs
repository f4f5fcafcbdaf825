using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace HarmonyGen.Benchmarks;

/// <summary>
/// A short job for a shared 2-core machine: one launch, 2 warm-up and 8 measured iterations, run in-process so that
/// BenchmarkDotNet does not build a second copy of the solution before it starts.
/// </summary>
public sealed class ShortRunConfig : ManualConfig
{
    public ShortRunConfig()
    {
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(2)
            .WithIterationCount(8)
            .WithId("ShortInProcess"));
    }
}
