using System;
using System.Diagnostics;
using System.Text;
using System.Threading.Tasks;

namespace HarmonyGen.MultiHost.Tests.Infrastructure;

/// <summary>One role of the gateway app running (in a host's namespace or in the test's), its output kept.</summary>
internal sealed class HostProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HostProcess(string role, ProcessStartInfo start)
    {
        Role = role;
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Received(e.Data);
        _process.ErrorDataReceived += (_, e) => Received(e.Data);
        _process.Exited += (_, _) => _ready.TrySetException(new InvalidOperationException($"{Role} exited before it was ready:\n{Output}"));
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Role { get; }

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

    /// <summary>Starts <paramref name="role"/> in <paramref name="netns"/> and waits for its "ready" line.</summary>
    public static async Task<HostProcess> StartAsync(string role, string netns, string secret)
    {
        var host = new HostProcess(role, HostApp.StartInfo(netns, secret, role));
        try
        {
            // Generous: a JIT start on a shared 2-core machine; this bounds a hang, it measures nothing.
            await host._ready.Task.WaitAsync(TimeSpan.FromMinutes(2));
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>A process that is not waited for ready (the soak driver); the caller waits for its exit.</summary>
    public static HostProcess Run(string role, ProcessStartInfo start) => new(role, start);

    public async Task<int> WaitForExitAsync(TimeSpan limit)
    {
        await _process.WaitForExitAsync().WaitAsync(limit);
        _process.WaitForExit(); // drains the redirected output
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: the host dies as a crashed process would, without a graceful shutdown.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    public void Dispose()
    {
        try
        {
            Kill();
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
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

        if (line.Contains("harmonygen-multihost: " + Role + " ready", StringComparison.Ordinal))
        {
            _ready.TrySetResult();
        }
    }
}
