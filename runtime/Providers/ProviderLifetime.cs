using System.Threading;
using System.Threading.Tasks;
using HarmonyGen.Hosting;
using Microsoft.Extensions.Hosting;

namespace HarmonyGen.Providers;

/// <summary>
/// Ties a gateway's provider work to the application's lifetime: keys and references are fetched when the
/// application starts (before the listeners open, so the first requests find them), and the polling stops with it.
/// </summary>
internal sealed class ProviderLifetime : IHostedService
{
    private readonly GatewayRuntime _runtime;

    public ProviderLifetime(GatewayRuntime runtime) => _runtime = runtime;

    public Task StartAsync(CancellationToken cancellationToken) => _runtime.StartProvidersAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => _runtime.StopProvidersAsync();
}
