using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace HarmonyGen.Build.Tests.Infrastructure;

/// <summary>
/// The sample gateway running as a user runs it (<c>dotnet run</c>, or the published binary), with the curl lines it
/// prints, which the tests then send exactly as written.
/// </summary>
internal sealed partial class RunningSample : IDisposable
{
    private const int SigTerm = 15;

    private readonly Process _process;
    private readonly List<string> _lines = new();

    private RunningSample(ProcessStartInfo start)
    {
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Add(e.Data);
        _process.ErrorDataReceived += (_, e) => Add(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static RunningSample Start(ProcessStartInfo start) => new(start);

    /// <summary>The process's exit code once it has exited; null while it runs.</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>Sends SIGTERM, as a container runtime does to stop a container (docker stop, a pod's deletion).</summary>
    public void Terminate()
    {
        if (kill(_process.Id, SigTerm) != 0)
        {
            throw new InvalidOperationException($"kill -TERM {_process.Id} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>The exit code once the process has exited; waiting longer than <paramref name="patience"/> fails.</summary>
    public async Task<int> ExitCodeAsync(TimeSpan patience)
    {
        await _process.WaitForExitAsync().WaitAsync(patience);
        _process.WaitForExit(); // drains the asynchronous readers
        return _process.ExitCode;
    }

    public string Output
    {
        get
        {
            lock (_lines)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    /// <summary>Waits until the sample has printed its three curl lines (it prints them once every listener is up).</summary>
    public async Task<IReadOnlyList<string>> CurlLinesAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            List<string> curls;
            lock (_lines)
            {
                curls = _lines.Where(l => l.StartsWith("curl ", StringComparison.Ordinal)).ToList();
            }

            if (curls.Count >= 3)
            {
                return curls;
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The sample exited with {_process.ExitCode} before printing its requests:\n{Output}");
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The sample printed no three curl lines within {timeout}:\n{Output}");
    }

    /// <summary>Sends a printed curl line's request (its -H headers and URL) and returns the status code.</summary>
    public static async Task<int> SendAsync(string curlLine)
    {
        List<string> quoted = Quoted().Matches(curlLine).Select(m => m.Groups[1].Value).ToList();
        string url = quoted[^1];
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        foreach (Match header in Header().Matches(curlLine))
        {
            string[] parts = header.Groups[1].Value.Split(':', 2);
            request.Headers.TryAddWithoutValidation(parts[0].Trim(), parts[1].Trim());
        }

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        using HttpResponseMessage response = await client.SendAsync(request);
        return (int)response.StatusCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is not null)
        {
            lock (_lines)
            {
                _lines.Add(line);
            }
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    [GeneratedRegex("'([^']*)'")]
    private static partial Regex Quoted();

    [GeneratedRegex("-H '([^']*)'")]
    private static partial Regex Header();
}
