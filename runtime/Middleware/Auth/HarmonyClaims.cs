using System;
using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;

namespace HarmonyGen.Middleware.Auth;

/// <summary>
/// The claim types Harmony's JwtAuthMiddleware accepts. After jsonwebtoken has validated a token, Harmony deserialises
/// its payload into a struct of Option&lt;String&gt; <c>sub</c> and <c>iss</c>, Option&lt;i64&gt; <c>exp</c>,
/// <c>nbf</c> and <c>iat</c>, and an <c>aud</c> of any JSON (src/models/middleware/types/jwtauth.rs at 4a412bc8), so a
/// token whose <c>sub</c> is a number, whose <c>iat</c> has a fraction or which repeats one of these names is refused
/// there. The token library here normalises those claims (a numeric <c>sub</c> reads as text), so the payload is read
/// again, without allocating: its JSON is decoded into a pooled buffer and scanned once.
/// </summary>
internal static class HarmonyClaims
{
    private const int StackLimit = 1024;

    /// <param name="token">A token the library has already validated: three base64url parts.</param>
    /// <param name="refuseAudience">True when no audience is configured: jsonwebtoken 9 then refuses any token with <c>aud</c>.</param>
    public static bool Accepts(string token, bool refuseAudience)
    {
        ReadOnlySpan<char> rest = token.AsSpan(token.IndexOf('.') + 1);
        ReadOnlySpan<char> payload = rest[..rest.IndexOf('.')];
        int size = Base64Url.GetMaxDecodedLength(payload.Length);
        byte[]? rented = size > StackLimit ? ArrayPool<byte>.Shared.Rent(size) : null;
        Span<byte> buffer = rented ?? stackalloc byte[StackLimit];
        try
        {
            return Base64Url.TryDecodeFromChars(payload, buffer, out int written) && Scan(buffer[..written], refuseAudience);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
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
