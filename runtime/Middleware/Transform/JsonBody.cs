using System;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Primitives;

namespace HarmonyGen.Middleware.Transform;

/// <summary>
/// What a transform reads and writes: a JSON body, recognised by its media type, parsed into a <see cref="JsonNode"/>
/// and written back with a <see cref="Utf8JsonWriter"/> (no reflection-based serialisation, so NativeAOT-clean).
/// </summary>
internal static class JsonBody
{
    // serde_json (Harmony) writes UTF-8 as it is; the default encoder would escape every non-ASCII character and '+'.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    /// <summary>True for <c>application/json</c> and any <c>type/subtype+json</c> (FHIR's, DICOM's), parameters ignored.</summary>
    public static bool IsJsonMediaType(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return false;
        }

        ReadOnlySpan<char> media = contentType.AsSpan();
        int parameters = media.IndexOf(';');
        media = (parameters >= 0 ? media[..parameters] : media).Trim();
        return media.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (media.IndexOf('/') > 0 && media.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>True when a <c>Content-Encoding</c> leaves the bytes as they are: absent, or only <c>identity</c>.</summary>
    public static bool IsIdentity(StringValues contentEncoding)
    {
        foreach (string? value in contentEncoding)
        {
            foreach (string coding in (value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!coding.Equals("identity", StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Parses a whole body; false when it is not one JSON value. <paramref name="node"/> is null for JSON <c>null</c>.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out JsonNode? node)
    {
        try
        {
            node = JsonNode.Parse(utf8);
            return true;
        }
        catch (JsonException)
        {
            node = null;
            return false;
        }
    }

    /// <summary>The body <paramref name="node"/> makes, compact, in a pooled buffer the caller disposes.</summary>
    public static PooledBuffer Write(JsonNode? node, int expectedLength)
    {
        var output = new PooledBuffer(expectedLength);
        using var writer = new Utf8JsonWriter(output, WriterOptions);
        if (node is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            node.WriteTo(writer);
        }

        writer.Flush();
        return output;
    }
}
