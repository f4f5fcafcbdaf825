using System;
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

    private static string Host()
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
