using System;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using HarmonyGen.Definitions;
using Microsoft.IdentityModel.Tokens;

namespace HarmonyGen.Runtime.Tests.Infrastructure;

/// <summary>
/// Hand-made JWTs, so an attack test controls every byte: the header, the payload JSON (claims of any type) and
/// the signature (HMAC with any key, RSA with any key, or none).
/// </summary>
internal static class Jwt
{
    public static string Encode(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));

    public static string Decode(string segment) => Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(segment));

    /// <summary>The claims a correct mesh token carries (SPEC §4).</summary>
    public static JsonObject Claims(string mesh, string audience, DateTimeOffset now, string sender = "upstream", string? meshId = null) => new()
    {
        ["iss"] = mesh,
        ["sub"] = sender,
        ["aud"] = audience,
        ["iat"] = now.ToUnixTimeSeconds(),
        ["exp"] = now.ToUnixTimeSeconds() + 300,
        ["mesh_id"] = meshId ?? mesh,
    };

    /// <summary>Signs <paramref name="payload"/> as the mesh's own algorithm with <paramref name="keys"/>.</summary>
    public static string Sign(MeshKeys keys, JsonNode payload) =>
        keys.Algorithm == MeshAlgorithm.HS256 ? Hs256(Encoding.UTF8.GetBytes(keys.Secret!), payload.ToJsonString()) : Rs256(keys.Rsa!, keys.KeyId!, payload.ToJsonString());

    public static string Hs256(byte[] key, string payloadJson, string? kid = null)
    {
        var header = new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT" };
        if (kid is not null)
        {
            header["kid"] = kid;
        }

        string signingInput = Encode(header.ToJsonString()) + "." + Encode(payloadJson);
        byte[] signature = HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64UrlEncoder.Encode(signature);
    }

    public static string Rs256(RSA key, string kid, string payloadJson)
    {
        string signingInput = Encode(new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT", ["kid"] = kid }.ToJsonString()) + "." + Encode(payloadJson);
        byte[] signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64UrlEncoder.Encode(signature);
    }

    /// <summary>An unsigned token: <c>{"alg":"none"}</c> and an empty signature.</summary>
    public static string None(string payloadJson) =>
        Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + Encode(payloadJson) + ".";

    /// <summary>The token with its payload replaced (valid base64url JSON) and the original signature kept.</summary>
    public static string ReplacePayload(string token, Func<string, string> change)
    {
        string[] parts = token.Split('.');
        return parts[0] + "." + Encode(change(Decode(parts[1]))) + "." + parts[2];
    }
}
