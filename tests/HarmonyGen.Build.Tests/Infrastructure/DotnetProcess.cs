using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;

namespace HarmonyGen.Build.Tests.Infrastructure;

/// <summary>Starts the dotnet CLI (or any program) from a test, clean of the test host's own MSBuild environment.</summary>
internal static class DotnetProcess
{
    /// <summary>A start description for <c>dotnet args...</c> in <paramref name="workingDirectory"/>.</summary>
    public static ProcessStartInfo StartInfo(string workingDirectory, params string[] arguments) =>
        ProgramStartInfo(Host(), workingDirectory, arguments);

    /// <summary>A start description for <paramref name="program"/> with output redirected and a clean environment.</summary>
    public static ProcessStartInfo ProgramStartInfo(string program, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host runs under `dotnet test`, whose MSBuild variables must not leak into a separate build.
        foreach (string key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        return start;
    }

    /// <summary>
    /// Runs <paramref name="start"/> to the end and returns its exit code and every line it printed (standard output
    /// and error, in arrival order). Past <paramref name="timeout"/> the process tree is killed and a TimeoutException
    /// names <paramref name="what"/> and carries the output so far.
    /// </summary>
    public static BuildResult Run(ProcessStartInfo start, TimeSpan timeout, string what)
    {
        var lines = new List<string>();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data);
        var clock = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"{what} did not finish in {timeout}. Output so far:\n{string.Join('\n', Snapshot())}");
        }

        process.WaitForExit(); // drains the asynchronous readers
        return new BuildResult(process.ExitCode, Snapshot(), clock.Elapsed);

        void Add(string? line)
        {
            if (line is not null)
            {
                lock (lines)
                {
                    lines.Add(line);
                }
            }
        }

        List<string> Snapshot()
        {
            lock (lines)
            {
                return lines.ToList();
            }
        }
    }

    /// <summary>The dotnet executable to start: the one running the tests when it can be found.</summary>
    public static string Host()
    {
        // The test host normally runs on the same dotnet that runs `dotnet test`.
        string? current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return current;
        }

        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return !string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet";
    }
}
