using System;
using System.Net.Http;
using System.Threading.Tasks;
using HarmonyGen.Definitions;
using HarmonyGen.Hosting;

namespace HarmonyGen.Runtime.Tests.Infrastructure;

/// <summary>
/// A gateway whose one pipeline (<c>/api</c> to a recording backend's <c>/base</c>) has one middleware on its request
/// chain: for tests of what a stage lets through to the backend and what it refuses.
/// </summary>
internal sealed class GuardedGateway : IAsyncDisposable
{
    private GatewayScenario _scenario = null!;

    public RecordingBackend Backend { get; private set; } = null!;

    public HttpClient Client => _scenario.Client;

    public string Url(string pathAndQuery) => _scenario.Url(pathAndQuery);

    public static async Task<GuardedGateway> StartAsync(MiddlewareDefinition gate, HarmonyGatewayOptions options)
    {
        var g = new GuardedGateway();
        g._scenario = await GatewayScenario.StartAsync(async (servers, port) =>
        {
            g.Backend = await servers.StartBackendAsync();
            return Definition(port, g.Backend.Url("/base"), gate);
        }, options);
        return g;
    }

    /// <summary>The definition alone, for start-up tests (a port and a backend that are never used).</summary>
    public static GatewayDefinition Definition(int port, string backend, MiddlewareDefinition gate) =>
        new GatewayBuilder("hospital")
            .Network("edge", port)
            .Pipeline("records", "edge", ["api"], ["records_service"])
            .RequestStage("records", gate)
            .Endpoint("api", "/api")
            .Backend("records_service", backend)
            .Build();

    public ValueTask DisposeAsync() => _scenario.DisposeAsync();
}
