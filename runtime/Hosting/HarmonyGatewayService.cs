using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using HarmonyGen.Definitions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace HarmonyGen.Hosting;

/// <summary>
/// Runs one generated gateway (<c>Gateways.Clinic</c>) inside an application's host: the gateway's own web
/// application, from <see cref="HarmonyGateway.Build{TGateway}"/>, starts with the host and stops with it. Added by
/// <c>services.AddHarmonyGateway&lt;Gateways.Clinic&gt;()</c>.
/// </summary>
/// <typeparam name="TGateway">The generated gateway type.</typeparam>
public sealed class HarmonyGatewayService<TGateway> : IHostedService, IDisposable, IAsyncDisposable
    where TGateway : IHarmonyGateway
{
    private readonly HarmonyGatewayOptions _options;
    private WebApplication? _application;

    /// <summary>A service that will serve <typeparamref name="TGateway"/> with <paramref name="options"/>.</summary>
    public HarmonyGatewayService(HarmonyGatewayOptions options) => _options = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>The gateway this service runs.</summary>
    public GatewayDefinition Definition => TGateway.Definition;

    /// <summary>The addresses the gateway listens on once started (with the real port where a port override was 0).</summary>
    public IReadOnlyCollection<string> Urls => _application is { } application ? [.. application.Urls] : [];

    /// <summary>Builds the gateway's web application and starts its listeners; throws if the configuration had errors or a key cannot be read.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_application is not null)
        {
            throw new InvalidOperationException($"Gateway '{TGateway.Definition.ProxyId}' is already running.");
        }

        WebApplication application = HarmonyGateway.Build<TGateway>(_options);
        try
        {
            await application.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await application.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _application = application;
    }

    /// <summary>Stops the gateway's listeners, letting requests in flight finish within the host's shutdown timeout.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        WebApplication? application = Interlocked.Exchange(ref _application, null);
        if (application is not null)
        {
            try
            {
                await application.StopAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await application.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Disposes the gateway's application if the host never stopped it.</summary>
    public void Dispose() => (Interlocked.Exchange(ref _application, null) as IDisposable)?.Dispose();

    /// <summary>Disposes the gateway's application if the host never stopped it.</summary>
    public async ValueTask DisposeAsync()
    {
        WebApplication? application = Interlocked.Exchange(ref _application, null);
        if (application is not null)
        {
            await application.DisposeAsync().ConfigureAwait(false);
        }
    }
}
