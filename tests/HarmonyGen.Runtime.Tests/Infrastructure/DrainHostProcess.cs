using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace HarmonyGen.Runtime.Tests.Infrastructure;

/// <summary>
/// tests/HarmonyGen.DrainHost as a child process (built beside the tests): a gateway that can be sent SIGTERM and
/// whose exit code can be read, which an in-process gateway cannot give.
/// </summary>
internal sealed class DrainHostProcess : IDisposable
{
    private const int SigTerm = 15;

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private DrainHostProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        _process.OutputDataReceived += (_, e) => Received(e.Data);
        _process.ErrorDataReceived += (_, e) => Received(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Port { get; }

    public int Pid => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the host on a free port, forwarding /api to <paramref name="backendUrl"/>, and waits until it listens.</summary>
    public static async Task<DrainHostProcess> StartAsync(string backendUrl, int drainSeconds)
    {
        for (int attempt = 1; ; attempt++)
        {
            using var reservation = new PortReservation();
            int port = reservation.Port;
            reservation.Release();
            var start = new ProcessStartInfo(DotnetHost())
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = AppContext.BaseDirectory,
            };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "HarmonyGen.DrainHost.dll"));
            start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            start.ArgumentList.Add(backendUrl);
            start.ArgumentList.Add(drainSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var host = new DrainHostProcess(Process.Start(start)!, port);
            Task exited = host._process.WaitForExitAsync();
            Task first = await Task.WhenAny(host._started.Task, exited, Task.Delay(TimeSpan.FromSeconds(60))).ConfigureAwait(false);
            if (first == host._started.Task)
            {
                return host;
            }

            string output = host.Output;
            host.Dispose();
            if (attempt < 3 && output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            throw new InvalidOperationException($"the drain host did not start:\n{output}");
        }
    }

    /// <summary>Sends SIGTERM, as a container runtime or systemd does to stop a service.</summary>
    public void Terminate()
    {
        if (kill(_process.Id, SigTerm) != 0)
        {
            throw new InvalidOperationException($"kill -TERM {_process.Id} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>The exit code, once the process has exited within <paramref name="within"/>.</summary>
    public async Task<int> ExitCodeAsync(TimeSpan within)
    {
        await _process.WaitForExitAsync().WaitAsync(within).ConfigureAwait(false);
        _process.WaitForExit(); // drains the redirected output
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }

    private void Received(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (line == "started")
        {
            _started.TrySetResult();
        }
    }

    private static string DotnetHost()
    {
        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        string? current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
