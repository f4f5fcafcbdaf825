using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using HarmonyGen.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace HarmonyGen.Mesh;

/// <summary>
/// Issues egress tokens and reuses each one per (mesh, audience) until shortly before it expires: an RS256 signature
/// costs about a millisecond, so signing per request would cap throughput. The audience is the destination's origin;
/// it is the token's <c>dest_url</c>, and its <c>aud</c> only on a mesh with <c>jwt_audience</c> (docs/mesh.md).
/// </summary>
internal sealed class MeshTokenIssuer
{
    /// <summary>A cached token is replaced this long before its expiry, so a token never arrives expired.</summary>
    public static readonly TimeSpan RefreshBefore = TimeSpan.FromSeconds(60);

    /// <summary>The <c>harmony.mesh.provider</c> tag of a token this gateway signs itself.</summary>
    private const string LocalProvider = "local";

    private readonly string _proxyId;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly GatewayMetrics? _metrics;
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly ConcurrentDictionary<(string Mesh, string Audience), CachedToken> _cache = new();
    private readonly object _refreshGate = new();

    public MeshTokenIssuer(string proxyId, TimeProvider time, ILogger logger, GatewayMetrics? metrics = null)
    {
        _proxyId = proxyId;
        _time = time;
        _logger = logger;
        _metrics = metrics;
    }

    /// <summary>How many tokens were signed (not served from the cache); for tests and metrics.</summary>
    public long Signed => System.Threading.Interlocked.Read(ref _signed);

    private long _signed;

    /// <summary>The <c>Authorization</c> header value (<c>Bearer ...</c>) for a request to <paramref name="audience"/>.</summary>
    public string GetAuthorization(MeshCredentials mesh, string audience)
    {
        DateTimeOffset now = _time.GetUtcNow();
        if (_cache.TryGetValue((mesh.Mesh.Name, audience), out CachedToken? cached) && now < cached.RefreshAt)
        {
            _metrics?.EgressToken(issued: false, mesh.Mesh.Name, LocalProvider);
            return cached.Authorization;
        }

        // One signer per refresh: without the lock every request that arrives while the first signature is computed
        // (a cold start, or each refresh under load) would sign a token of its own. Signing happens once per token
        // lifetime, so one lock for all audiences costs nothing on the hot path above.
        lock (_refreshGate)
        {
            if (_cache.TryGetValue((mesh.Mesh.Name, audience), out cached) && now < cached.RefreshAt)
            {
                _metrics?.EgressToken(issued: false, mesh.Mesh.Name, LocalProvider);
                return cached.Authorization;
            }

            CachedToken token = Create(mesh, audience, now);
            _cache[(mesh.Mesh.Name, audience)] = token;
            return token.Authorization;
        }
    }

    private CachedToken Create(MeshCredentials mesh, string audience, DateTimeOffset now)
    {
        SigningCredentials credentials = mesh.SigningCredentials
            ?? throw new InvalidOperationException($"Mesh '{mesh.Mesh.Name}' has no signing key on this gateway.");
        DateTimeOffset issuedAt = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        DateTimeOffset expires = issuedAt + MeshCredentials.Lifetime;
        // The destination goes in dest_url, which Harmony's jsonwebtoken ignores and HarmonyGen's ingresses check; aud only
        // where the mesh asks for it (jwt_audience), because jsonwebtoken 9 refuses every token that carries aud when
        // its validation names no audience, as Harmony's does. Both are fixed per (mesh, audience): the cache key holds.
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = mesh.Mesh.Name,
            Audience = mesh.Mesh.JwtAudience ? audience : null,
            IssuedAt = issuedAt.UtcDateTime,
            NotBefore = null,
            Expires = expires.UtcDateTime,
            SigningCredentials = credentials,
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = _proxyId,
                [MeshClaims.MeshId] = mesh.Mesh.MeshId,
                [MeshClaims.Destination] = audience,
            },
        };

        string jwt = _handler.CreateToken(descriptor);
        System.Threading.Interlocked.Increment(ref _signed);
        _metrics?.EgressToken(issued: true, mesh.Mesh.Name, LocalProvider);
        GatewayLog.TokenIssued(_logger, mesh.Mesh.Name, audience, expires);
        return new CachedToken("Bearer " + jwt, expires - RefreshBefore);
    }

    private sealed record CachedToken(string Authorization, DateTimeOffset RefreshAt);
}
