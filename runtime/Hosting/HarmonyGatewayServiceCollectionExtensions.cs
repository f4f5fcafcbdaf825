using System;
using System.Linq;
using HarmonyGen.Hosting;
using HarmonyGen.Definitions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers generated gateways with an application's host.</summary>
public static class HarmonyGatewayServiceCollectionExtensions
{
    /// <summary>
    /// Runs <typeparamref name="TGateway"/> (for example <c>Gateways.Clinic</c>) as a hosted service of this host, on
    /// the networks its TOML names, and registers its <see cref="GatewayDefinition"/>: as one of the
    /// <c>IEnumerable&lt;GatewayDefinition&gt;</c> (every gateway, for a diagnostics page) and keyed by its proxy id.
    /// Options are named options under the proxy id, so <c>services.Configure&lt;HarmonyGatewayOptions&gt;("clinic", ...)</c>
    /// works too. Adding the same gateway twice adds its service once and applies both <paramref name="configure"/>s.
    /// </summary>
    public static IServiceCollection AddHarmonyGateway<TGateway>(this IServiceCollection services, Action<HarmonyGatewayOptions>? configure = null)
        where TGateway : IHarmonyGateway
    {
        ArgumentNullException.ThrowIfNull(services);
        GatewayDefinition definition = TGateway.Definition;
        string name = definition.ProxyId;
        OptionsBuilder<HarmonyGatewayOptions> options = services.AddOptions<HarmonyGatewayOptions>(name);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(HarmonyGatewayService<TGateway>)))
        {
            return services;
        }

        services.AddSingleton(definition);
        services.AddKeyedSingleton(name, definition);
        services.AddSingleton(provider => new HarmonyGatewayService<TGateway>(provider.GetRequiredService<IOptionsMonitor<HarmonyGatewayOptions>>().Get(name)));
        services.AddSingleton<IHostedService>(provider => provider.GetRequiredService<HarmonyGatewayService<TGateway>>());
        return services;
    }
}
