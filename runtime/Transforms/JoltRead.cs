using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HarmonyGen.Transforms;

/// <summary>
/// Reading the input for <c>@(n,path)</c> and for computed keys and indexes, with fluvio-jolt's errors: a path into a
/// key the input lacks, or through a value that is not an object or array, fails the transform (src/shift.rs,
/// <c>eval_rhs</c>, <c>key_into_object</c>, <c>rhs_entry_to_cow</c>).
/// </summary>
public static class JoltRead
{
    /// <summary>Member <paramref name="key"/> of <paramref name="value"/>, which must be an object that has it.</summary>
    public static JsonNode? Key(JsonNode? value, string key)
    {
        if (value is not JsonObject obj)
        {
            throw new JoltTransformException($"'@' reads key '{key}' of a value that is not an object");
        }

        return obj.TryGetPropertyValue(key, out JsonNode? found) ? found : throw new JoltTransformException($"'@' reads key '{key}', which the input does not have");
    }

    /// <summary>Element <paramref name="index"/> of <paramref name="value"/>, which must be an array that long.</summary>
    public static JsonNode? Index(JsonNode? value, int index)
    {
        if (value is not JsonArray array)
        {
            throw new JoltTransformException($"'@' reads index {index} of a value that is not an array");
        }

        return (uint)index < (uint)array.Count ? array[index] : throw new JoltTransformException($"'@' reads index {index} of an array of {array.Count}");
    }

    /// <summary><c>[]</c> inside <c>@(...)</c>: fluvio-jolt cannot read it and fails the transform.</summary>
    public static JsonNode? Append(JsonNode? value) => throw new JoltTransformException("'@' cannot read '[]'");

    /// <summary>A matched key used as an index (<c>[&amp;(n)]</c>): Rust's <c>usize</c> parse.</summary>
    public static int IndexOf(string match)
    {
        int start = match.Length > 0 && match[0] == '+' ? 1 : 0;
        if (start == match.Length)
        {
            throw new JoltTransformException($"'{match}' is not an index");
        }

        long value = 0;
        for (int i = start; i < match.Length; i++)
        {
            char c = match[i];
            if (c < '0' || c > '9')
            {
                throw new JoltTransformException($"'{match}' is not an index");
            }

            value = (value * 10) + (c - '0');
            if (value > int.MaxValue)
            {
                throw new JoltTransformException($"'{match}' is too large an index");
            }
        }

        return (int)value;
    }

    /// <summary>A value read by <c>[@(...)]</c> used as an index: a non-negative whole number, or a string of one.</summary>
    public static int IndexOf(JsonNode? value)
    {
        if (value is JsonValue scalar)
        {
            switch (scalar.GetValueKind())
            {
                case JsonValueKind.String:
                    return IndexOf(scalar.GetValue<string>());
                case JsonValueKind.Number:
                    string text = JoltKeys.Of(scalar);
                    if (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong whole) && whole <= int.MaxValue)
                    {
                        return (int)whole;
                    }

                    throw new JoltTransformException($"{text} is not an index");
            }
        }

        throw new JoltTransformException("an index read with '@' is not a number or a string");
    }

    /// <summary>A value read by <c>@(...)</c> used as a key: a string, a number or a boolean.</summary>
    public static string KeyOf(JsonNode? value)
    {
        if (value is JsonValue scalar && scalar.GetValueKind() is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
        {
            return JoltKeys.Of(scalar);
        }

        throw new JoltTransformException("a key read with '@' is not a string, number or boolean");
    }
}
