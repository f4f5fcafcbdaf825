using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;

namespace HarmonyGen.Generator.Parsing;

/// <summary>
/// A key file as the mesh contract compares it: the identity of the RSA public key it holds or is the private half
/// of, or why it has none. Only a digest of the public half (modulus and exponent) is kept, so no private material
/// outlives the read and a message can never print key bytes.
/// </summary>
/// <param name="Path">The file's normalised path, as <see cref="PathText.Normalize"/> gives it.</param>
/// <param name="PublicKey">A digest of the RSA public key (n, e); equal for a private key and its public half.</param>
/// <param name="Unreadable">Why the file yields no RSA key, phrased to follow "the file ...".</param>
internal sealed record KeyFile(string Path, string? PublicKey, string? Unreadable);

/// <summary>
/// Reads PEM files as the runtime's <c>RSA.ImportFromPem</c> does: exactly one block labelled PUBLIC KEY,
/// RSA PUBLIC KEY, PRIVATE KEY or RSA PRIVATE KEY; other blocks are ignored, and an encrypted key is refused. The DER
/// inside is walked strictly (definite lengths, in bounds, the rsaEncryption OID) and never throws: a file that is not
/// a key is a reason, not an exception.
/// </summary>
internal static class RsaKeyReader
{
    /// <summary>1.2.840.113549.1.1.1, rsaEncryption, as DER content bytes.</summary>
    private static readonly byte[] s_rsaEncryption = { 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01 };

    private static readonly string[] s_labels = { "PUBLIC KEY", "RSA PUBLIC KEY", "PRIVATE KEY", "RSA PRIVATE KEY", "ENCRYPTED PRIVATE KEY" };

    public static KeyFile Read(string path, string text)
    {
        List<(string Label, string Body)> blocks = PemBlocks(text);
        if (blocks.Count == 0)
        {
            return new KeyFile(path, null, "holds no PEM key (BEGIN PUBLIC KEY, PRIVATE KEY, RSA PUBLIC KEY or RSA PRIVATE KEY)");
        }

        if (blocks.Count > 1)
        {
            return new KeyFile(path, null, "holds more than one PEM key, which the runtime refuses");
        }

        (string label, string body) = blocks[0];
        if (label == "ENCRYPTED PRIVATE KEY" || body.IndexOf(':') >= 0)
        {
            // PKCS#8 EncryptedPrivateKeyInfo, or legacy "Proc-Type: 4,ENCRYPTED" headers: no password is configured.
            return new KeyFile(path, null, "holds an encrypted private key, which the runtime cannot read without a password");
        }

        byte[] der;
        try
        {
            der = Convert.FromBase64String(body);
        }
        catch (FormatException)
        {
            return new KeyFile(path, null, $"has a {label} block that is not valid base64");
        }

        Segment modulus = default, exponent = default;
        var reader = new DerReader(der);
        bool read = label switch
        {
            "RSA PUBLIC KEY" => reader.RsaPublicKey(out modulus, out exponent),
            "PUBLIC KEY" => reader.SubjectPublicKeyInfo(out modulus, out exponent),
            "RSA PRIVATE KEY" => reader.RsaPrivateKey(out modulus, out exponent),
            _ => reader.PrivateKeyInfo(out modulus, out exponent),
        };

        if (!read || !Identity(der, modulus, exponent, out string? identity))
        {
            return new KeyFile(path, null, $"has a {label} block that is not an RSA key in DER form");
        }

        return new KeyFile(path, identity, null);
    }

    /// <summary>The recognised blocks, with their base64 bodies (whitespace removed).</summary>
    private static List<(string Label, string Body)> PemBlocks(string text)
    {
        var blocks = new List<(string, string)>();
        int at = 0;
        while ((at = text.IndexOf("-----BEGIN ", at, StringComparison.Ordinal)) >= 0)
        {
            int labelStart = at + "-----BEGIN ".Length;
            int labelEnd = text.IndexOf("-----", labelStart, StringComparison.Ordinal);
            if (labelEnd < 0)
            {
                break;
            }

            string label = text.Substring(labelStart, labelEnd - labelStart);
            string end = "-----END " + label + "-----";
            int bodyStart = labelEnd + 5;
            int endAt = text.IndexOf(end, bodyStart, StringComparison.Ordinal);
            if (endAt < 0)
            {
                break;
            }

            if (Array.IndexOf(s_labels, label) >= 0)
            {
                var body = new StringBuilder(endAt - bodyStart);
                for (int i = bodyStart; i < endAt; i++)
                {
                    if (!char.IsWhiteSpace(text[i]))
                    {
                        body.Append(text[i]);
                    }
                }

                blocks.Add((label, body.ToString()));
            }

            at = endAt + end.Length;
        }

        return blocks;
    }

    /// <summary>SHA-256 over the modulus and exponent without sign padding: one value per public key, whatever the file form.</summary>
    private static bool Identity(byte[] der, Segment n, Segment e, out string? identity)
    {
        identity = null;
        Segment modulus = n.TrimLeadingZeros(der);
        Segment exponent = e.TrimLeadingZeros(der);
        if (modulus.Length < 64 || exponent.Length == 0)
        {
            return false; // under 512 bits is no RSA key anyone signs with; an empty integer is malformed
        }

        byte[] material = new byte[4 + modulus.Length + exponent.Length];
        material[0] = (byte)(modulus.Length >> 24);
        material[1] = (byte)(modulus.Length >> 16);
        material[2] = (byte)(modulus.Length >> 8);
        material[3] = (byte)modulus.Length;
        Buffer.BlockCopy(der, modulus.Start, material, 4, modulus.Length);
        Buffer.BlockCopy(der, exponent.Start, material, 4 + modulus.Length, exponent.Length);
        using SHA256 sha = SHA256.Create();
        byte[] digest = sha.ComputeHash(material);
        var hex = new StringBuilder("rsa-sha256:", 11 + 64);
        foreach (byte b in digest)
        {
            hex.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }

        identity = hex.ToString();
        return true;
    }

    /// <summary>A run of bytes in the DER buffer.</summary>
    private readonly struct Segment
    {
        public Segment(int start, int length)
        {
            Start = start;
            Length = length;
        }

        public int Start { get; }

        public int Length { get; }

        public Segment TrimLeadingZeros(byte[] der)
        {
            int start = Start, length = Length;
            while (length > 0 && der[start] == 0)
            {
                start++;
                length--;
            }

            return new Segment(start, length);
        }
    }

    /// <summary>A forward-only DER reader over one buffer: each read checks its tag and stays within its parent.</summary>
    private struct DerReader
    {
        private const byte Integer = 0x02, BitString = 0x03, OctetString = 0x04, Null = 0x05, ObjectId = 0x06, Sequence = 0x30;

        private readonly byte[] _der;
        private int _at;
        private readonly int _end;

        public DerReader(byte[] der)
            : this(der, 0, der.Length)
        {
        }

        private DerReader(byte[] der, int start, int end)
        {
            _der = der;
            _at = start;
            _end = end;
        }

        public bool AtEnd => _at == _end;

        /// <summary>RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } (RFC 8017).</summary>
        public bool RsaPublicKey(out Segment n, out Segment e)
        {
            n = e = default;
            return Read(Sequence, out DerReader key) && key.Read(Integer, out n) && key.Read(Integer, out e) && key.AtEnd && AtEnd;
        }

        /// <summary>SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING } (RFC 5280).</summary>
        public bool SubjectPublicKeyInfo(out Segment n, out Segment e)
        {
            n = e = default;
            if (!Read(Sequence, out DerReader info) || !info.RsaAlgorithm() || !info.Read(BitString, out Segment bits) || !info.AtEnd || !AtEnd)
            {
                return false;
            }

            // The first content byte of a BIT STRING counts unused bits; a key is whole bytes.
            if (bits.Length < 1 || _der[bits.Start] != 0)
            {
                return false;
            }

            return new DerReader(_der, bits.Start + 1, bits.Start + bits.Length).RsaPublicKey(out n, out e);
        }

        /// <summary>RSAPrivateKey ::= SEQUENCE { version, modulus, publicExponent, privateExponent, ... } (RFC 8017).</summary>
        public bool RsaPrivateKey(out Segment n, out Segment e)
        {
            n = e = default;
            return Read(Sequence, out DerReader key) && key.Read(Integer, out Segment _) && key.Read(Integer, out n) && key.Read(Integer, out e) && AtEnd;
        }

        /// <summary>PrivateKeyInfo ::= SEQUENCE { version, privateKeyAlgorithm, privateKey OCTET STRING, ... } (RFC 5208).</summary>
        public bool PrivateKeyInfo(out Segment n, out Segment e)
        {
            n = e = default;
            if (!Read(Sequence, out DerReader info) || !info.Read(Integer, out Segment _) || !info.RsaAlgorithm() || !info.Read(OctetString, out Segment key) || !AtEnd)
            {
                return false;
            }

            return new DerReader(_der, key.Start, key.Start + key.Length).RsaPrivateKey(out n, out e);
        }

        /// <summary>AlgorithmIdentifier for rsaEncryption: the OID, then NULL parameters or none.</summary>
        private bool RsaAlgorithm()
        {
            if (!Read(Sequence, out DerReader algorithm) || !algorithm.Read(ObjectId, out Segment oid) || oid.Length != s_rsaEncryption.Length)
            {
                return false;
            }

            for (int i = 0; i < oid.Length; i++)
            {
                if (_der[oid.Start + i] != s_rsaEncryption[i])
                {
                    return false;
                }
            }

            return algorithm.AtEnd || (algorithm.Read(Null, out Segment parameters) && parameters.Length == 0 && algorithm.AtEnd);
        }

        private bool Read(byte tag, out DerReader inner)
        {
            bool read = Read(tag, out Segment content);
            inner = read ? new DerReader(_der, content.Start, content.Start + content.Length) : default;
            return read;
        }

        private bool Read(byte tag, out Segment content)
        {
            content = default;
            if (_at + 2 > _end || _der[_at] != tag)
            {
                return false;
            }

            int at = _at + 1;
            int length = _der[at++];
            if (length >= 0x80)
            {
                // Long form: 1 to 3 length bytes is room for any key; 0x80 (indefinite) is not DER.
                int count = length & 0x7F;
                if (count == 0 || count > 3 || at + count > _end)
                {
                    return false;
                }

                length = 0;
                for (int i = 0; i < count; i++)
                {
                    length = (length << 8) | _der[at++];
                }
            }

            if (length > _end - at)
            {
                return false;
            }

            content = new Segment(at, length);
            _at = at + length;
            return true;
        }
    }
}
