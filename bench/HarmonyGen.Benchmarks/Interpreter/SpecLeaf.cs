using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HarmonyGen.Benchmarks.Interpreter;

/// <summary>
/// A scalar of a default or remove spec: the keys down to it (array positions as "0", "1"), the same keys as a JSON
/// pointer's tokens (fluvio-jolt tests a leaf with serde_json's <c>pointer</c>, which splits a key at '/'), and its value.
/// </summary>
internal sealed class SpecLeaf
{
    private readonly JsonValueKind _kind;
    private readonly string _text;

    private SpecLeaf(string[] path, JsonValueKind kind, string text)
    {
        Path = path;
        _kind = kind;
        _text = text;
        Tokens = Pointer(path);
        ParentTokens = Pointer(path.Take(Math.Max(path.Length - 1, 0)));
        Key = path.Length > 0 ? path[^1] : string.Empty;
    }

    public string[] Path { get; }

    public string[] Tokens { get; }

    public string[] ParentTokens { get; }

    public string Key { get; }

    /// <summary>Every scalar of <paramref name="spec"/>, depth first, members in written order; empty objects and arrays have none.</summary>
    public static IReadOnlyList<SpecLeaf> All(JsonNode? spec)
    {
        var leaves = new List<SpecLeaf>();
        var path = new List<string>();
        Visit(spec);
        return leaves;

        void Visit(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (KeyValuePair<string, JsonNode?> member in obj)
                    {
                        path.Add(member.Key);
                        Visit(member.Value);
                        path.RemoveAt(path.Count - 1);
                    }

                    break;
                case JsonArray array:
                    for (int i = 0; i < array.Count; i++)
                    {
                        path.Add(i.ToString(CultureInfo.InvariantCulture));
                        Visit(array[i]);
                        path.RemoveAt(path.Count - 1);
                    }

                    break;
                default:
                    JsonValueKind kind = node?.GetValueKind() ?? JsonValueKind.Null;
                    leaves.Add(new SpecLeaf(path.ToArray(), kind, kind is JsonValueKind.String ? node!.GetValue<string>() : node?.ToJsonString() ?? string.Empty));
                    break;
            }
        }
    }

    /// <summary>A new node of the leaf's value: a number whole as an integer, otherwise as a double, as the generator writes it.</summary>
    public JsonNode? NewValue()
    {
        switch (_kind)
        {
            case JsonValueKind.String:
                return JsonValue.Create(_text);
            case JsonValueKind.True:
                return JsonValue.Create(true);
            case JsonValueKind.False:
                return JsonValue.Create(false);
            case JsonValueKind.Number:
                if (_text.IndexOfAny(['.', 'e', 'E']) < 0)
                {
                    if (long.TryParse(_text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long whole))
                    {
                        return JsonValue.Create(whole);
                    }

                    if (ulong.TryParse(_text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong large))
                    {
                        return JsonValue.Create(large);
                    }
                }

                double number = double.Parse(_text, NumberStyles.Float, CultureInfo.InvariantCulture);
                return JsonValue.Create(double.IsInfinity(number) ? (number > 0 ? double.MaxValue : double.MinValue) : number);
            default:
                return null;
        }
    }

    /// <summary>serde_json's pointer tokens for the joined path: split at '/', then "~1" to '/' and "~0" to '~'.</summary>
    private static string[] Pointer(IEnumerable<string> path)
    {
        string joined = string.Concat(path.Select(p => "/" + p));
        return joined.Length == 0 ? [] : joined[1..].Split('/').Select(t => t.Replace("~1", "/").Replace("~0", "~")).ToArray();
    }
}
