using System;
using System.Collections.Immutable;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using HarmonyGen.Definitions;
using Microsoft.IdentityModel.Tokens;

namespace HarmonyGen.Runtime.Tests.Infrastructure;

/// <summary>
/// A mesh's key material, made by the test: an HS256 secret of 48 random characters (read through the gateway's
/// <c>${ENV}</c> hook, never written in a definition), or an RSA-2048 key pair written as PEM files to a temp dir.
/// </summary>
internal sealed class MeshKeys
{
    private static readonly Lazy<string> KeyDirectory = new(() =>
    {
        string dir = Path.Combine(Path.GetTempPath(), "harmonygen-runtime-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        return dir;
    });

    // RSA-2048 generation takes a noticeable fraction of a second on a small machine: two pairs serve every test.
    private static readonly Lazy<MeshKeys> SharedRs256 = new(() => CreateRs256());
    private static readonly Lazy<MeshKeys> SharedOtherRs256 = new(() => CreateRs256());
    private static readonly Lazy<MeshKeys> SharedThirdRs256 = new(() => CreateRs256());

    private MeshKeys(MeshAlgorithm algorithm, string? secret, RSA? rsa, string? privatePemPath, string? publicPemPath, string? publicPem)
    {
        Algorithm = algorithm;
        Secret = secret;
        Rsa = rsa;
        PrivateKeyPath = privatePemPath;
        PublicKeyPath = publicPemPath;
        PublicKeyPem = publicPem;
        SecretVariable = "HG_TEST_MESH_SECRET_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
    }

    public MeshAlgorithm Algorithm { get; }

    /// <summary>The HS256 secret; null for RS256.</summary>
    public string? Secret { get; }

    /// <summary>The RS256 key pair; null for HS256.</summary>
    public RSA? Rsa { get; }

    public string? PrivateKeyPath { get; }

    public string? PublicKeyPath { get; }

    public string? PublicKeyPem { get; }

    /// <summary>The environment variable the definitions name for the HS256 secret.</summary>
    public string SecretVariable { get; }

    /// <summary>The <c>kid</c> a gateway puts on RS256 tokens: base64url of the first 16 bytes of SHA-256(SubjectPublicKeyInfo).</summary>
    public string? KeyId => Rsa is null ? null : Base64UrlEncoder.Encode(SHA256.HashData(Rsa.ExportSubjectPublicKeyInfo()).AsSpan(0, 16).ToArray());

    public static MeshKeys Create(MeshAlgorithm algorithm) => algorithm == MeshAlgorithm.HS256 ? Hs256() : SharedRs256.Value;

    /// <summary>Keys of the same algorithm that are not this mesh's: a "wrong secret" or "wrong private key".</summary>
    public static MeshKeys Other(MeshAlgorithm algorithm) => algorithm == MeshAlgorithm.HS256 ? Hs256() : SharedOtherRs256.Value;

    /// <summary>Keys of the same algorithm that are neither <see cref="Create"/>'s nor <see cref="Other"/>'s.</summary>
    public static MeshKeys Third(MeshAlgorithm algorithm) => algorithm == MeshAlgorithm.HS256 ? Hs256() : SharedThirdRs256.Value;

    public static MeshKeys Hs256()
    {
        // 48 characters from a 64-symbol alphabet: 36 bytes of entropy, above RFC 7518's 32-byte minimum.
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var secret = new StringBuilder();
        foreach (byte b in RandomNumberGenerator.GetBytes(48))
        {
            secret.Append(alphabet[b % alphabet.Length]);
        }

        return new MeshKeys(MeshAlgorithm.HS256, secret.ToString(), null, null, null, null);
    }

    private static MeshKeys CreateRs256()
    {
        RSA rsa = RSA.Create(2048);
        string name = Guid.NewGuid().ToString("N")[..8];
        string privatePath = Path.Combine(KeyDirectory.Value, name + "-private.pem");
        string publicPath = Path.Combine(KeyDirectory.Value, name + "-public.pem");
        string publicPem = rsa.ExportSubjectPublicKeyInfoPem();
        File.WriteAllText(privatePath, rsa.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(publicPath, publicPem);
        return new MeshKeys(MeshAlgorithm.RS256, null, rsa, privatePath, publicPath, publicPem);
    }

    /// <summary>The <c>${ENV}</c> lookup a gateway of this mesh gets in its options.</summary>
    public string? Environment(string name) => name == SecretVariable ? Secret : null;

    /// <summary>
    /// The mesh as a member that signs (holds the secret, or the private and public key) declares it.
    /// </summary>
    public MeshDefinition Signer(string name, string[]? ingresses = null, string[]? egresses = null, string[]? remoteIngresses = null, bool enabled = true, string? id = null) =>
        Define(name, ingresses, egresses, remoteIngresses, enabled, id, signs: true);

    /// <summary>The mesh as a member that only verifies (the secret, or the public key alone) declares it.</summary>
    public MeshDefinition Verifier(string name, string[]? ingresses = null, string[]? egresses = null, string[]? remoteIngresses = null, bool enabled = true, string? id = null) =>
        Define(name, ingresses, egresses, remoteIngresses, enabled, id, signs: false);

    /// <summary>
    /// <paramref name="mesh"/> in the middle of a key rotation: these keys are its previous ones (HS256: the secret,
    /// read through this instance's <c>${ENV}</c> variable; RS256: the public key file).
    /// </summary>
    public MeshDefinition AsPreviousOf(MeshDefinition mesh) => Algorithm == MeshAlgorithm.HS256
        ? mesh with { PreviousSecret = ConfigValue.FromEnvironment(SecretVariable, $"mesh.{mesh.Name}.jwt_previous_secret (test)") }
        : mesh with { PreviousPublicKeyPath = ConfigValue.FromLiteral(PublicKeyPath!, $"mesh.{mesh.Name}.jwt_previous_public_key_path (test)") };

    private MeshDefinition Define(string name, string[]? ingresses, string[]? egresses, string[]? remoteIngresses, bool enabled, string? id, bool signs)
    {
        bool hs = Algorithm == MeshAlgorithm.HS256;
        return new MeshDefinition(
            Name: name,
            MeshId: id ?? name,
            Provider: MeshProvider.Local,
            Type: TransportType.Http,
            Algorithm: Algorithm,
            SharedSecret: hs ? ConfigValue.FromEnvironment(SecretVariable, $"mesh.{name}.jwt_secret (test)") : null,
            PrivateKeyPath: !hs && signs ? ConfigValue.FromLiteral(PrivateKeyPath!, $"mesh.{name}.jwt_private_key_path (test)") : null,
            PublicKeyPath: hs ? null : ConfigValue.FromLiteral(PublicKeyPath!, $"mesh.{name}.jwt_public_key_path (test)"),
            JwksUrl: null,
            Ingresses: (ingresses ?? Array.Empty<string>()).ToImmutableArray(),
            RemoteIngresses: (remoteIngresses ?? Array.Empty<string>()).ToImmutableArray(),
            Egresses: (egresses ?? Array.Empty<string>()).ToImmutableArray(),
            ProviderReferences: ImmutableArray<ProviderReference>.Empty,
            Enabled: enabled,
            Description: "test mesh");
    }
}
