using System;
using System.Net.Http;
using System.Threading.Tasks;
using HarmonyGen.Hosting;
using HarmonyGen.Definitions;

namespace HarmonyGen.Runtime.Tests.Infrastructure;

/// <summary>One gateway on a free loopback port, with whatever backends its definition starts.</summary>
internal sealed class GatewayScenario : IAsyncDisposable
{
    private GatewayScenario(ServerSet servers, RunningGateway gateway, int port)
    {
        Servers = servers;
        Gateway = gateway;
        Port = port;
    }

    public ServerSet Servers { get; }

    public RunningGateway Gateway { get; }

    public int Port { get; }

    public HttpClient Client { get; } = Http.CreateClient();

    public string Origin => $"http://127.0.0.1:{Port}";

    public string Url(string pathAndQuery) => Origin + pathAndQuery;

    /// <summary>
    /// Starts the gateway that <paramref name="define"/> describes for the given port; <paramref name="define"/> may
    /// start backends on the server set first.
    /// </summary>
    public static async Task<GatewayScenario> StartAsync(Func<ServerSet, int, Task<GatewayDefinition>> define, HarmonyGatewayOptions? options = null)
    {
        (ServerSet servers, (RunningGateway Gateway, int Port) started) = await ServerSet.StartAsync(async servers =>
        {
            using var port = new PortReservation();
            GatewayDefinition definition = await define(servers, port.Port).ConfigureAwait(false);
            port.Release();
            return (await servers.StartGatewayAsync(definition, options ?? GatewayOptions.For()).ConfigureAwait(false), port.Port);
        }).ConfigureAwait(false);
        return new GatewayScenario(servers, started.Gateway, started.Port);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Servers.DisposeAsync().ConfigureAwait(false);
    }
}
