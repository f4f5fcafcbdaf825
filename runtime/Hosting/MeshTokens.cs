using System;
using System.Collections.Generic;
using System.Linq;
using HarmonyGen.Mesh;
using HarmonyGen.Definitions;
using Microsoft.Extensions.Logging.Abstractions;

namespace HarmonyGen.Hosting;

/// <summary>Mints mesh tokens outside a running gateway: for tools, samples and tests that act as a mesh member.</summary>
public static class MeshTokens
{
    /// <summary>
    /// A signed mesh token (without the <c>Bearer</c> prefix) from <paramref name="gateway"/> as a member of
    /// <paramref name="mesh"/>, for the member at <paramref name="audience"/> (<c>scheme://host[:port]</c>).
    /// </summary>
    public static string Issue(GatewayDefinition gateway, string mesh, string audience, HarmonyGatewayOptions? options = null)
    {
        options ??= new HarmonyGatewayOptions();
        MeshDefinition definition = gateway.Meshes.FirstOrDefault(m => m.Name == mesh)
            ?? throw new ArgumentException($"Gateway '{gateway.ProxyId}' has no mesh '{mesh}'.", nameof(mesh));
        MeshCredentials credentials = MeshCredentials.Load(definition, options.Environment);
        var issuer = new MeshTokenIssuer(gateway.ProxyId, options.TimeProvider, NullLogger.Instance);
        return issuer.GetAuthorization(credentials, audience).Substring("Bearer ".Length);
    }
}
