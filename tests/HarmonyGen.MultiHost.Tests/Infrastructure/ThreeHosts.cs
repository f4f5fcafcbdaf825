using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Security.Cryptography;
using System.Threading.Tasks;

namespace HarmonyGen.MultiHost.Tests.Infrastructure;

/// <summary>
/// The clinic, hospital and backend hosts as network namespaces (netns.sh), named for this test process, with the
/// roles started in them. Dispose stops every process and removes every namespace and link, whatever the test did;
/// namespaces left by an earlier run that crashed are removed first.
/// </summary>
internal sealed class ThreeHosts : IDisposable
{
    public const string Clinic = "http://10.213.0.11:8080";
    public const string Hospital = "http://10.213.0.12:8080";
    public const string BackendAddress = "10.213.0.13";

    private readonly List<HostProcess> _processes = [];
    private readonly int _owner = Environment.ProcessId;

    public ThreeHosts()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new InvalidOperationException("The multi-host tests need Linux network namespaces (ip netns); this is not Linux.");
        }

        // netns.sh says why it cannot (not root, no iproute2): that message is the test's failure, never a skip.
        Script("stale");
        try
        {
            Script("up", _owner.ToString());
        }
        catch
        {
            // Dispose does not run for a constructor that throws: remove what was made before the failure (and keep
            // the first error, which says why, when removing fails too).
            try
            {
                Script("down", _owner.ToString());
            }
            catch (InvalidOperationException)
            {
            }

            throw;
        }
    }

    /// <summary>A fresh HS256 mesh secret for this run (both gateways read it from MULTIHOST_MESH_SECRET).</summary>
    public string Secret { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public string Namespace(string host) => $"hgmh-{_owner}-{host}";

    /// <summary>Starts a role (clinic, hospital, backend) inside its host and waits until it serves.</summary>
    public async Task<HostProcess> StartAsync(string role)
    {
        HostProcess process = await HostProcess.StartAsync(role, Namespace(role), Secret);
        lock (_processes)
        {
            _processes.Add(process);
        }

        return process;
    }

    /// <summary>Unplugs (or plugs back) a host's cable at the switch.</summary>
    public void SetLink(string host, bool up) => Script("link", _owner.ToString(), host, up ? "up" : "down");

    /// <summary>TCP connections from <paramref name="host"/> to or from <paramref name="peerAddress"/> that hold a slot: ESTAB and SYN-SENT.</summary>
    public int OpenConnections(string host, string peerAddress)
    {
        string table = Run("ip", "netns", "exec", Namespace(host), "ss", "-Htan");
        return table.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Count(f => f.Length >= 5 && f[0] is "ESTAB" or "SYN-SENT" && (IsAddress(f[3], peerAddress) || IsAddress(f[4], peerAddress)));
    }

    /// <summary>
    /// Whether ss's "address:port" is <paramref name="address"/>: .NET's client sockets are dual-mode, so ss shows
    /// their IPv4 ends as "[::ffff:10.213.0.13]:8080".
    /// </summary>
    private static bool IsAddress(string endpoint, string address)
    {
        int colon = endpoint.LastIndexOf(':');
        string host = colon < 0 ? endpoint : endpoint[..colon];
        host = host.Trim('[', ']');
        return host == address || host == "::ffff:" + address;
    }

    public void Dispose()
    {
        lock (_processes)
        {
            foreach (HostProcess p in _processes)
            {
                p.Dispose();
            }
        }

        // netns.sh down also kills anything still running inside the namespaces.
        Script("down", _owner.ToString());
    }

    private static void Script(params string[] args) => Run("bash", [HostApp.NetnsScript, .. args]);

    private static string Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"Cannot run '{program}' ({e.Message}): the multi-host tests need bash and iproute2 (apt-get install iproute2) and root.", e);
        }

        using (process)
        {
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            string stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"'{program} {string.Join(' ', args)}' failed ({process.ExitCode}): {stderr.Trim()}");
            }

            return stdout.Result;
        }
    }
}
