using System;
using System.Security.Cryptography;
using HarmonyGen.Providers;
using HarmonyGen.Definitions;
using HarmonyGen.Tokens;
using Microsoft.IdentityModel.Tokens;

namespace HarmonyGen.Mesh;

/// <summary>
/// One mesh's key material, loaded once at start-up: the signing credentials for egress tokens and the validation
/// parameters for ingress tokens. Secrets come from the TOML or the environment; PEM files are read here, never
/// compiled in.
/// </summary>
internal sealed class MeshCredentials
{
    /// <summary>Tokens live this long (SPEC: exp = iat + 300).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(300);

    /// <summary>The shortest HS256 secret, in UTF-8 bytes (RFC 7518 §3.2).</summary>
    public const int MinimumSecretBytes = TokenKeys.MinimumSecretBytes;

    /// <summary>Clock skew tolerated on exp and iat.</summary>
    public static readonly TimeSpan Leeway = TimeSpan.FromSeconds(60);

    private MeshCredentials(MeshDefinition mesh, JwksKeyStore providerKeys)
    {
        Mesh = mesh;
        Algorithm = SecurityAlgorithms.RsaSha256;
        ProviderKeys = providerKeys;

        // The key is the provider's, found by the token's kid for each new token; the checks are a local mesh's but for
        // iss. A provider's token names the provider as its iss (Runbeam: its API's URL), not the mesh: the provider's
        // signature and the mesh_id claim say which mesh it is for, as in Harmony, which does not check iss either.
        ValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = Leeway,
            ValidateIssuerSigningKey = true,
            ValidAlgorithms = new[] { Algorithm },
        };
    }

    /// <param name="previousKey">The key being rotated out: accepted when verifying, never used to sign.</param>
    private MeshCredentials(MeshDefinition mesh, SecurityKey? signingKey, SecurityKey? verifyingKey, SecurityKey? previousKey)
    {
        Mesh = mesh;
        Algorithm = mesh.Algorithm == MeshAlgorithm.HS256 ? SecurityAlgorithms.HmacSha256 : SecurityAlgorithms.RsaSha256;
        SigningCredentials = signingKey is null ? null : new SigningCredentials(signingKey, Algorithm);
        if (verifyingKey is not null)
        {
            ValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = mesh.Name,
                ValidateIssuer = true,
                ValidateAudience = false, // aud is optional; when present it is checked against the ingress origin
                ValidateLifetime = true,
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                ClockSkew = Leeway,
                // RS256 tokens carry a kid and find their key by it; HS256 tokens carry none, so each key is tried
                // (the current one first). Either way both keys are of the mesh's one algorithm.
                IssuerSigningKeys = KeysOf(verifyingKey, previousKey),
                ValidateIssuerSigningKey = true,
                ValidAlgorithms = new[] { Algorithm }, // never 'none', never HS256 keyed with an RSA key
                TryAllIssuerSigningKeys = true,
            };
        }
    }

    public MeshDefinition Mesh { get; }

    /// <summary>JWS algorithm name of the mesh: HS256 or RS256.</summary>
    public string Algorithm { get; }

    /// <summary>Present when this gateway can sign (it has the secret or the private key).</summary>
    public SigningCredentials? SigningCredentials { get; }

    /// <summary>
    /// Present when this gateway can verify (it has the secret or the public key, or the mesh is a provider's). For a
    /// provider mesh it holds no key: the key comes from <see cref="ProviderKeys"/> by the token's kid.
    /// </summary>
    public TokenValidationParameters? ValidationParameters { get; }

    /// <summary>For a provider mesh, the JWKS its tokens are verified against; null for a local mesh.</summary>
    public JwksKeyStore? ProviderKeys { get; }

    /// <summary>A provider mesh: tokens come from the provider, keys from its JWKS.</summary>
    public static MeshCredentials ForProvider(MeshDefinition mesh, JwksKeyStore keys) => new(mesh, keys);

    /// <summary>
    /// Loads the mesh's keys. Relative key paths are looked up beside the application first, then in the working
    /// directory. Throws with the TOML key named when a variable is missing or a file cannot be read.
    /// </summary>
    public static MeshCredentials Load(MeshDefinition mesh, Func<string, string?> environment)
    {
        if (mesh.Provider != MeshProvider.Local)
        {
            return new MeshCredentials(mesh, null, null, null);
        }

        if (mesh.SharedSecret is { } secretValue)
        {
            var key = TokenKeys.ReadHs256Secret(secretValue, environment);
            SecurityKey? previous = mesh.PreviousSecret is null ? null : TokenKeys.ReadHs256Secret(mesh.PreviousSecret, environment);
            return new MeshCredentials(mesh, key, key, previous);
        }

        RSA? privateKey = mesh.PrivateKeyPath is null ? null : TokenKeys.ReadRsa(mesh.PrivateKeyPath, environment);
        RSA? publicKey = mesh.PublicKeyPath is null ? null : TokenKeys.ReadRsa(mesh.PublicKeyPath, environment);
        string keyId = KeyId(publicKey ?? privateKey);

        // The signing kid is the private key's own, not the configured public key's: during a rotation a member may
        // already sign with the new private key while its jwt_public_key_path still names the old public key.
        SecurityKey? signing = privateKey is null ? null : new RsaSecurityKey(privateKey) { KeyId = KeyId(privateKey) };
        SecurityKey? verifying = publicKey is not null
            ? new RsaSecurityKey(publicKey) { KeyId = keyId }
            : privateKey is null ? null : new RsaSecurityKey(privateKey.ExportParameters(false)) { KeyId = keyId };
        RSA? previousKey = mesh.PreviousPublicKeyPath is null ? null : TokenKeys.ReadRsa(mesh.PreviousPublicKeyPath, environment);
        SecurityKey? previousVerifying = previousKey is null ? null : new RsaSecurityKey(previousKey) { KeyId = KeyId(previousKey) };
        return new MeshCredentials(mesh, signing, verifying, previousVerifying);
    }

    /// <summary>The verification keys, current first, absent ones left out (with none, every token is refused).</summary>
    private static SecurityKey[] KeysOf(SecurityKey? current, SecurityKey? previous) =>
        (current, previous) switch
        {
            (null, null) => Array.Empty<SecurityKey>(),
            (null, { } p) => new[] { p },
            ({ } c, null) => new[] { c },
            ({ } c, { } p) => new[] { c, p },
        };

    /// <summary>A stable key id: the base64url SHA-256 of the public key, so every member computes the same <c>kid</c>.</summary>
    private static string KeyId(RSA? rsa)
    {
        if (rsa is null)
        {
            return string.Empty;
        }

        byte[] hash = SHA256.HashData(rsa.ExportSubjectPublicKeyInfo());
        return Base64UrlEncoder.Encode(hash.AsSpan(0, 16).ToArray());
    }
}
