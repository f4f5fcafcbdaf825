using System;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HarmonyGen.Transforms;

/// <summary>
/// A value a compiled modify operation computes: present (possibly JSON null) or missing, the three states of Java
/// JOLT's Optional. A missing value is written nowhere; reading through a missing value, a key an object lacks or an
/// index an array lacks is missing too, as Java JOLT's modify reads (it never fails a transform). The one read that
/// fails is <see cref="Context"/>, as harmony-jolt's <c>^key</c> does.
/// </summary>
public readonly struct JoltArg
{
    private JoltArg(bool present, JsonNode? value)
    {
        Present = present;
        Value = value;
    }

    /// <summary>Nothing: the write it would feed is skipped.</summary>
    public static JoltArg Missing => default;

    /// <summary>Whether there is a value (JSON null counts).</summary>
    public bool Present { get; }

    /// <summary>The value; null for JSON null, and when missing.</summary>
    public JsonNode? Value { get; }

    /// <summary>A value that is there (a node of the input, or a new one).</summary>
    public static JoltArg Of(JsonNode? value) => new(true, value);

    /// <summary>Member <paramref name="key"/> of the object here; for an array, the element the key names as a number.</summary>
    public JoltArg Key(string? key)
    {
        if (!Present || key is null)
        {
            return Missing;
        }

        return Value switch
        {
            JsonObject obj => obj.TryGetPropertyValue(key, out JsonNode? found) ? Of(found) : Missing,
            JsonArray => Index(ParseIndex(key)),
            _ => Missing,
        };
    }

    /// <summary>Element <paramref name="index"/> of the array here.</summary>
    public JoltArg Index(int index) =>
        Present && Value is JsonArray array && (uint)index < (uint)array.Count ? Of(array[index]) : Missing;

    /// <summary>
    /// <c>^key</c>: member <paramref name="key"/> of the <c>"context"</c> member of the modify's input. harmony-jolt
    /// (FunctionArg::ContextRef) fails the transform when either is not there, so this throws rather than give nothing.
    /// </summary>
    public static JoltArg Context(JsonNode? root, string key)
    {
        if (root is not JsonObject obj || !obj.TryGetPropertyValue("context", out JsonNode? context))
        {
            throw new JoltTransformException($"'^{key}' reads the input's \"context\" member, which it does not have");
        }

        return context is JsonObject members && members.TryGetPropertyValue(key, out JsonNode? found)
            ? Of(found)
            : throw new JoltTransformException($"'^{key}' reads key '{key}' of the input's \"context\", which it does not have");
    }

    /// <summary>A copy that can be written into the document (a node has one parent).</summary>
    public JoltArg Cloned() => Present ? Of(Value?.DeepClone()) : Missing;

    /// <summary>The pieces of a composite key, joined; null when a reference among them did not resolve.</summary>
    public static string? Join(ReadOnlySpan<string?> pieces)
    {
        foreach (string? piece in pieces)
        {
            if (piece is null)
            {
                return null;
            }
        }

        return string.Concat(pieces!);
    }

    /// <summary>A matched key as an array index, as Java's Integer.parseInt reads it; -1 when it is not one.</summary>
    public static int ParseIndex(string? key) =>
        key is { Length: > 0 } && int.TryParse(key, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out int index) && index >= 0 ? index : -1;

    /// <summary>Whether the value is a JSON string, and which.</summary>
    internal bool IsText(out string text)
    {
        if (Value is JsonValue scalar && scalar.GetValueKind() == JsonValueKind.String)
        {
            text = scalar.GetValue<string>();
            return true;
        }

        text = string.Empty;
        return false;
    }
}
