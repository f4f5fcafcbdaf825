using System;
using System.IO;
using System.Net.Quic;
using System.Threading;
using System.Threading.Tasks;
using HarmonyGen.Runtime.Tests.Infrastructure;
using HarmonyGen.Definitions;
using Xunit;
using Xunit.Abstractions;

namespace HarmonyGen.Runtime.Tests;

/// <summary>Console output is process-wide: tests that capture it run alone.</summary>
[CollectionDefinition(nameof(ConsoleCapture), DisableParallelization = true)]
public sealed class ConsoleCapture
{
}

/// <summary>
/// An <c>[network.N.http3]</c> listener and an <c>http3</c> ingress on a machine without QUIC (no libmsquic): the
/// gateway must still serve over HTTP/1.1 and say once, in its log, that QUIC is unavailable (SPEC §4, Egress).
/// </summary>
[Collection(nameof(ConsoleCapture))]
public sealed class Http3FallbackTests
{
    private readonly ITestOutputHelper _output;

    public Http3FallbackTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task Http3_listener_serves_HTTP11_and_logs_that_QUIC_is_unavailable_when_libmsquic_is_missing()
    {
        bool quic = QuicListener.IsSupported;
        _output.WriteLine(quic
            ? "QUIC IS SUPPORTED on this machine: the no-QUIC fallback is NOT exercised; checking only that HTTP/1.1 still works and no QUIC warning is logged."
            : "QUIC is NOT supported on this machine (no libmsquic): checking the HTTP/1.1 fallback and the log line saying QUIC is unavailable.");
        var log = new StringWriter();
        TextWriter original = Console.Out;
        RecordingBackend backend = null!;
        GatewayScenario gateway;
        Console.SetOut(TextWriter.Synchronized(log)); // the console logger takes Console.Out when the gateway is built
        try
        {
            gateway = await GatewayScenario.StartAsync(async (servers, port) =>
            {
                backend = await servers.StartBackendAsync();
                return new GatewayBuilder("quicless")
                    .Network("edge3", port, http3: true)
                    .Pipeline("p", "edge3", new[] { "e" }, new[] { "b" })
                    .Endpoint("e")
                    .Backend("b", backend.Url("/base"), service: BackendService.Http3)
                    .Ingress("i", "p", $"http://127.0.0.1:{port}/h3", type: TransportType.Http3)
                    .Build();
            });
        }
        finally
        {
            Console.SetOut(original);
        }

        await using (gateway)
        {
            var request = new System.Net.Http.HttpRequestMessage(System.Net.Http.HttpMethod.Get, gateway.Url("/h3/Patient"))
            {
                Version = System.Net.HttpVersion.Version30,
                VersionPolicy = System.Net.Http.HttpVersionPolicy.RequestVersionOrLower,
            };
            Answer answer = await gateway.Client.CallAsync(request);

            answer.AssertOk();
            Assert.Equal(System.Net.HttpVersion.Version11, answer.Response.Version);
            Assert.Equal("/base/Patient", Assert.Single(backend.Requests).Path);
        }

        // The console logger writes on a background thread: give it a moment.
        string text = string.Empty;
        for (int i = 0; i < (quic ? 10 : 100) && !text.Contains("QUIC is not available", StringComparison.Ordinal); i++)
        {
            await Task.Delay(20);
            text = log.ToString();
        }

        _output.WriteLine(text);
        if (quic)
        {
            Assert.DoesNotContain("QUIC is not available", text, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("QUIC is not available on this machine", text, StringComparison.Ordinal);
        }
    }
}
