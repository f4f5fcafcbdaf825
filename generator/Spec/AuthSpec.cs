namespace HarmonyGen.Generator.Spec;

/// <summary>
/// A <c>basic_auth</c> middleware: the one pair of credentials a request's <c>Authorization: Basic</c> header must
/// carry. Request chain only, as in Harmony (its <c>right</c> passes responses through).
/// </summary>
internal sealed record BasicAuthOptionsSpec : MiddlewareOptionsSpec
{
    public required ConfigValueSpec Username { get; init; }

    public required ConfigValueSpec Password { get; init; }
}

/// <summary>
/// A <c>jwtauth</c> middleware: the key a request's <c>Authorization: Bearer</c> token must be signed with (exactly one
/// of <see cref="PublicKeyPath"/>, RS256, and <see cref="Hs256Secret"/>, HS256), and the claims it must carry.
/// Request chain only, as in Harmony.
/// </summary>
internal sealed record JwtAuthOptionsSpec : MiddlewareOptionsSpec
{
    public ConfigValueSpec? PublicKeyPath { get; init; }

    public ConfigValueSpec? Hs256Secret { get; init; }

    public string? Issuer { get; init; }

    public string? Audience { get; init; }

    /// <summary>Harmony's default is 60.</summary>
    public required int LeewaySeconds { get; init; }
}
