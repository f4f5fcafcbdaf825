using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using HarmonyGen.MultiHost.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace HarmonyGen.MultiHost.Tests;

/// <summary>
/// The soak of bench/soak/soak.sh for 60 s (JIT build, the same three hosts): the mixed mesh traffic (200 through the
/// mesh, a POST with a body, 403 without a token and with a tampered one, 404 on an unknown path) gets no unexpected
/// answer, and the gateways' memory and open file descriptors stay flat after warm-up.
/// </summary>
public sealed class SoakTests(ITestOutputHelper output)
{
    // Samples at 0, 10, 20 and 30 s are warm-up (JIT tiering, pools and the GC heap growing to their working size);
    // the samples after it must stay within:
    //  - RSS: 15 % above the highest warm-up sample. A leak of 1 KiB per request (~500 requests/s here) adds ~15 MiB
    //    in 30 s, past 15 % of a ~90 MiB process; the GC sawtooth and late tier-1 code stay under it.
    //  - fds: 16 above the highest warm-up sample. Eight clients need at most eight connections per hop; a leaked
    //    socket per failed or finished request would add hundreds.
    private const int WarmUpSeconds = 30;
    private const double RssSlack = 1.15;
    private const int FdSlack = 16;

    [Fact]
    public async Task Sixty_seconds_of_mixed_mesh_traffic_get_only_expected_answers_and_memory_and_fds_stay_flat()
    {
        using var hosts = new ThreeHosts();
        await hosts.StartAsync("backend");
        HostProcess hospital = await hosts.StartAsync("hospital");
        HostProcess clinic = await hosts.StartAsync("clinic");

        string outDirectory = Path.Combine(Path.GetTempPath(), "harmonygen-soak-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            // Warm-up, not asserted: a cold JIT start on a shared 2-core machine can exceed the hospital's deliberately
            // short backend timeout (2 s, for the failure test) on the first requests. Its numbers are in the output.
            using (HostProcess warmUpRun = HostProcess.Run("soak", HostApp.StartInfo(null, hosts.Secret,
                "soak", "--duration", "20", "--interval", "10", "--clients", "8", "--out", outDirectory + "-warm-up",
                "--pid", $"clinic={clinic.Pid}", "--pid", $"hospital={hospital.Pid}")))
            {
                await warmUpRun.WaitForExitAsync(TimeSpan.FromMinutes(5));
                output.WriteLine("warm-up (not asserted):\n" + warmUpRun.Output);
            }

            // The driver runs in the test's own namespace and reaches both gateways through the switch.
            using HostProcess driver = HostProcess.Run("soak", HostApp.StartInfo(null, hosts.Secret,
                "soak", "--duration", "60", "--interval", "10", "--clients", "8", "--out", outDirectory,
                "--pid", $"clinic={clinic.Pid}", "--pid", $"hospital={hospital.Pid}"));
            int exitCode = await driver.WaitForExitAsync(TimeSpan.FromMinutes(5));
            output.WriteLine(driver.Output);
            string samplesCsv = File.ReadAllText(Path.Combine(outDirectory, "samples.csv"));
            output.WriteLine(samplesCsv);
            output.WriteLine("clinic log:\n" + clinic.Output + "\nhospital log:\n" + hospital.Output);

            string[] results = File.ReadAllLines(Path.Combine(outDirectory, "results.csv")).Skip(1).ToArray();
            Assert.Equal(5, results.Length);
            foreach (string[] row in results.Select(r => r.Split(',')))
            {
                Assert.True(long.Parse(row[2], CultureInfo.InvariantCulture) > 0, $"no '{row[0]}' request was sent");
                Assert.True(row[4] == "0", $"'{row[0]}' (expected {row[1]}): {row[4]} unexpected answers: {row[5]}");
            }

            Assert.True(exitCode == 0, $"the soak driver failed ({exitCode}):\n{driver.Output}");

            var samples = samplesCsv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(','))
                .Select(f => (Seconds: int.Parse(f[0], CultureInfo.InvariantCulture), Process: f[1], Rss: long.Parse(f[3], CultureInfo.InvariantCulture), Fds: int.Parse(f[4], CultureInfo.InvariantCulture)))
                .ToList();
            foreach (string process in new[] { "clinic", "hospital" })
            {
                var mine = samples.Where(s => s.Process == process).ToList();
                var warmUp = mine.Where(s => s.Seconds <= WarmUpSeconds).ToList();
                var after = mine.Where(s => s.Seconds > WarmUpSeconds).ToList();
                Assert.True(warmUp.Count >= 3 && after.Count >= 2, $"{process}: too few samples ({warmUp.Count} in warm-up, {after.Count} after)");
                Assert.DoesNotContain(mine, s => s.Rss < 0);
                long rssLimit = (long)(warmUp.Max(s => s.Rss) * RssSlack);
                int fdLimit = warmUp.Max(s => s.Fds) + FdSlack;
                Assert.True(after.All(s => s.Rss <= rssLimit), $"{process}: VmRSS grew past {rssLimit} KiB after warm-up: {string.Join(' ', mine.Select(s => $"{s.Seconds}s={s.Rss}"))}");
                Assert.True(after.All(s => s.Fds <= fdLimit), $"{process}: open fds grew past {fdLimit} after warm-up: {string.Join(' ', mine.Select(s => $"{s.Seconds}s={s.Fds}"))}");
            }
        }
        finally
        {
            foreach (string folder in new[] { outDirectory, outDirectory + "-warm-up" })
            {
                try
                {
                    Directory.Delete(folder, recursive: true);
                }
                catch (IOException)
                {
                }
            }
        }
    }
}
