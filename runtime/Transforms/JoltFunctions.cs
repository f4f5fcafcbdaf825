using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HarmonyGen.Transforms;

/// <summary>
/// The functions of a compiled modify operation (<c>=concat(...)</c> and the others Harmony's docs list, and split), as
/// Java JOLT's Function, Strings and FunctionEvaluator define them: one argument that is missing gives nothing; a
/// single list argument stands for its items; a value of the wrong kind gives nothing (the key is not written) rather
/// than fail. Text is a value's own text for a string, serde_json's spelling for a number or boolean, and the JSON
/// text of an object or array.
/// </summary>
public static class JoltFunctions
{
    /// <summary>concat: the texts of every value but null, one after the other.</summary>
    public static JoltArg Concat(ReadOnlySpan<JoltArg> args)
    {
        if (!ListOf(args, out List<JsonNode?> items))
        {
            return JoltArg.Missing;
        }

        var text = new StringBuilder();
        foreach (JsonNode? item in items)
        {
            if (item is not null)
            {
                text.Append(Text(item));
            }
        }

        return JoltArg.Of(JsonValue.Create(text.ToString()));
    }

    /// <summary>
    /// toLower: a text in lower case (invariant culture); a number or boolean is its text first, as harmony-jolt's
    /// to_lower turns any value to text; a list, each text item (Java's form: what harmony-jolt gives was not read).
    /// </summary>
    public static JoltArg ToLower(ReadOnlySpan<JoltArg> args) => EachText(args, static s => s.ToLowerInvariant(), scalarsAsText: true);

    /// <summary>toUpper: as toLower, in upper case (Rust's to_uppercase, Java's Locale.ENGLISH; invariant culture here).</summary>
    public static JoltArg ToUpper(ReadOnlySpan<JoltArg> args) => EachText(args, static s => s.ToUpperInvariant(), scalarsAsText: true);

    /// <summary>trim: Java's String.trim, which removes the characters up to U+0020 at both ends.</summary>
    public static JoltArg Trim(ReadOnlySpan<JoltArg> args) => EachText(args, static s => s.Trim(s_javaWhitespace), scalarsAsText: false);

    /// <summary>substring(text, start, end): the characters from start up to end, when 0 &lt;= start &lt; end &lt;= its length.</summary>
    public static JoltArg Substring(ReadOnlySpan<JoltArg> args)
    {
        if (!ListOf(args, out List<JsonNode?> items) || items.Count != 3 || !TextOf(items[0], out string text)
            || !WholeNumber(items[1], out int start) || !WholeNumber(items[2], out int end)
            || start >= end || start < 0 || end < 1 || end > text.Length)
        {
            return JoltArg.Missing;
        }

        return JoltArg.Of(JsonValue.Create(text.Substring(start, end - start)));
    }

    /// <summary>join(separator, values...): the texts of the values that are neither null nor empty, with the separator after each but the last value.</summary>
    public static JoltArg Join(ReadOnlySpan<JoltArg> args)
    {
        // Java's join has no single-value form: join(',', 'a') gives nothing.
        if (!Separated(args, out string separator, out List<JsonNode?> values, out bool single) || single)
        {
            return JoltArg.Missing;
        }

        var text = new StringBuilder();
        for (int i = 0; i < values.Count; i++)
        {
            if (values[i] is { } value && Text(value) is { Length: > 0 } piece)
            {
                text.Append(piece);
                if (i < values.Count - 1)
                {
                    text.Append(separator);
                }
            }
        }

        return JoltArg.Of(JsonValue.Create(text.ToString()));
    }

    /// <summary>split(separator, text): Java's String.split on a plain separator, trailing empty pieces dropped.</summary>
    public static JoltArg Split(ReadOnlySpan<JoltArg> args)
    {
        if (!Separated(args, out string separator, out List<JsonNode?> values, out bool single))
        {
            return JoltArg.Missing;
        }

        if (single)
        {
            return TextOf(values[0], out string only) ? JoltArg.Of(SplitText(only, separator)) : JoltArg.Missing;
        }

        var each = new JsonArray();
        foreach (JsonNode? value in values)
        {
            each.Add(TextOf(value, out string text) ? (JsonNode)SplitText(text, separator) : value?.DeepClone());
        }

        return JoltArg.Of(each);
    }

    private static readonly char[] s_javaWhitespace = CreateJavaWhitespace();

    private static JsonArray SplitText(string text, string separator)
    {
        var pieces = new List<string>(text.Split(separator));
        while (pieces.Count > 0 && pieces[^1].Length == 0 && text.Contains(separator, StringComparison.Ordinal))
        {
            pieces.RemoveAt(pieces.Count - 1);
        }

        var array = new JsonArray();
        foreach (string piece in pieces)
        {
            array.Add((JsonNode?)JsonValue.Create(piece));
        }

        return array;
    }

    /// <summary>Java's SingleFunction: a text gives its result; several values or a list give a list, each text changed and the rest kept.</summary>
    private static JoltArg EachText(ReadOnlySpan<JoltArg> args, Func<string, string> change, bool scalarsAsText)
    {
        if (args.Length == 1)
        {
            JoltArg only = args[0];
            if (!only.Present || only.Value is null)
            {
                return JoltArg.Missing;
            }

            if (only.Value is not JsonArray)
            {
                if (only.IsText(out string text))
                {
                    return JoltArg.Of(JsonValue.Create(change(text)));
                }

                return scalarsAsText && only.Value is JsonValue scalar && scalar.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False
                    ? JoltArg.Of(JsonValue.Create(change(Text(scalar))))
                    : JoltArg.Missing;
            }
        }

        if (!ListOf(args, out List<JsonNode?> items))
        {
            return JoltArg.Missing;
        }

        var changed = new JsonArray();
        foreach (JsonNode? item in items)
        {
            changed.Add(TextOf(item, out string text) ? (JsonNode)JsonValue.Create(change(text)) : item?.DeepClone());
        }

        return JoltArg.Of(changed);
    }

    /// <summary>Java's BaseFunction: the values a list function works on, or false when it gives nothing.</summary>
    private static bool ListOf(ReadOnlySpan<JoltArg> args, out List<JsonNode?> items)
    {
        items = new List<JsonNode?>(args.Length);
        if (args.Length == 0)
        {
            return false;
        }

        if (args.Length == 1)
        {
            if (args[0].Value is JsonArray { Count: > 0 } list && args[0].Present)
            {
                items.AddRange(list);
                return true;
            }

            return false;
        }

        foreach (JoltArg arg in args)
        {
            items.Add(arg.Value);
        }

        return true;
    }

    /// <summary>Java's ArgDrivenFunction: a text first, then one value (a list stands for its items) or several.</summary>
    private static bool Separated(ReadOnlySpan<JoltArg> args, out string separator, out List<JsonNode?> values, out bool single)
    {
        single = false;
        var all = new List<JsonNode?>(args.Length);
        if (args.Length == 1 && args[0].Value is JsonArray list)
        {
            all.AddRange(list);
        }
        else
        {
            foreach (JoltArg arg in args)
            {
                all.Add(arg.Value);
            }
        }

        values = new List<JsonNode?>();
        if (all.Count < 2 || !TextOf(all[0], out separator))
        {
            separator = string.Empty;
            return false;
        }

        if (all.Count == 2 && all[1] is JsonArray items)
        {
            values.AddRange(items);
            return true;
        }

        single = all.Count == 2;
        values.AddRange(all.GetRange(1, all.Count - 1));
        return true;
    }

    private static bool TextOf(JsonNode? value, out string text) => JoltArg.Of(value).IsText(out text);

    /// <summary>Java's Integer: a JSON number written without a fraction or exponent that fits 32 bits.</summary>
    private static bool WholeNumber(JsonNode? value, out int number)
    {
        number = 0;
        if (value is not JsonValue scalar || scalar.GetValueKind() != JsonValueKind.Number)
        {
            return false;
        }

        string text = scalar.ToJsonString();
        return text.IndexOfAny(['.', 'e', 'E']) < 0 && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number);
    }

    private static string Text(JsonNode value) => value is JsonValue scalar && scalar.GetValueKind() is not JsonValueKind.Object and not JsonValueKind.Array
        ? JoltKeys.Of(scalar)
        : value.ToJsonString();

    private static char[] CreateJavaWhitespace()
    {
        var chars = new char[0x21];
        for (int i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)i;
        }

        return chars;
    }
}
