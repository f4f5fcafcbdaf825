using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using HarmonyGen.Definitions;
using Microsoft.IdentityModel.Tokens;

namespace HarmonyGen.Tokens;

/// <summary>
/// JWT key material read at start-up, for mesh tokens and for <c>jwtauth</c> alike: an HS256 secret (literal or
/// <c>${ENV}</c>) and a PEM RSA key file. Errors name the TOML key, never the secret.
/// </summary>
internal static class TokenKeys
{
    /// <summary>The shortest HS256 secret, in UTF-8 bytes (RFC 7518 §3.2).</summary>
    public const int MinimumSecretBytes = 32;

    public static SymmetricSecurityKey ReadHs256Secret(ConfigValue value, Func<string, string?> environment)
    {
        byte[] secret = Encoding.UTF8.GetBytes(value.Resolve(environment));

        // RFC 7518 §3.2, and the token library refuses shorter HS256 keys when it signs or verifies. A `${ENV}`
        // secret cannot be measured at build time, so this is where a short one is found: stop here, naming the
        // key (never the secret), rather than fail every request with a 500.
        if (secret.Length < MinimumSecretBytes)
        {
            throw new InvalidOperationException(
                $"The HS256 secret of {value.TomlKey} is {secret.Length} bytes; it needs at least {MinimumSecretBytes} (RFC 7518 §3.2).");
        }

        return new SymmetricSecurityKey(secret) { KeyId = null };
    }

    /// <summary>An RSA key from a PEM file (PKCS#1 or SubjectPublicKeyInfo, or a private key), looked up as <see cref="ConfigValue.ResolvePath"/> says.</summary>
    public static RSA ReadRsa(ConfigValue path, Func<string, string?> environment)
    {
        string file = path.ResolvePath(environment);
        try
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(File.ReadAllText(file));
            return rsa;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or CryptographicException)
        {
            throw new InvalidOperationException($"Cannot read the PEM key '{file}' named by {path.TomlKey}: {ex.Message}", ex);
        }
    }
}
