using System;
using System.Linq;
using System.Net.Http;
using HarmonyGen.Hosting;
using HarmonyGen.Routing;
using HarmonyGen.Definitions;
using Microsoft.Extensions.Logging;

namespace HarmonyGen.Mesh;

/// <summary>
/// What <see cref="MeshEgressHandler"/> needs to sign for one egress: the mesh's loaded key, one issuer (so a token is
/// reused per audience across every handler instance that shares this signer) and the only origin it signs for.
/// </summary>
internal sealed class MeshEgressSigner
{
    private readonly MeshCredentials _credentials;
    private readonly MeshTokenIssuer _issuer;

    private MeshEgressSigner(EgressTarget target, MeshCredentials credentials, MeshTokenIssuer issuer)
    {
        Target = target;
        _credentials = credentials;
        _issuer = issuer;
    }

    public EgressTarget Target { get; }

    /// <summary>Tokens signed so far (the rest were reused).</summary>
    public long Signed => _issuer.Signed;

    /// <summary>Checks the egress (see <see cref="EgressTarget.Resolve"/>) and loads its mesh's signing key.</summary>
    public static MeshEgressSigner Create(GatewayDefinition gateway, EgressDefinition egress, HarmonyGatewayOptions options, ILogger logger)
    {
        EgressTarget target = EgressTarget.Resolve(gateway, egress);
        MeshCredentials credentials = MeshCredentials.Load(target.Mesh, options.Environment);
        if (credentials.SigningCredentials is null)
        {
            throw new InvalidOperationException(
                $"Mesh '{target.Mesh.Name}' has no signing key on gateway '{gateway.ProxyId}' (set jwt_private_key_path or jwt_secret), so egress '{egress.Name}' cannot attach a mesh token.");
        }

        return new MeshEgressSigner(target, credentials, new MeshTokenIssuer(gateway.ProxyId, options.TimeProvider, logger));
    }

    /// <summary>Puts the egress's mesh token on <paramref name="request"/>, replacing any <c>Authorization</c> it had.</summary>
    public void Authorize(HttpRequestMessage request)
    {
        Uri uri = request.RequestUri ?? throw new InvalidOperationException($"Egress '{Target.Egress.Name}' needs an absolute request URI; set HttpClient.BaseAddress to {Target.BaseAddress}.");
        if (!uri.IsAbsoluteUri)
        {
            throw new InvalidOperationException($"Egress '{Target.Egress.Name}' needs an absolute request URI; set HttpClient.BaseAddress to {Target.BaseAddress}.");
        }

        // A mesh token names its audience, but it is still a credential: it never leaves for an origin the egress does not name.
        string origin = Origin.Of(uri.Scheme, uri.Host, uri.Port);
        if (!string.Equals(origin, Target.Audience, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"Egress '{Target.Egress.Name}' of gateway '{Target.Gateway}' signs requests to {Target.Audience} (backend '{Target.Backend.Name}') only; refusing to send its mesh token to {origin}.");
        }

        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization", _issuer.GetAuthorization(_credentials, Target.Audience));
    }
}

/// <summary>An egress checked for use from application code: enabled, in an enabled local mesh, with a backend URL.</summary>
internal sealed record EgressTarget(string Gateway, EgressDefinition Egress, MeshDefinition Mesh, BackendDefinition Backend, string Audience, Uri BaseAddress)
{
    /// <summary>
    /// Refuses, with the reason, an egress that is not <paramref name="gateway"/>'s, is disabled, is listed by no enabled
    /// mesh, belongs to a provider mesh, or names a backend without a base URL. Reads no key material.
    /// </summary>
    public static EgressTarget Resolve(GatewayDefinition gateway, EgressDefinition egress)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(egress);
        EgressDefinition own = gateway.Egresses.FirstOrDefault(e => e.Name == egress.Name)
            ?? throw new ArgumentException(GatewayDefinitionLookups.NotFoundMessage(gateway.ProxyId, "egress", "egresses", egress.Name, gateway.Egresses.Select(e => e.Name)), nameof(egress));
        if (!own.Enabled)
        {
            throw new ArgumentException(
                $"Egress '{own.Name}' of gateway '{gateway.ProxyId}' is disabled (enabled = false), so it carries no mesh token; enable it in the TOML or use another egress.", nameof(egress));
        }

        MeshDefinition? mesh = own.Meshes.IsDefaultOrEmpty ? null : gateway.Meshes.FirstOrDefault(m => m.Enabled && m.Name == own.Meshes[0]);
        if (mesh is null)
        {
            throw new ArgumentException(
                $"Egress '{own.Name}' of gateway '{gateway.ProxyId}' is listed by no enabled mesh, so it has no mesh token to attach; add it to a mesh's 'egress' list.", nameof(egress));
        }

        if (mesh.Provider != MeshProvider.Local)
        {
            throw new NotSupportedException($"Mesh '{mesh.Name}' uses provider '{mesh.Provider}', whose tokens this runtime cannot obtain yet; egress '{own.Name}' cannot sign.");
        }

        BackendDefinition? backend = gateway.Backends.FirstOrDefault(b => b.Name == own.Backend);
        if (backend?.BaseUrl is null)
        {
            throw new ArgumentException($"Egress '{own.Name}' of gateway '{gateway.ProxyId}' names backend '{own.Backend}', which has no base URL to send to.", nameof(egress));
        }

        string baseUrl = backend.BaseUrl.EndsWith('/') ? backend.BaseUrl : backend.BaseUrl + "/";
        return new EgressTarget(gateway.ProxyId, own, mesh, backend, Origin.Of(backend.BaseUrl), new Uri(baseUrl, UriKind.Absolute));
    }
}
