using System;
using System.Security.Cryptography;
using HarmonyGen.Generator.Parsing;
using Xunit;

namespace HarmonyGen.Generator.Tests;

/// <summary>
/// The key reader the mesh contract compares keys with: every PEM form the runtime's <c>RSA.ImportFromPem</c> reads
/// gives one identity per key pair, anything else a reason, and no input (mutated PEM or DER) makes it throw.
/// </summary>
public sealed class RsaKeyReaderTests
{
    private static readonly RSA s_key = RSA.Create(2048);

    [Fact]
    public void Every_PEM_form_of_one_key_pair_has_one_identity()
    {
        string[] forms =
        {
            s_key.ExportSubjectPublicKeyInfoPem(),
            s_key.ExportRSAPublicKeyPem(),
            s_key.ExportPkcs8PrivateKeyPem(),
            s_key.ExportRSAPrivateKeyPem(),
            // Text around the block, and a certificate-like block of another label, are ignored as the runtime ignores them.
            "comment line\n" + s_key.ExportSubjectPublicKeyInfoPem() + "\n-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
        };

        string? identity = RsaKeyReader.Read("k.pem", forms[0]).PublicKey;
        Assert.NotNull(identity);
        Assert.All(forms, f => Assert.Equal(identity, RsaKeyReader.Read("k.pem", f).PublicKey));

        using RSA other = RSA.Create(2048);
        Assert.NotEqual(identity, RsaKeyReader.Read("k.pem", other.ExportSubjectPublicKeyInfoPem()).PublicKey);

        // The identity is a digest: neither the modulus nor any private part appears in it.
        string modulus = Convert.ToHexString(s_key.ExportParameters(false).Modulus!).ToLowerInvariant();
        Assert.DoesNotContain(modulus.Substring(0, 16), identity, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "holds no PEM key (BEGIN PUBLIC KEY, PRIVATE KEY, RSA PUBLIC KEY or RSA PRIVATE KEY)")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "holds no PEM key (BEGIN PUBLIC KEY, PRIVATE KEY, RSA PUBLIC KEY or RSA PRIVATE KEY)")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nAAAA\n", "holds no PEM key (BEGIN PUBLIC KEY, PRIVATE KEY, RSA PUBLIC KEY or RSA PRIVATE KEY)")]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----\n", "holds an encrypted private key, which the runtime cannot read without a password")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nMAA=\n-----END PRIVATE KEY-----\n", "has a PRIVATE KEY block that is not an RSA key in DER form")]
    public void A_file_without_one_readable_RSA_key_says_why(string text, string why)
    {
        KeyFile file = RsaKeyReader.Read("k.pem", text);
        Assert.Null(file.PublicKey);
        Assert.Equal(why, file.Unreadable);
    }

    [Fact]
    public void Two_keys_in_one_file_are_refused_as_the_runtime_refuses_them()
    {
        KeyFile file = RsaKeyReader.Read("k.pem", s_key.ExportSubjectPublicKeyInfoPem() + s_key.ExportRSAPublicKeyPem());
        Assert.Equal("holds more than one PEM key, which the runtime refuses", file.Unreadable);
    }

    [Fact]
    public void Mutated_keys_never_throw_and_always_give_an_identity_or_a_reason()
    {
        var random = new Random(20261203);
        string identity = RsaKeyReader.Read("k.pem", s_key.ExportPkcs8PrivateKeyPem()).PublicKey!;
        byte[][] ders = { s_key.ExportSubjectPublicKeyInfo(), s_key.ExportRSAPublicKey(), s_key.ExportPkcs8PrivateKey(), s_key.ExportRSAPrivateKey() };
        string[] labels = { "PUBLIC KEY", "RSA PUBLIC KEY", "PRIVATE KEY", "RSA PRIVATE KEY" };
        int readable = 0;
        for (int round = 0; round < 4000; round++)
        {
            int form = round % ders.Length;
            byte[] der = (byte[])ders[form].Clone();
            int cut = der.Length;
            switch (random.Next(4))
            {
                case 0: // flip one byte of the structure (tags and lengths live in the first bytes of each element)
                    der[random.Next(Math.Min(der.Length, 40))] ^= (byte)(1 + random.Next(255));
                    break;
                case 1: // truncate
                    cut = random.Next(der.Length);
                    break;
                case 2: // flip a byte anywhere
                    der[random.Next(der.Length)] ^= (byte)(1 + random.Next(255));
                    break;
                default: // an impossible length
                    der[1 + random.Next(3)] = 0xFF;
                    break;
            }

            string pem = PemEncoding.WriteString(labels[form], der.AsSpan(0, cut));
            KeyFile file = RsaKeyReader.Read("k.pem", pem);
            Assert.True((file.PublicKey is null) != (file.Unreadable is null), "exactly one of identity and reason");
            if (file.PublicKey is not null)
            {
                readable++;
            }

            // A mutated text never throws either, whatever it cuts.
            string text = pem.Remove(random.Next(pem.Length), 1);
            _ = RsaKeyReader.Read("k.pem", text);
        }

        // Some mutations (inside the modulus or a private part) still read as a key; structural ones never do.
        Assert.InRange(readable, 1, 3999);
        Assert.Equal(identity, RsaKeyReader.Read("k.pem", s_key.ExportSubjectPublicKeyInfoPem()).PublicKey);
    }
}
