using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using HarmonyGen.Runtime.Tests.Infrastructure;
using Xunit;

namespace HarmonyGen.Runtime.Tests;

/// <summary>
/// Graceful shutdown, with the gateway in its own process (tests/HarmonyGen.DrainHost): on SIGTERM it stops accepting
/// connections, lets requests in flight finish within <c>drain_timeout_secs</c>, cuts what is left, and exits 0.
/// </summary>
public sealed class DrainTests
{
    [Fact]
    public async Task Sigterm_refuses_new_connections_lets_the_request_in_flight_finish_and_exits_0()
    {
        await using RecordingBackend backend = await RecordingBackend.StartAsync();
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        backend.Hold = hold;
        using DrainHostProcess host = await DrainHostProcess.StartAsync(backend.Url("/base"), drainSeconds: 60);
        using var client = Http.CreateClient();

        Task<Answer> slow = client.FetchAsync($"http://127.0.0.1:{host.Port}/api/slow");
        await Eventually.TrueAsync(() => backend.Requests.Count == 1);
        host.Terminate();
        bool refused = await ConnectionRefusedAsync(host.Port);
        bool finishedBeforeRelease = slow.IsCompleted;
        hold.SetResult();
        Answer answer = await slow;
        int exitCode = await host.ExitCodeAsync(TimeSpan.FromSeconds(60));

        Assert.True(refused, $"new connections were still accepted after SIGTERM:\n{host.Output}");
        Assert.False(finishedBeforeRelease, "the request in flight ended before its backend answered");
        answer.AssertOk();
        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{host.Output}");
        Assert.Contains("stopped", host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_longer_than_the_drain_time_is_cut_and_the_process_still_exits_0()
    {
        await using RecordingBackend backend = await RecordingBackend.StartAsync();
        backend.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously); // never released
        using DrainHostProcess host = await DrainHostProcess.StartAsync(backend.Url("/base"), drainSeconds: 1);
        using var client = Http.CreateClient();

        Task<Answer> slow = client.FetchAsync($"http://127.0.0.1:{host.Port}/api/forever");
        await Eventually.TrueAsync(() => backend.Requests.Count == 1);
        host.Terminate();
        Exception? cut = await Record.ExceptionAsync(() => slow);
        int exitCode = await host.ExitCodeAsync(TimeSpan.FromSeconds(60));
        RecordedRequest seen = backend.Requests[0];
        await seen.Finished.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.True(cut is System.Net.Http.HttpRequestException or System.IO.IOException, $"expected the connection to be cut, got {cut?.GetType().Name ?? "a complete answer"}");
        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{host.Output}");
        Assert.True(seen.Aborted, "the backend call was not cancelled when the request was cut");
    }

    private static async Task<bool> ConnectionRefusedAsync(int port)
    {
        using var timeout = new CancellationTokenSource(Http.CallTimeout);
        while (!timeout.IsCancellationRequested)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), timeout.Token);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
            {
                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return false;
    }
}
