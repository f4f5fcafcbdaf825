using System;
using Microsoft.IdentityModel.Tokens;

namespace HarmonyGen.Tokens;

/// <summary>
/// Token lifetimes judged by the gateway's clock (<c>HarmonyGatewayOptions.TimeProvider</c>) rather than the system's,
/// so that tests can move time. With the system clock the token library's own lifetime check runs instead.
/// </summary>
internal static class TokenClock
{
    /// <summary>Sets a lifetime check on <paramref name="parameters"/> that reads <paramref name="time"/> each time a token is checked.</summary>
    public static TokenValidationParameters Apply(TokenValidationParameters parameters, TimeProvider time)
    {
        parameters.LifetimeValidator = (notBefore, expires, _, p) =>
        {
            DateTime now = time.GetUtcNow().UtcDateTime;
            return expires is { } e && e + p.ClockSkew >= now && (notBefore is not { } nb || nb - p.ClockSkew <= now);
        };
        return parameters;
    }

    /// <summary>
    /// Whether a lifetime refusal means "expired" (rather than "not yet valid"): the library says so itself with the
    /// system clock, and with the gateway's clock reports both ends as an invalid lifetime.
    /// </summary>
    public static bool IsExpired(Exception? refusal, DateTime validTo, TimeSpan skew, TimeProvider time) => refusal switch
    {
        SecurityTokenExpiredException => true,
        SecurityTokenInvalidLifetimeException => validTo + skew < time.GetUtcNow().UtcDateTime,
        _ => false,
    };
}
