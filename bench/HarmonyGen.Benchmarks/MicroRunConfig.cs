using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace HarmonyGen.Benchmarks;

/// <summary>
/// The short in-process job of <see cref="ShortRunConfig"/> for operations of nanoseconds to microseconds, which
/// BenchmarkDotNet batches into many invocations per iteration (times are shown in their natural unit).
/// </summary>
public sealed class MicroRunConfig : ManualConfig
{
    public MicroRunConfig() =>
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(4)
            .WithIterationCount(10)
            .WithId("MicroInProcess"));
}
