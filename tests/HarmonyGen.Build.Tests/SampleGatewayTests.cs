using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using HarmonyGen.Build.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace HarmonyGen.Build.Tests;

/// <summary>
/// The README's run command, and the NativeAOT binary, each started as a user would: the three printed requests
/// give 200, 403, 403. Both use the sample's fixed ports, so they run one after the other (one test class).
/// </summary>
public sealed class SampleGatewayTests(ITestOutputHelper output)
{
    private static readonly int[] s_expected = { 200, 403, 403 };

    [Fact]
    public async Task Dotnet_run_prints_requests_that_give_200_403_403()
    {
        using RunningSample sample = RunningSample.Start(DotnetProcess.StartInfo(BuildPaths.RepositoryRoot, "run", "--project", "sample-gateway"));
        await AssertMeshRequests(sample);
    }

    [Fact]
    public async Task Native_aot_binary_from_its_publish_folder_behaves_like_dotnet_run()
    {
        string publish = Path.Combine(Path.GetTempPath(), "harmonygen-aot-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            // Trim and AOT warnings are errors in this publish (SampleGateway.csproj), so success means zero of them.
            ProcessStartInfo start = DotnetProcess.StartInfo(BuildPaths.RepositoryRoot, "publish", "sample-gateway", "-c", "Release", "-r", "linux-x64", "-o", publish, "--nologo", "-tl:off");
            (int exitCode, string log) = await RunToEnd(start, TimeSpan.FromMinutes(15));
            output.WriteLine(log);
            Assert.True(exitCode == 0, $"dotnet publish failed ({exitCode}):\n{log}");
            Assert.DoesNotContain(log.Split('\n'), l => l.Contains("warning IL", StringComparison.Ordinal));

            string binary = Path.Combine(publish, "sample-gateway");
            Assert.True(File.Exists(binary), $"no native binary at {binary}");
            output.WriteLine($"binary size: {new FileInfo(binary).Length / (1024.0 * 1024.0):F1} MiB");
            Assert.False(File.Exists(Path.Combine(publish, "sample-gateway.dll")), "a NativeAOT publish has no managed entry assembly");

            using RunningSample sample = RunningSample.Start(DotnetProcess.ProgramStartInfo(binary, publish));
            await AssertMeshRequests(sample);
        }
        finally
        {
            try
            {
                Directory.Delete(publish, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private async Task AssertMeshRequests(RunningSample sample)
    {
        IReadOnlyList<string> curls = await sample.CurlLinesAsync(TimeSpan.FromMinutes(3));
        var statuses = new List<int>();
        foreach (string curl in curls.Take(3))
        {
            statuses.Add(await RunningSample.SendAsync(curl));
        }

        output.WriteLine(sample.Output);
        Assert.True(s_expected.SequenceEqual(statuses), $"expected 200, 403, 403 but got {string.Join(", ", statuses)}:\n{sample.Output}");
    }

    private static async Task<(int ExitCode, string Log)> RunToEnd(ProcessStartInfo start, TimeSpan timeout)
    {
        using var process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{start.FileName} {string.Join(' ', start.ArgumentList)} did not finish in {timeout}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
