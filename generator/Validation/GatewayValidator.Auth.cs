using System.Globalization;
using System.Text;
using HarmonyGen.Generator.Parsing;
using HarmonyGen.Generator.Spec;

namespace HarmonyGen.Generator.Validation;

/// <summary>
/// <c>basic_auth</c> and <c>jwtauth</c>: options checked at their spans, credentials read as literals or <c>${ENV}</c>
/// references (a literal secret warns, as a mesh's does), key paths as a mesh's key paths.
/// </summary>
internal sealed partial class GatewayValidator
{
    /// <summary>RFC 7518 §3.2; the runtime's token library refuses shorter HS256 keys.</summary>
    private const int MinimumHs256SecretBytes = 32;

    /// <summary>Harmony's <c>leeway_secs.unwrap_or(60)</c>.</summary>
    private const int DefaultLeewaySeconds = 60;

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

    /// <summary>
    /// The spec of a <c>jwtauth</c> middleware, or null when it could not verify a token as Harmony would (reported):
    /// RS256 needs <c>public_key_path</c>; <c>use_hs256 = true</c> needs <c>hs256_secret</c> of at least 32 bytes.
    /// </summary>
    private JwtAuthOptionsSpec? ValidateJwtAuth(MiddlewareTable middleware)
    {
        if (middleware.Options is not JwtAuthOptionsTable options)
        {
            return null;
        }

        string name = middleware.Name;
        bool usable = true;
        ConfigValueSpec? publicKey = null;
        ConfigValueSpec? secret = null;
        if (options.UseHs256 is { Value: true } useHs256)
        {
            if (options.Hs256Secret is null)
            {
                // Harmony falls back to the secret "test-fallback-secret", which its own source publishes.
                Report(DiagnosticDescriptors.Hs256WithoutSecret, useHs256.Location, name);
                usable = false;
            }
            else
            {
                secret = ReadCredential(middleware, options.Hs256Secret, "hs256_secret");
                if (secret?.Literal is { } literal && Encoding.UTF8.GetByteCount(literal) is var bytes && bytes < MinimumHs256SecretBytes)
                {
                    Report(DiagnosticDescriptors.ShortJwtSecret, options.Hs256Secret.Location, name, bytes.ToString(CultureInfo.InvariantCulture));
                    secret = null;
                }

                usable &= secret is not null;
            }

            if (options.PublicKeyPath is { } ignored)
            {
                Report(DiagnosticDescriptors.JwtKeyIgnored, ignored.Location, name, "public_key_path", "use_hs256 = true verifies HS256 tokens with 'hs256_secret'");
            }
        }
        else
        {
            if (options.PublicKeyPath is null)
            {
                // Harmony reads the file "" at start-up and panics.
                Report(DiagnosticDescriptors.JwtWithoutPublicKey, options.Location, name);
                usable = false;
            }
            else
            {
                publicKey = ReadPath(options.PublicKeyPath, $"middleware.{name}.options.public_key_path");
                usable &= publicKey is not null;
            }

            if (options.Hs256Secret is { } ignored)
            {
                Report(DiagnosticDescriptors.JwtKeyIgnored, ignored.Location, name, "hs256_secret", "without use_hs256 = true, tokens are verified as RS256 with 'public_key_path'");
            }
        }

        int leeway = DefaultLeewaySeconds;
        if (options.LeewaySecs is { } written)
        {
            if (written.Value is < 0 or > int.MaxValue)
            {
                // Harmony reads it with as_u64, so a negative one silently becomes the default of 60.
                Report(DiagnosticDescriptors.WrongValueType, written.Location, $"middleware.{name}.options.leeway_secs", "a whole number of seconds, 0 or more", written.Value.ToString(CultureInfo.InvariantCulture));
                usable = false;
            }
            else
            {
                leeway = (int)written.Value;
            }
        }

        return usable
            ? new JwtAuthOptionsSpec { PublicKeyPath = publicKey, Hs256Secret = secret, Issuer = options.Issuer?.Text, Audience = options.Audience?.Text, LeewaySeconds = leeway }
            : null;
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
