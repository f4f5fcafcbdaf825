using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HarmonyGen.Hosting;
using HarmonyGen.Definitions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace HarmonyGen.Runtime.Tests.Infrastructure;

/// <summary>A gateway built with <see cref="HarmonyGateway.Build(GatewayDefinition, HarmonyGatewayOptions?, string[]?)"/> and started on loopback.</summary>
internal sealed class RunningGateway : IAsyncDisposable
{
    private RunningGateway(WebApplication app, GatewayDefinition definition)
    {
        App = app;
        Definition = definition;
    }

    public WebApplication App { get; }

    public GatewayDefinition Definition { get; }

    /// <summary>The gateway's request path, for its counters (tokens signed).</summary>
    internal HarmonyGen.Hosting.GatewayRuntime Runtime => App.Services.GetRequiredService<HarmonyGen.Hosting.GatewayRuntime>();

    public static async Task<RunningGateway> StartAsync(GatewayDefinition definition, HarmonyGatewayOptions options)
    {
        WebApplication app = HarmonyGateway.Build(definition, options);
        try
        {
            await app.StartAsync().ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new RunningGateway(app, definition);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await App.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        finally
        {
            await App.DisposeAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>Everything one test started; disposed in reverse order at the end of the test.</summary>
internal sealed class ServerSet : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _items = new();

    public T Add<T>(T item)
        where T : IAsyncDisposable
    {
        _items.Add(item);
        return item;
    }

    public async Task<RecordingBackend> StartBackendAsync() => Add(await RecordingBackend.StartAsync().ConfigureAwait(false));

    public async Task<RunningGateway> StartGatewayAsync(GatewayDefinition definition, HarmonyGatewayOptions options) =>
        Add(await RunningGateway.StartAsync(definition, options).ConfigureAwait(false));

    public async ValueTask DisposeAsync()
    {
        for (int i = _items.Count - 1; i >= 0; i--)
        {
            await _items[i].DisposeAsync().ConfigureAwait(false);
        }

        _items.Clear();
    }

    /// <summary>
    /// Runs <paramref name="setup"/> (which reserves ports, writes them into definitions and starts servers) and, in
    /// the rare case that a port was taken between its release and the bind, starts over with new ports.
    /// </summary>
    public static async Task<(ServerSet Servers, T Value)> StartAsync<T>(Func<ServerSet, Task<T>> setup)
    {
        for (int attempt = 1; ; attempt++)
        {
            var servers = new ServerSet();
            try
            {
                return (servers, await setup(servers).ConfigureAwait(false));
            }
            catch (Exception ex) when (attempt < 5 && Ports.IsAddressInUse(ex))
            {
                await servers.DisposeAsync().ConfigureAwait(false);
            }
            catch
            {
                await servers.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }
}

/// <summary>Options for a test gateway: the keys' <c>${ENV}</c> lookups and an optional clock.</summary>
internal static class GatewayOptions
{
    public static HarmonyGatewayOptions For(TimeProvider? clock = null, params MeshKeys[] keys)
    {
        var options = new HarmonyGatewayOptions
        {
            Environment = name => keys.Select(k => k.Environment(name)).FirstOrDefault(v => v is not null),
            BackendConnectTimeout = TimeSpan.FromSeconds(5),
        };
        if (clock is not null)
        {
            options.TimeProvider = clock;
        }

        return options;
    }
}
