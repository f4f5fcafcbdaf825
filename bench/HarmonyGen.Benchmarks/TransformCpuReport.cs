using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace HarmonyGen.Benchmarks;

/// <summary>
/// <c>--transforms-cpu</c>: TransformBenchmarks' cases measured by the process's CPU time per call rather than by the
/// clock, which on a machine shared with other builds counts mostly the time spent waiting for a core. The compiled and
/// the interpreted transform of one input and one measure are a pair, sampled together: <see cref="Slices"/> slices of
/// each, alternating, so that both see the same load; each side's sample is as many calls as take about
/// <see cref="SampleCpuMs"/> ms of CPU. Every pair runs once per round, in a new shuffled order each round (seeded, so
/// that a rerun takes the same order). Prints the median CPU time per call, the interpreted/compiled ratio as the
/// median of the per-round ratios with their range, and the bytes allocated per call.
/// </summary>
internal static class TransformCpuReport
{
    private const double SampleCpuMs = 200;
    private const int Slices = 10;

    private sealed class Side(string name, Func<object?> call)
    {
        public string Name { get; } = name;

        public int CallsPerSlice { get; set; } = 1;

        public List<double> CpuUs { get; } = new();

        public double AllocatedBytes { get; set; }

        public (TimeSpan Cpu, long Allocated) Run(int calls)
        {
            long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            TimeSpan cpuBefore = Environment.CpuUsage.TotalTime;
            for (int i = 0; i < calls; i++)
            {
                call();
            }

            return (Environment.CpuUsage.TotalTime - cpuBefore, GC.GetAllocatedBytesForCurrentThread() - allocatedBefore);
        }
    }

    private sealed record Pair(string Input, string Measures, Side Compiled, Side Interpreted);

    public static void Print(int rounds)
    {
        var pairs = new List<Pair>();
        foreach (string input in new[] { "Patient 4 KB", "Bundle 1 MB" })
        {
            var b = new TransformBenchmarks { Input = input };
            b.Setup();
            pairs.Add(new Pair(input, "Request", new Side("compiled", () => b.CompiledRequest()), new Side("interpreted", () => b.InterpretedRequest())));
            pairs.Add(new Pair(input, "Transform", new Side("compiled", () => b.CompiledApply()), new Side("interpreted", () => b.InterpretedApply())));
        }

        foreach (Side side in pairs.SelectMany(p => new[] { p.Compiled, p.Interpreted }))
        {
            WarmUp(side);
        }

        var random = new Random(15);
        for (int round = 0; round < rounds; round++)
        {
            foreach (Pair pair in pairs.OrderBy(_ => random.Next()).ToList())
            {
                Sample(pair);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"CPU time per call (user + system, whole process), median of {rounds} rounds; load average at the end {Load()}"));
        Console.WriteLine();
        Console.WriteLine("| input | measures | transform | CPU per call | vs compiled (range in rounds) | allocated per call |");
        Console.WriteLine("|---|---|---|---:|---:|---:|");
        foreach (Pair pair in pairs)
        {
            double[] ratios = pair.Interpreted.CpuUs.Zip(pair.Compiled.CpuUs, (i, c) => i / c).ToArray();
            Row(pair, pair.Compiled, "1.00");
            Row(pair, pair.Interpreted, string.Create(CultureInfo.InvariantCulture, $"{Median(ratios):F2} ({ratios.Min():F2}-{ratios.Max():F2})"));
        }
    }

    /// <summary>Runs a side until its JIT tiering has settled (a second of CPU), then sizes its slices from the rate.</summary>
    private static void WarmUp(Side side)
    {
        int calls = 0;
        TimeSpan spent = TimeSpan.Zero;
        while (spent < TimeSpan.FromSeconds(1) || calls < 200)
        {
            spent += side.Run(1).Cpu;
            calls++;
        }

        (TimeSpan cpu, _) = side.Run(calls);
        double perCall = Math.Max(cpu.TotalMicroseconds / calls, 0.1);
        side.CallsPerSlice = Math.Max(1, (int)(SampleCpuMs * 1000 / Slices / perCall));
    }

    private static void Sample(Pair pair)
    {
        var cpu = new TimeSpan[2];
        var allocated = new long[2];
        Side[] sides = [pair.Compiled, pair.Interpreted];
        for (int slice = 0; slice < Slices; slice++)
        {
            for (int s = 0; s < 2; s++)
            {
                (TimeSpan c, long a) = sides[s].Run(sides[s].CallsPerSlice);
                cpu[s] += c;
                allocated[s] += a;
            }
        }

        for (int s = 0; s < 2; s++)
        {
            int calls = sides[s].CallsPerSlice * Slices;
            sides[s].CpuUs.Add(cpu[s].TotalMicroseconds / calls);
            sides[s].AllocatedBytes = (double)allocated[s] / calls;
        }
    }

    private static void Row(Pair pair, Side side, string ratio) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {pair.Input} | {pair.Measures} | {side.Name} | {Time(Median(side.CpuUs))} | {ratio} | {side.AllocatedBytes / 1024:N1} KB |"));

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Time(double us) =>
        us >= 1000 ? string.Create(CultureInfo.InvariantCulture, $"{us / 1000:N2} ms") : string.Create(CultureInfo.InvariantCulture, $"{us:N1} µs");

    private static string Load() =>
        System.IO.File.Exists("/proc/loadavg") ? string.Join(' ', System.IO.File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
