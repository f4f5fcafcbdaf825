using HarmonyGen.Generator.Model;

namespace HarmonyGen.Generator.Validation;

/// <summary>The options of <c>basic_auth</c> and <c>jwtauth</c>, read as Harmony's parse_config functions read them.</summary>
internal static partial class GatewayBinder
{
    private static readonly string[] s_basicAuthKeys = { "username", "password", "token_path" };

    private sealed partial class Binder
    {
        private MiddlewareOptionsTable BindAuthOptions(string type, ConfigNode? options, ConfigNode middleware)
        {
            // A middleware without an options table reads as one with no keys, so a missing key is reported at the middleware.
            options ??= new ConfigNode("options", middleware.DottedPath + ".options", middleware.Location, null, null, EquatableArray<ConfigNode>.Empty);
            var o = new TableReader(options, _diagnostics);
            var bound = new BasicAuthOptionsTable(options.Location, o.String("username", required: true), o.String("password", required: true));

            // Harmony reads token_path and never uses it (and its auth.rs of d992a797 required it): checked, not kept.
            o.String("token_path");
            o.ReportUnknownKeys($"[{TableReader.Display(options.DottedPath)}] of a '{type}' middleware", s_basicAuthKeys);
            return bound;
        }
    }
}
