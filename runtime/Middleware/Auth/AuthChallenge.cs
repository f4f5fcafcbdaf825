using System;
using HarmonyGen.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace HarmonyGen.Middleware.Auth;

/// <summary>
/// The 401 an authentication stage answers, made once at start-up. Harmony's router answers 401 with no body and no
/// challenge for any AuthFailure (src/adapters/http/router.rs); HarmonyGen adds the problem body every refusal has and
/// the <c>WWW-Authenticate</c> challenge a 401 must carry (RFC 9110 §11.6.1), whose realm is the middleware's name.
/// </summary>
internal static class AuthChallenge
{
    public const string Title = "Authentication required";

    /// <param name="scheme"><c>Basic</c> or <c>Bearer</c>.</param>
    /// <param name="parameters">More challenge parameters after the realm (<c>charset="UTF-8"</c>), or empty.</param>
    public static Rejection Unauthorized(string scheme, string middleware, string parameters, string detail)
    {
        string challenge = $"{scheme} realm=\"{Realm(middleware)}\"{parameters}";
        return new Rejection(StatusCodes.Status401Unauthorized, Title, detail, headers => headers.WWWAuthenticate = challenge);
    }

    /// <summary>The middleware's name when it can stand in a quoted header value as it is (a bare TOML key can), else a fixed word.</summary>
    private static string Realm(string name)
    {
        foreach (char c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or ' '))
            {
                return "gateway";
            }
        }

        return name.Length == 0 ? "gateway" : name;
    }
}
