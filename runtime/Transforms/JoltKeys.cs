using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HarmonyGen.Transforms;

/// <summary>
/// The key a shift matches for input that is not an object: an array's positions ("0", "1", ...), and a scalar's own
/// text, as serde_json prints it (<c>true</c>, <c>null</c>, <c>5</c>, <c>1.5</c>, <c>1e20</c>), so that a spec can
/// branch on a value (<c>"type": { "A": ... }</c>).
/// </summary>
public static class JoltKeys
{
    private static readonly string[] s_indexes = CreateIndexes(64);

    /// <summary>The key of array element <paramref name="index"/>.</summary>
    public static string Index(int index) =>
        (uint)index < (uint)s_indexes.Length ? s_indexes[index] : index.ToString(CultureInfo.InvariantCulture);

    /// <summary>A scalar's key: a string itself, a number or boolean as serde_json prints it, null as "null".</summary>
    public static string Of(JsonNode? value)
    {
        if (value is not JsonValue scalar)
        {
            return value is null ? "null" : throw new JoltTransformException("an object or array has no key text");
        }

        return scalar.GetValueKind() switch
        {
            JsonValueKind.String => scalar.GetValue<string>(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number => Number(scalar.ToJsonString()),
            _ => "null",
        };
    }

    /// <summary>
    /// serde_json's <c>Number</c> display: a whole number that fits 64 bits as itself, anything else as the shortest
    /// double that round-trips, in ryu's layout (<c>1.0</c>, <c>0.001</c>, <c>1e-7</c>, <c>1.5e20</c>).
    /// </summary>
    public static string Number(string text)
    {
        if (text.IndexOfAny(['.', 'e', 'E']) < 0)
        {
            if (text.StartsWith('-'))
            {
                if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long negative))
                {
                    return negative.ToString(CultureInfo.InvariantCulture);
                }
            }
            else if (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong positive))
            {
                return positive.ToString(CultureInfo.InvariantCulture);
            }
        }

        double value = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        return Ryu(value);
    }

    private static string Ryu(double value)
    {
        if (value == 0)
        {
            return double.IsNegative(value) ? "-0.0" : "0.0";
        }

        // "R" gives the shortest round-trip digits; re-lay them out as ryu's format64 does.
        (string digits, int exponent) = Decompose(value.ToString("R", CultureInfo.InvariantCulture));
        var b = new StringBuilder();
        if (value < 0)
        {
            b.Append('-');
        }

        int length = digits.Length;
        int kk = length + exponent; // 10^(kk-1) <= |value| < 10^kk
        if (exponent >= 0 && kk <= 16)
        {
            b.Append(digits).Append('0', exponent).Append(".0");
        }
        else if (kk > 0 && kk <= 16)
        {
            b.Append(digits, 0, kk).Append('.').Append(digits, kk, length - kk);
        }
        else if (kk > -5 && kk <= 0)
        {
            b.Append("0.").Append('0', -kk).Append(digits);
        }
        else if (length == 1)
        {
            b.Append(digits).Append('e').Append((kk - 1).ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            b.Append(digits, 0, 1).Append('.').Append(digits, 1, length - 1).Append('e').Append((kk - 1).ToString(CultureInfo.InvariantCulture));
        }

        return b.ToString();
    }

    /// <summary>The significant digits of a formatted double and the power of ten of its last digit.</summary>
    private static (string Digits, int Exponent) Decompose(string formatted)
    {
        string s = formatted.TrimStart('-');
        int exponent = 0;
        int e = s.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(s[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            s = s[..e];
        }

        int dot = s.IndexOf('.');
        if (dot >= 0)
        {
            exponent -= s.Length - dot - 1;
            s = s.Remove(dot, 1);
        }

        s = s.TrimStart('0');
        int trailing = s.Length - s.TrimEnd('0').Length;
        s = s[..(s.Length - trailing)];
        exponent += trailing;
        return (s.Length == 0 ? "0" : s, exponent);
    }

    private static string[] CreateIndexes(int count)
    {
        var indexes = new string[count];
        for (int i = 0; i < count; i++)
        {
            indexes[i] = i.ToString(CultureInfo.InvariantCulture);
        }

        return indexes;
    }
}
