using System;
using HarmonyGen.Hosting;
using HarmonyGen.Mesh;
using HarmonyGen.Definitions;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Sends a named or typed <c>HttpClient</c>'s requests through a gateway's mesh egress.</summary>
public static class HarmonyEgressHttpClientBuilderExtensions
{
    /// <summary>
    /// Adds a <see cref="MeshEgressHandler"/> for <paramref name="egress"/> of <paramref name="gateway"/> to the client,
    /// and sets its <c>BaseAddress</c> to the egress's backend when none is set. The egress is checked now (a disabled
    /// egress or one in no enabled mesh throws here); the signing key is loaded with the first client, from the
    /// gateway's named options (<c>services.Configure&lt;HarmonyGatewayOptions&gt;("clinic", ...)</c>). Every handler the
    /// factory creates for this egress shares one token cache.
    /// </summary>
    /// <exception cref="ArgumentException">The egress is not the gateway's, is disabled, or is listed by no enabled mesh.</exception>
    /// <exception cref="NotSupportedException">The egress's mesh uses a provider this runtime cannot obtain tokens from.</exception>
    public static IHttpClientBuilder AddHarmonyEgress(this IHttpClientBuilder builder, GatewayDefinition gateway, EgressDefinition egress)
    {
        ArgumentNullException.ThrowIfNull(builder);
        EgressTarget target = EgressTarget.Resolve(gateway, egress);
        var key = new SignerKey(gateway, target.Egress.Name);
        builder.Services.AddOptions();
        builder.Services.TryAddKeyedSingleton(key, (provider, _) => MeshEgressSigner.Create(
            gateway,
            target.Egress,
            provider.GetRequiredService<IOptionsMonitor<HarmonyGatewayOptions>>().Get(gateway.ProxyId),
            provider.GetService<ILoggerFactory>()?.CreateLogger("HarmonyGen.Egress." + target.Egress.Name) ?? Logging.Abstractions.NullLogger.Instance));
        builder.ConfigureHttpClient(client => client.BaseAddress ??= target.BaseAddress);
        return builder.AddHttpMessageHandler(provider => new MeshEgressHandler(provider.GetRequiredKeyedService<MeshEgressSigner>(key)));
    }

    /// <summary>One signer per (gateway, egress): the gateway compares by reference for its arrays, so a changed copy is another key.</summary>
    private sealed record SignerKey(GatewayDefinition Gateway, string Egress);
}
