using HarmonyGen.Generator.Parsing;

namespace HarmonyGen.Generator.Validation;

// The options of the authentication middleware as read from the tree, each value still its TomlValue so that the
// validator can point at it. The validator turns them into Spec/AuthSpec.cs.

/// <summary>
/// <c>basic_auth</c> (Harmony's AuthSidecarConfig, src/models/middleware/types/auth.rs at 4a412bc8): <c>username</c>
/// and <c>password</c> required; <c>token_path</c> read and never used, so it is not kept.
/// </summary>
/// <param name="Location">The options table, or the middleware table when it has none: where a missing key is reported.</param>
internal sealed record BasicAuthOptionsTable(LocationInfo Location, TomlValue? Username, TomlValue? Password) : MiddlewareOptionsTable;

/// <summary>
/// <c>jwtauth</c> (Harmony's JwtAuthConfig, src/models/middleware/types/jwtauth.rs at 4a412bc8): an RS256 public key
/// file, or HS256 with a secret when <c>use_hs256</c>; optional issuer, audience and leeway.
/// </summary>
/// <param name="Location">The options table, or the middleware table when it has none: where a missing key is reported.</param>
internal sealed record JwtAuthOptionsTable(LocationInfo Location) : MiddlewareOptionsTable
{
    public TomlValue? PublicKeyPath { get; init; }

    public TomlValue? Issuer { get; init; }

    public TomlValue? Audience { get; init; }

    public LocatedLong? LeewaySecs { get; init; }

    public LocatedBool? UseHs256 { get; init; }

    public TomlValue? Hs256Secret { get; init; }
}
