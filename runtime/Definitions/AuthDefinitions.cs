namespace HarmonyGen.Definitions;

/// <summary>
/// A <c>basic_auth</c> middleware a pipeline's request chain names: a request goes on only with
/// <c>Authorization: Basic</c> and these credentials (Harmony's AuthSidecarMiddleware, src/models/middleware/types/auth.rs).
/// </summary>
/// <param name="Username">Read at start-up; a literal or <c>${ENV}</c>.</param>
/// <param name="Password">Read at start-up; a literal (the build warned, HG0307) or <c>${ENV}</c>.</param>
public sealed record BasicAuthMiddlewareDefinition(string Name, ConfigValue Username, ConfigValue Password) : MiddlewareDefinition(Name);

/// <summary>
/// A <c>jwtauth</c> (<c>jwt_auth</c>) middleware a pipeline's request chain names: a request goes on only with
/// <c>Authorization: Bearer</c> and a token this key signed (Harmony's JwtAuthMiddleware,
/// src/models/middleware/types/jwtauth.rs). Exactly one of <paramref name="PublicKeyPath"/> and
/// <paramref name="Hs256Secret"/> is set, and it decides the one algorithm accepted.
/// </summary>
/// <param name="PublicKeyPath">The PEM RSA public key of RS256 tokens (<c>public_key_path</c>); null for HS256.</param>
/// <param name="Hs256Secret">The HS256 secret (<c>use_hs256 = true</c>, <c>hs256_secret</c>); null for RS256.</param>
/// <param name="Issuer">The <c>iss</c> a token must carry; null to accept any or none.</param>
/// <param name="Audience">An <c>aud</c> a token must carry; null to refuse every token with an <c>aud</c>, as Harmony does.</param>
/// <param name="LeewaySeconds">Clock skew tolerated on <c>exp</c> and <c>nbf</c>.</param>
public sealed record JwtAuthMiddlewareDefinition(string Name, ConfigValue? PublicKeyPath, ConfigValue? Hs256Secret, string? Issuer, string? Audience, int LeewaySeconds) : MiddlewareDefinition(Name);
