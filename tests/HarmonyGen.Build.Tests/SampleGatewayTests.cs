using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using HarmonyGen.Build.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace HarmonyGen.Build.Tests;

/// <summary>
/// The README's run command, and the NativeAOT binary, each started as a user would: the three printed requests
/// give 200, 403, 403. `--describe` prints the mesh graphs and binds nothing. All use the sample's fixed ports, so
/// they run one after the other (one test class).
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

    [Fact]
    public async Task Describe_prints_the_generated_mesh_graphs_and_binds_no_port()
    {
        // The sample's own ports, held by the test: had --describe started a gateway or the records service, its
        // bind would fail and the process exit non-zero. (This class owns these ports; its tests run one by one.)
        var held = new List<TcpListener>();
        try
        {
            foreach (int port in new[] { 5080, 5090, 5100 })
            {
                var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                held.Add(listener);
            }

            ProcessStartInfo start = DotnetProcess.StartInfo(BuildPaths.RepositoryRoot, "run", "--project", "sample-gateway", "--", "--describe");
            (int exitCode, string stdout, string stderr) = await RunToEndSeparately(start, TimeSpan.FromMinutes(10));
            output.WriteLine(stdout);
            output.WriteLine(stderr);
            Assert.True(exitCode == 0, $"--describe exited with {exitCode}:\n{stdout}\n{stderr}");

            // The graphs the generator produces for the sample, as its tests keep them (MeshGraphTests baselines).
            string graphs = Path.Combine(BuildPaths.RepositoryRoot, "tests", "HarmonyGen.Generator.Tests", "Baselines", "Graphs");
            string clinic = File.ReadAllText(Path.Combine(graphs, "sample-clinic.mmd")).TrimEnd('\n');
            string hospital = File.ReadAllText(Path.Combine(graphs, "sample-hospital.mmd")).TrimEnd('\n');
            Assert.Equal(clinic + "\n\n" + hospital + "\n", stdout);
            Assert.DoesNotContain("curl ", stdout, StringComparison.Ordinal);
        }
        finally
        {
            held.ForEach(l => l.Stop());
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

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunToEndSeparately(ProcessStartInfo start, TimeSpan timeout)
    {
        using var process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{start.FileName} {string.Join(' ', start.ArgumentList)} did not finish in {timeout}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    private static async Task<(int ExitCode, string Log)> RunToEnd(ProcessStartInfo start, TimeSpan timeout)
    {
        (int exitCode, string stdout, string stderr) = await RunToEndSeparately(start, timeout);
        return (exitCode, stdout + stderr);
    }
}
