using System;
using System.Collections.Generic;
using HarmonyGen.Definitions;
using HarmonyGen.Routing;
using Microsoft.IdentityModel.JsonWebTokens;

namespace HarmonyGen.Mesh;

/// <summary>
/// Where a validated token may be used, read once from its <c>dest_url</c> and <c>aud</c>: the origins they name. A
/// token captured at one member cannot be replayed at another, because each of those origins must be the matched
/// ingress's. A token that names none (Harmony's) is unbound and accepted anywhere its mesh is; on a mesh with
/// <c>jwt_audience</c> it is refused. Checked on every request, so the validated-token cache keeps it.
/// </summary>
internal sealed class DestinationBinding
{
    private static readonly DestinationBinding Unbound = new(Array.Empty<string>());

    private readonly string[] _origins;

    private DestinationBinding(string[] origins) => _origins = origins;

    /// <summary>Whether the token may be used at an ingress of <paramref name="ingressOrigin"/> (null: an origin no ingress has).</summary>
    public bool Allows(string? ingressOrigin)
    {
        foreach (string origin in _origins)
        {
            if (!string.Equals(origin, ingressOrigin, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Reads the binding of a token of <paramref name="mesh"/>; false when it is malformed (a <c>dest_url</c> that is not
    /// an absolute http(s) URL) or missing where the mesh requires one (<c>jwt_audience</c>: an <c>aud</c>).
    /// </summary>
    public static bool TryRead(JsonWebToken jwt, MeshCredentials mesh, out DestinationBinding binding)
    {
        binding = Unbound;
        List<string>? origins = null;
        bool hasAudience = false;
        foreach (string audience in jwt.Audiences)
        {
            hasAudience = true;

            // A Runbeam provider's tokens are for the mesh ("mesh:<id>"); their destination is in dest_url.
            if (mesh.ProviderKeys is not null && audience == MeshClaims.ProviderAudiencePrefix + mesh.Mesh.MeshId)
            {
                continue;
            }

            (origins ??= new List<string>()).Add(audience);
        }

        if (mesh.Mesh.JwtAudience && mesh.Mesh.Provider == MeshProvider.Local && !hasAudience)
        {
            return false;
        }

        if (jwt.TryGetPayloadValue(MeshClaims.Destination, out string? destination) && destination is not null)
        {
            if (!Uri.TryCreate(destination, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                return false;
            }

            (origins ??= new List<string>()).Add(Origin.Of(uri.Scheme, uri.Host, uri.Port));
        }
        else if (jwt.TryGetClaim(MeshClaims.Destination, out _))
        {
            return false; // present, but not a string
        }

        if (origins is not null)
        {
            binding = new DestinationBinding(origins.ToArray());
        }

        return true;
    }
}
