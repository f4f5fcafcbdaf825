using System;
using System.Threading.Tasks;
using HarmonyGen.Definitions;
using HarmonyGen.Diagnostics;
using HarmonyGen.Tokens;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace HarmonyGen.Middleware.Auth;

/// <summary>
/// A <c>jwtauth</c> middleware on the request side, with the checks of Harmony's JwtAuthMiddleware::validate_token
/// (src/models/middleware/types/jwtauth.rs at 4a412bc8, jsonwebtoken 9.3): <c>Authorization: Bearer</c>, the header's
/// <c>alg</c> the configured one (RS256, or HS256 with <c>use_hs256</c>; never <c>none</c>), the signature, <c>exp</c>
/// present and not past and <c>nbf</c> not ahead (both with the leeway), <c>iss</c> the configured issuer, <c>aud</c> one
/// of the configured audience or, with none configured, absent; <c>sub</c> and <c>iss</c> strings and
/// <c>exp</c>/<c>nbf</c>/<c>iat</c> integers when present, as Harmony's Claims struct reads them. Anything else is 401
/// and never reaches the backend. The header is passed on to the backend, and no claim is, as in Harmony.
/// </summary>
internal sealed class JwtAuthStage : IPipelineStage
{
    /// <summary>Larger tokens are refused before parsing, as mesh tokens are.</summary>
    public const int MaxTokenLength = 8 * 1024;

    private const string Scheme = "Bearer ";

    private readonly JsonWebTokenHandler _handler = new();
    private readonly TokenValidationParameters _parameters;
    private readonly bool _audienceConfigured;
    private readonly TimeProvider _time;
    private readonly Rejection _missing;
    private readonly Rejection _invalid;
    private readonly Rejection _expired;

    public JwtAuthStage(JwtAuthMiddlewareDefinition middleware, TimeProvider time, Func<string, string?> environment)
    {
        Name = middleware.Name;
        _time = time;
        _audienceConfigured = middleware.Audience is not null;
        (SecurityKey key, string algorithm) = ReadKey(middleware, environment);
        _parameters = new TokenValidationParameters
        {
            IssuerSigningKey = key,
            ValidateIssuerSigningKey = true,
            RequireSignedTokens = true,
            ValidAlgorithms = new[] { algorithm }, // Harmony: header.alg must be the configured one
            TryAllIssuerSigningKeys = true, // Harmony does not read kid
            ValidateLifetime = true,
            RequireExpirationTime = true, // jsonwebtoken's Validation::new requires exp
            ClockSkew = TimeSpan.FromSeconds(middleware.LeewaySeconds),
            ValidateIssuer = middleware.Issuer is not null,
            ValidIssuer = middleware.Issuer,
            ValidateAudience = middleware.Audience is not null,
            ValidAudience = middleware.Audience,
            IgnoreTrailingSlashWhenValidatingAudience = false, // equality, as in Harmony
            ValidateTokenReplay = false,
        };
        if (!ReferenceEquals(time, TimeProvider.System))
        {
            TokenClock.Apply(_parameters, time);
        }

        _missing = AuthChallenge.Unauthorized("Bearer", Name, string.Empty, $"Middleware '{Name}' needs a bearer token in the Authorization header.");
        _invalid = AuthChallenge.Unauthorized("Bearer", Name, ", error=\"invalid_token\"", $"The bearer token is not valid for middleware '{Name}'.");
        _expired = AuthChallenge.Unauthorized("Bearer", Name, ", error=\"invalid_token\"", "The bearer token has expired.");
    }

    public string Name { get; }

    /// <summary>The one key and its algorithm: the HS256 secret when there is one (<c>use_hs256</c>), else the RSA public key.</summary>
    private static (SecurityKey Key, string Algorithm) ReadKey(JwtAuthMiddlewareDefinition middleware, Func<string, string?> environment)
    {
        if (middleware.Hs256Secret is { } secret)
        {
            return (TokenKeys.ReadHs256Secret(secret, environment), SecurityAlgorithms.HmacSha256);
        }

        ConfigValue path = middleware.PublicKeyPath
            ?? throw new InvalidOperationException($"Middleware '{middleware.Name}' has neither a public key nor an HS256 secret; the generator reports this as HG0310.");
        return (new RsaSecurityKey(TokenKeys.ReadRsa(path, environment)), SecurityAlgorithms.RsaSha256);
    }

    public StageSide Side => StageSide.Request;

    public ValueTask<StageResult> InvokeAsync(HttpContext context)
    {
        StringValues authorization = context.Request.Headers.Authorization;
        if (authorization.Count != 1 || authorization[0] is not { } header || !header.StartsWith(Scheme, StringComparison.Ordinal))
        {
            return Refuse(_missing);
        }

        // Harmony's trim_start_matches("Bearer ") takes off every repetition of the scheme.
        int start = Scheme.Length;
        while (string.CompareOrdinal(header, start, Scheme, 0, Scheme.Length) == 0)
        {
            start += Scheme.Length;
        }

        int length = header.Length - start;
        return length is 0 or > MaxTokenLength ? Refuse(_invalid) : ValidateAsync(header.Substring(start));
    }

    /// <summary>The library's validation completes synchronously for a key held in memory; then no async state machine runs.</summary>
    private ValueTask<StageResult> ValidateAsync(string token)
    {
        Task<TokenValidationResult> validation = _handler.ValidateTokenAsync(token, _parameters);
        return validation.IsCompletedSuccessfully ? new ValueTask<StageResult>(Decide(validation.Result, token)) : AwaitAsync(validation, token);
    }

    private async ValueTask<StageResult> AwaitAsync(Task<TokenValidationResult> validation, string token) =>
        Decide(await validation.ConfigureAwait(false), token);

    private StageResult Decide(TokenValidationResult result, string token)
    {
        if (!result.IsValid)
        {
            // Only a lifetime refusal by the gateway's own clock needs the token's exp to tell expired from not yet valid.
            DateTime validTo = result.Exception is SecurityTokenInvalidLifetimeException ? _handler.ReadJsonWebToken(token).ValidTo : default;
            return StageResult.Reject(TokenClock.IsExpired(result.Exception, validTo, _parameters.ClockSkew, _time) ? _expired : _invalid);
        }

        return HarmonyClaims.Accepts(token, refuseAudience: !_audienceConfigured)
            ? StageResult.Continue
            : StageResult.Reject(_invalid);
    }

    private static ValueTask<StageResult> Refuse(Rejection rejection) => new(StageResult.Reject(rejection));
}
