using HarmonyGen.Generator.Model;

namespace HarmonyGen.Generator.Validation;

/// <summary>The options of <c>basic_auth</c> and <c>jwtauth</c>, read as Harmony's parse_config functions read them (no defaults here: the validator gives them).</summary>
internal static partial class GatewayBinder
{
    private static readonly string[] s_basicAuthKeys = { "username", "password", "token_path" };
    private static readonly string[] s_jwtAuthKeys = { "public_key_path", "issuer", "audience", "leeway_secs", "use_hs256", "hs256_secret" };

    private sealed partial class Binder
    {
        private MiddlewareOptionsTable BindAuthOptions(string type, ConfigNode? options, ConfigNode middleware)
        {
            // A middleware without an options table reads as one with no keys, so a missing key is reported at the middleware.
            options ??= new ConfigNode("options", middleware.DottedPath + ".options", middleware.Location, null, null, EquatableArray<ConfigNode>.Empty);
            var o = new TableReader(options, _diagnostics);
            MiddlewareOptionsTable bound;
            if (type == HarmonyMiddleware.BasicAuth)
            {
                bound = new BasicAuthOptionsTable(options.Location, o.String("username", required: true), o.String("password", required: true));

                // Harmony reads token_path and never uses it (and its auth.rs of d992a797 required it): checked, not kept.
                o.String("token_path");
            }
            else
            {
                bound = new JwtAuthOptionsTable(options.Location)
                {
                    PublicKeyPath = o.String("public_key_path"),
                    Issuer = o.String("issuer"),
                    Audience = o.String("audience"),
                    LeewaySecs = o.Long("leeway_secs"),
                    UseHs256 = o.Bool("use_hs256"),
                    Hs256Secret = o.String("hs256_secret"),
                };
            }

            o.ReportUnknownKeys($"[{TableReader.Display(options.DottedPath)}] of a '{type}' middleware", type == HarmonyMiddleware.BasicAuth ? s_basicAuthKeys : s_jwtAuthKeys);
            return bound;
        }
    }
}
