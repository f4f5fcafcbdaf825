using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace HarmonyGen.Mesh;

/// <summary>
/// Validates an ingress mesh token against the meshes the ingress belongs to (SPEC §4): the mesh's own algorithm and
/// key, iss naming one of those meshes with a matching mesh_id, exp present and not past, iat not in the future,
/// exp - iat at most 300 s (both with 60 s leeway), and aud, when present, equal to the ingress origin.
/// </summary>
internal sealed class MeshTokenValidator
{
    /// <summary>Real mesh tokens are a few hundred bytes; anything this large is refused before parsing.</summary>
    public const int MaxTokenLength = 8 * 1024;

    private readonly IReadOnlyDictionary<string, MeshCredentials> _meshes;
    private readonly TimeProvider _time;
    private readonly JsonWebTokenHandler _handler = new();

    public MeshTokenValidator(IReadOnlyDictionary<string, MeshCredentials> meshes, TimeProvider time)
    {
        _meshes = meshes;
        _time = time;
    }

    /// <param name="expectedAudience">The origin of the matched ingress URL; null when the route has none, so that any <c>aud</c> is refused.</param>
    public async ValueTask<MeshValidation> ValidateAsync(string token, ImmutableArray<string> allowedMeshes, string? expectedAudience)
    {
        if (token.Length == 0 || token.Length > MaxTokenLength)
        {
            return MeshValidation.Fail("the mesh token is empty or too large");
        }

        if (!_handler.CanReadToken(token))
        {
            return MeshValidation.Fail("the mesh token is not a JWT");
        }

        JsonWebToken jwt;
        try
        {
            jwt = _handler.ReadJsonWebToken(token);
        }
        catch (Exception ex) when (ex is ArgumentException or SecurityTokenException or FormatException)
        {
            return MeshValidation.Fail("the mesh token is malformed");
        }

        string issuer = jwt.Issuer;
        if (!allowedMeshes.Contains(issuer) || !_meshes.TryGetValue(issuer, out MeshCredentials? mesh))
        {
            return MeshValidation.Fail("the token's issuer is not a mesh this ingress belongs to");
        }

        if (mesh.ValidationParameters is null)
        {
            return MeshValidation.Fail("this gateway cannot verify tokens of that mesh");
        }

        TokenValidationParameters parameters = ReferenceEquals(_time, TimeProvider.System)
            ? mesh.ValidationParameters
            : WithClock(mesh.ValidationParameters.Clone());
        TokenValidationResult result = await _handler.ValidateTokenAsync(jwt, parameters).ConfigureAwait(false);
        if (!result.IsValid)
        {
            return MeshValidation.Fail(result.Exception is SecurityTokenExpiredException ? "the mesh token has expired" : "the mesh token is not valid for this mesh");
        }

        if (!jwt.TryGetPayloadValue("mesh_id", out string? meshId) || meshId != mesh.Mesh.MeshId)
        {
            return MeshValidation.Fail("the token's mesh_id does not match its mesh");
        }

        DateTimeOffset now = _time.GetUtcNow();
        if (!jwt.TryGetPayloadValue(JwtRegisteredClaimNames.Iat, out long iat) || !jwt.TryGetPayloadValue(JwtRegisteredClaimNames.Exp, out long exp))
        {
            return MeshValidation.Fail("the mesh token lacks iat or exp");
        }

        long leeway = (long)MeshCredentials.Leeway.TotalSeconds;
        if (iat > now.ToUnixTimeSeconds() + leeway)
        {
            return MeshValidation.Fail("the mesh token was issued in the future");
        }

        if (exp - iat > (long)MeshCredentials.Lifetime.TotalSeconds + leeway)
        {
            return MeshValidation.Fail("the mesh token lives longer than a mesh token may");
        }

        foreach (string audience in jwt.Audiences)
        {
            if (!string.Equals(audience, expectedAudience, StringComparison.OrdinalIgnoreCase))
            {
                return MeshValidation.Fail("the mesh token was issued for another member");
            }
        }

        return MeshValidation.Success(mesh.Mesh.Name, jwt.Subject);
    }

    /// <summary>Lifetime checks use the gateway's clock (a <see cref="TimeProvider"/>), so tests can move time.</summary>
    private TokenValidationParameters WithClock(TokenValidationParameters parameters)
    {
        DateTimeOffset now = _time.GetUtcNow();
        parameters.LifetimeValidator = (notBefore, expires, _, p) =>
            expires is { } e && e + p.ClockSkew >= now.UtcDateTime && (notBefore is not { } nb || nb - p.ClockSkew <= now.UtcDateTime);
        return parameters;
    }
}

/// <summary>The outcome of validating a mesh token: the mesh and the sending proxy, or why it was refused.</summary>
internal readonly record struct MeshValidation(bool IsValid, string? Mesh, string? Sender, string? Reason)
{
    public static MeshValidation Success(string mesh, string? sender) => new(true, mesh, sender, null);

    public static MeshValidation Fail(string reason) => new(false, null, null, reason);
}
