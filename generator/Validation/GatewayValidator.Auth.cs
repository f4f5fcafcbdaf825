using HarmonyGen.Generator.Parsing;
using HarmonyGen.Generator.Spec;

namespace HarmonyGen.Generator.Validation;

/// <summary>
/// <c>basic_auth</c> and <c>jwtauth</c>: options checked at their spans, credentials read as literals or <c>${ENV}</c>
/// references (a literal secret warns, as a mesh's does), key paths as a mesh's key paths.
/// </summary>
internal sealed partial class GatewayValidator
{
    /// <summary>The spec of a <c>basic_auth</c> middleware, or null when a required option is missing or unusable (reported).</summary>
    private BasicAuthOptionsSpec? ValidateBasicAuth(MiddlewareTable middleware)
    {
        if (middleware.Options is not BasicAuthOptionsTable options || options.Username is null || options.Password is null)
        {
            return null; // HG0004 or HG0002 already
        }

        string prefix = $"middleware.{middleware.Name}.options";
        ConfigValueSpec? username = ConfigValueReader.Read(options.Username, prefix + ".username", File(options.Username.Location), _diagnostics);
        if (username?.Literal is { } user && user.IndexOf(':') >= 0)
        {
            // Harmony splits the decoded credentials at the first colon, so such a user name never matches.
            Report(DiagnosticDescriptors.BasicAuthUsernameColon, options.Username.Location, middleware.Name);
            username = null;
        }

        ConfigValueSpec? password = ReadCredential(middleware, options.Password, "password");
        return username is null || password is null ? null : new BasicAuthOptionsSpec { Username = username, Password = password };
    }

    /// <summary>A secret option: a literal (HG0307: prefer an environment reference) or <c>${ENV}</c>.</summary>
    private ConfigValueSpec? ReadCredential(MiddlewareTable middleware, TomlValue value, string key)
    {
        ConfigValueSpec? spec = ConfigValueReader.Read(value, $"middleware.{middleware.Name}.options.{key}", File(value.Location), _diagnostics);
        if (spec?.Literal is not null)
        {
            Report(DiagnosticDescriptors.LiteralCredential, value.Location, middleware.Name, key);
        }

        return spec;
    }
}
