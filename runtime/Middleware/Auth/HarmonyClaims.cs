using System;
using System.Buffers;
using System.Text.Json;

namespace HarmonyGen.Middleware.Auth;

/// <summary>
/// The claim types Harmony's JwtAuthMiddleware accepts. After jsonwebtoken has validated a token, Harmony deserialises
/// its payload into a struct of Option&lt;String&gt; <c>sub</c> and <c>iss</c>, Option&lt;i64&gt; <c>exp</c>,
/// <c>nbf</c> and <c>iat</c>, and an <c>aud</c> of any JSON (src/models/middleware/types/jwtauth.rs at 4a412bc8), so a
/// token whose <c>sub</c> is a number, whose <c>iat</c> has a fraction or which repeats one of these names is refused
/// there. The token library here normalises those claims (a numeric <c>sub</c> reads as text), so the payload is read
/// again, without allocating: its JSON is decoded on the stack (or into a pooled buffer, for a large one) and scanned once.
/// </summary>
internal static class HarmonyClaims
{
    /// <summary>Payloads up to this many base64 characters are decoded on the stack (a typical token's are a few hundred).</summary>
    private const int StackLimit = 1024;

    /// <param name="token">A token the library has already validated: three base64url parts.</param>
    /// <param name="refuseAudience">True when no audience is configured: jsonwebtoken 9 then refuses any token with <c>aud</c>.</param>
    public static bool Accepts(string token, bool refuseAudience)
    {
        ReadOnlySpan<char> rest = token.AsSpan(token.IndexOf('.') + 1);
        ReadOnlySpan<char> payload = rest[..rest.IndexOf('.')];

        // base64url to padded base64 in a char buffer, then Convert: System.Buffers.Text.Base64Url allocates per call.
        int padded = (payload.Length + 3) & ~3;
        char[]? rentedChars = padded > StackLimit ? ArrayPool<char>.Shared.Rent(padded) : null;
        byte[]? rentedBytes = padded > StackLimit ? ArrayPool<byte>.Shared.Rent(padded) : null;
        Span<char> base64 = (rentedChars ?? stackalloc char[StackLimit])[..padded];
        Span<byte> json = rentedBytes ?? stackalloc byte[StackLimit];
        try
        {
            for (int i = 0; i < payload.Length; i++)
            {
                char c = payload[i];
                base64[i] = c switch
                {
                    '-' => '+',
                    '_' => '/',
                    '+' or '/' or '=' => '!', // not base64url: make the decode fail
                    _ => c,
                };
            }

            base64[payload.Length..].Fill('=');
            return Convert.TryFromBase64Chars(base64, json, out int written) && Scan(json[..written], refuseAudience);
        }
        finally
        {
            if (rentedChars is not null)
            {
                ArrayPool<char>.Shared.Return(rentedChars);
                ArrayPool<byte>.Shared.Return(rentedBytes!);
            }
        }
    }

    private static bool Scan(ReadOnlySpan<byte> json, bool refuseAudience)
    {
        var reader = new Utf8JsonReader(json);
        int seen = 0;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                int claim = reader.ValueTextEquals("sub"u8) ? 1
                    : reader.ValueTextEquals("iss"u8) ? 2
                    : reader.ValueTextEquals("exp"u8) ? 4
                    : reader.ValueTextEquals("nbf"u8) ? 8
                    : reader.ValueTextEquals("iat"u8) ? 16
                    : reader.ValueTextEquals("aud"u8) ? 32
                    : 0;
                if ((seen & claim) != 0 || (claim == 32 && refuseAudience))
                {
                    return false; // serde refuses a duplicate field; jsonwebtoken an aud nobody asked for
                }

                seen |= claim;
                reader.Read();
                bool typed = claim switch
                {
                    1 or 2 => reader.TokenType is JsonTokenType.String or JsonTokenType.Null,
                    4 or 8 or 16 => reader.TokenType is JsonTokenType.Null || (reader.TokenType is JsonTokenType.Number && reader.TryGetInt64(out _)),
                    _ => true,
                };
                if (!typed)
                {
                    return false;
                }

                reader.Skip();
            }

            return reader.TokenType == JsonTokenType.EndObject;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
