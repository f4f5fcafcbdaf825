using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;

namespace HarmonyGen.MultiHost.Tests.Infrastructure;

/// <summary>The built gateway app (harmonygen-multihost.dll) and netns.sh beside it.</summary>
internal static class HostApp
{
    public static string Dll { get; } = Find();

    public static string NetnsScript => Path.Combine(Path.GetDirectoryName(Dll)!, "netns.sh");

    /// <summary>A start description for <c>dotnet harmonygen-multihost.dll args...</c>, output redirected.</summary>
    public static ProcessStartInfo StartInfo(string? netns, string secret, params string[] args)
    {
        // `ip netns exec` execs the program, so the process started is the app itself (its pid is the gateway's).
        var start = new ProcessStartInfo(netns is null ? DotnetHost() : "ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = Path.GetDirectoryName(Dll)!,
        };
        if (netns is not null)
        {
            foreach (string a in new[] { "netns", "exec", netns, DotnetHost() })
            {
                start.ArgumentList.Add(a);
            }
        }

        start.ArgumentList.Add(Dll);
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["MULTIHOST_MESH_SECRET"] = secret;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return start;
    }

    private static string DotnetHost()
    {
        string? current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return current;
        }

        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return !string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet";
    }

    private static string Find()
    {
        string? path = typeof(HostApp).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "HarmonyGen.MultiHost.Gateway")?.Value;
        return path is not null && File.Exists(path)
            ? path
            : throw new InvalidOperationException($"The multi-host gateway app was not built where the test project says: '{path}'.");
    }
}
