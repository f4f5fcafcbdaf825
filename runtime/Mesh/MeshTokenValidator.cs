using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Threading.Tasks;
using HarmonyGen.Diagnostics;
using HarmonyGen.Providers;
using HarmonyGen.Tokens;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace HarmonyGen.Mesh;

/// <summary>
/// Validates an ingress mesh token against the meshes the ingress belongs to (SPEC §4): the mesh's own algorithm and
/// key, iss naming one of those meshes (for a provider mesh: mesh_id naming it) with a matching mesh_id, a sub that
/// can be told to the backend, exp present and not past, iat not in the future, exp - iat at most 300 s (both with
/// 60 s leeway), and the destination binding: dest_url and aud, when present, for the ingress origin (a provider's
/// aud may also be <c>mesh:</c> and the mesh id), aud required on a mesh with <c>jwt_audience</c>.
/// </summary>
internal sealed class MeshTokenValidator
{
    /// <summary>Real mesh tokens are a few hundred bytes; anything this large is refused before parsing.</summary>
    public const int MaxTokenLength = 8 * 1024;

    /// <summary>Validated tokens kept at most; a mesh member sends one token per destination every few minutes.</summary>
    public const int MaxCachedTokens = 4096;

    private readonly IReadOnlyDictionary<string, MeshCredentials> _meshes;
    private readonly Dictionary<string, string[]> _meshesByProviderId;
    private readonly TimeProvider _time;
    private readonly JsonWebTokenHandler _handler = new();
    private readonly GatewayMetrics? _metrics;

    // Tokens that passed every check, keyed by their exact text. A member reuses its token for minutes, so the
    // signature (about 50 µs for RS256) is verified once per token, not once per request. What can change between
    // requests is checked again on every hit: the expiry against the clock, the ingress's meshes and audience.
    private readonly ConcurrentDictionary<string, ValidatedToken> _validated = new(StringComparer.Ordinal);
    private long _cacheHits;

    public MeshTokenValidator(IReadOnlyDictionary<string, MeshCredentials> meshes, TimeProvider time, GatewayMetrics? metrics = null)
    {
        _meshes = meshes;
        _time = time;
        _metrics = metrics;

        // A provider issues tokens for the mesh it knows by id; each member may call that mesh something else.
        _meshesByProviderId = meshes.Values
            .Where(m => m.ProviderKeys is not null)
            .GroupBy(m => m.Mesh.MeshId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(m => m.Mesh.Name).ToArray(), StringComparer.Ordinal);
    }

    /// <summary>Requests whose token was already validated (served from the cache).</summary>
    public long CacheHits => Interlocked.Read(ref _cacheHits);

    /// <param name="expectedAudience">The origin of the matched ingress URL; null when the route has none, so that any <c>aud</c> is refused.</param>
    /// <param name="cancellation">The request's: a client that goes away stops waiting for a provider's keys.</param>
    public async ValueTask<MeshValidation> ValidateAsync(string token, ImmutableArray<string> allowedMeshes, string? expectedAudience, CancellationToken cancellation = default)
    {
        if (token.Length == 0 || token.Length > MaxTokenLength)
        {
            return MeshValidation.Fail(MeshRejection.Malformed, "the mesh token is empty or too large");
        }

        if (_validated.TryGetValue(token, out ValidatedToken? known))
        {
            if (_time.GetUtcNow().ToUnixTimeSeconds() <= known.Expires + (long)MeshCredentials.Leeway.TotalSeconds)
            {
                Interlocked.Increment(ref _cacheHits);
                _metrics?.ValidationCacheLookup(hit: true);
                return !allowedMeshes.Contains(known.Mesh)
                    ? MeshValidation.Fail(MeshRejection.WrongMesh, "the token's issuer is not a mesh this ingress belongs to")
                    : !known.Binding.Allows(expectedAudience)
                        ? MeshValidation.Fail(MeshRejection.WrongAudience, "the mesh token was issued for another member")
                        : MeshValidation.Success(known.Mesh, known.Sender);
            }

            _validated.TryRemove(token, out _);
        }

        _metrics?.ValidationCacheLookup(hit: false);

        if (!_handler.CanReadToken(token))
        {
            return MeshValidation.Fail(MeshRejection.Malformed, "the mesh token is not a JWT");
        }

        JsonWebToken jwt;
        try
        {
            jwt = _handler.ReadJsonWebToken(token);
        }
        catch (Exception ex) when (ex is ArgumentException or SecurityTokenException or FormatException)
        {
            return MeshValidation.Fail(MeshRejection.Malformed, "the mesh token is malformed");
        }

        if (FindMesh(jwt, allowedMeshes) is not { } mesh)
        {
            return MeshValidation.Fail(MeshRejection.WrongMesh, "the token's issuer is not a mesh this ingress belongs to");
        }

        if (mesh.ValidationParameters is null)
        {
            return MeshValidation.Fail(MeshRejection.NoVerifyingKey, "this gateway cannot verify tokens of that mesh");
        }

        TokenValidationParameters parameters = ReferenceEquals(_time, TimeProvider.System)
            ? mesh.ValidationParameters
            : TokenClock.Apply(mesh.ValidationParameters.Clone(), _time);
        if (mesh.ProviderKeys is { } providerKeys)
        {
            // RS256 with a kid, checked before the provider is asked for anything.
            if (jwt.Alg != SecurityAlgorithms.RsaSha256)
            {
                return MeshValidation.Fail(MeshRejection.WrongAlgorithm, "the mesh token is not valid for this mesh");
            }

            if (string.IsNullOrEmpty(jwt.Kid))
            {
                return MeshValidation.Fail(MeshRejection.MissingKeyId, "the mesh token names no signing key (kid)");
            }

            KeyLookup key = await providerKeys.FindAsync(jwt.Kid, cancellation).ConfigureAwait(false);
            if (key.Failure is { } failure)
            {
                return MeshValidation.Unavailable(failure);
            }

            if (key.Key is null)
            {
                return MeshValidation.Fail(MeshRejection.UnknownKey, "the mesh token is signed with a key its provider does not publish");
            }

            parameters = ReferenceEquals(parameters, mesh.ValidationParameters) ? parameters.Clone() : parameters;
            parameters.IssuerSigningKey = key.Key;
        }

        TokenValidationResult result = await _handler.ValidateTokenAsync(jwt, parameters).ConfigureAwait(false);
        if (!result.IsValid)
        {
            return Refused(result.Exception, jwt);
        }

        if (!jwt.TryGetPayloadValue(MeshClaims.MeshId, out string? meshId) || meshId != mesh.Mesh.MeshId)
        {
            return MeshValidation.Fail(MeshRejection.WrongMeshId, "the token's mesh_id does not match its mesh");
        }

        // The sender is told to the backend in a header: it must be there, and be a header value.
        if (!jwt.TryGetPayloadValue(JwtRegisteredClaimNames.Sub, out string? sender) || !IsHeaderValue(sender))
        {
            return MeshValidation.Fail(MeshRejection.MissingSender, "the mesh token names no sender (sub) a backend can be told");
        }

        DateTimeOffset now = _time.GetUtcNow();
        if (!jwt.TryGetPayloadValue(JwtRegisteredClaimNames.Iat, out long iat) || !jwt.TryGetPayloadValue(JwtRegisteredClaimNames.Exp, out long exp))
        {
            return MeshValidation.Fail(MeshRejection.MissingLifetime, "the mesh token lacks iat or exp");
        }

        long leeway = (long)MeshCredentials.Leeway.TotalSeconds;
        if (iat > now.ToUnixTimeSeconds() + leeway)
        {
            return MeshValidation.Fail(MeshRejection.NotYetValid, "the mesh token was issued in the future");
        }

        if (exp - iat > (long)MeshCredentials.Lifetime.TotalSeconds + leeway)
        {
            return MeshValidation.Fail(MeshRejection.LifetimeTooLong, "the mesh token lives longer than a mesh token may");
        }

        if (!DestinationBinding.TryRead(jwt, mesh, out DestinationBinding binding))
        {
            return MeshValidation.Fail(MeshRejection.WrongAudience, "the mesh token was issued for another member");
        }

        Remember(token, new ValidatedToken(mesh.Mesh.Name, sender, exp, binding));
        if (!binding.Allows(expectedAudience))
        {
            return MeshValidation.Fail(MeshRejection.WrongAudience, "the mesh token was issued for another member");
        }

        return MeshValidation.Success(mesh.Mesh.Name, sender);
    }

    /// <summary>Visible ASCII and spaces, not blank, at most 256 characters: a value no header can be split or spoofed with.</summary>
    private static bool IsHeaderValue([NotNullWhen(true)] string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 256)
        {
            return false;
        }

        foreach (char c in value)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The mesh of <paramref name="jwt"/> among the ingress's meshes: the one its <c>iss</c> names; else, for a provider
    /// mesh, the one its <c>iss</c> or its <c>mesh_id</c> names by id (a provider's iss is the provider itself).
    /// </summary>
    private MeshCredentials? FindMesh(JsonWebToken jwt, ImmutableArray<string> allowedMeshes)
    {
        string issuer = jwt.Issuer;
        if (allowedMeshes.Contains(issuer) && _meshes.TryGetValue(issuer, out MeshCredentials? byName))
        {
            return byName;
        }

        if (_meshesByProviderId.Count == 0)
        {
            return null;
        }

        return ProviderMesh(issuer, allowedMeshes)
            ?? (jwt.TryGetPayloadValue(MeshClaims.MeshId, out string? meshId) && meshId is not null ? ProviderMesh(meshId, allowedMeshes) : null);
    }

    private MeshCredentials? ProviderMesh(string id, ImmutableArray<string> allowedMeshes)
    {
        if (_meshesByProviderId.TryGetValue(id, out string[]? names))
        {
            foreach (string name in names)
            {
                if (allowedMeshes.Contains(name))
                {
                    return _meshes[name];
                }
            }
        }

        return null;
    }

    private void Remember(string token, ValidatedToken validated)
    {
        if (_validated.Count >= MaxCachedTokens)
        {
            // Bounded: drop what has expired, and if that frees nothing (a flood of distinct valid tokens), start over.
            long now = _time.GetUtcNow().ToUnixTimeSeconds();
            foreach (KeyValuePair<string, ValidatedToken> entry in _validated)
            {
                if (entry.Value.Expires + (long)MeshCredentials.Leeway.TotalSeconds < now)
                {
                    _validated.TryRemove(entry.Key, out _);
                }
            }

            if (_validated.Count >= MaxCachedTokens)
            {
                _validated.Clear();
            }
        }

        _validated[token] = validated;
    }

    /// <summary>What a validated token proved: its mesh, sender, expiry and where it may be used.</summary>
    private sealed record ValidatedToken(string Mesh, string Sender, long Expires, DestinationBinding Binding);

    /// <summary>What the token handler refused, as a code; the client is told only "expired" or "not valid".</summary>
    private MeshValidation Refused(Exception? exception, JsonWebToken jwt)
    {
        MeshRejection rejection = exception switch
        {
            SecurityTokenExpiredException => MeshRejection.Expired,
            SecurityTokenNotYetValidException => MeshRejection.NotYetValid,
            SecurityTokenNoExpirationException => MeshRejection.MissingLifetime,
            SecurityTokenInvalidLifetimeException => TokenClock.IsExpired(exception, jwt.ValidTo, MeshCredentials.Leeway, _time) ? MeshRejection.Expired : MeshRejection.NotYetValid,
            SecurityTokenInvalidAlgorithmException => MeshRejection.WrongAlgorithm,
            SecurityTokenInvalidSignatureException => MeshRejection.BadSignature, // also a signing key not found
            SecurityTokenInvalidIssuerException => MeshRejection.WrongIssuer,
            _ => MeshRejection.Invalid,
        };
        return MeshValidation.Fail(rejection, rejection == MeshRejection.Expired && exception is SecurityTokenExpiredException ? "the mesh token has expired" : "the mesh token is not valid for this mesh");
    }
}

/// <summary>The outcome of validating a mesh token: the mesh and the sending proxy, or why it was refused.</summary>
/// <param name="ProviderFailure">Set when the token could not be checked because its provider could not be asked: a 502/503, whatever the ingress's mode.</param>
/// <param name="Rejection">Why it was refused, as a bounded code for metrics and traces (<see cref="Reason"/> is for people).</param>
internal readonly record struct MeshValidation(bool IsValid, string? Mesh, string? Sender, string? Reason, ProviderFailure? ProviderFailure = null, MeshRejection Rejection = MeshRejection.None)
{
    public static MeshValidation Success(string mesh, string? sender) => new(true, mesh, sender, null);

    public static MeshValidation Fail(MeshRejection rejection, string reason) => new(false, null, null, reason, Rejection: rejection);

    public static MeshValidation Unavailable(ProviderFailure failure) => new(false, null, null, failure.Reason, failure, MeshRejection.ProviderUnavailable);
}
