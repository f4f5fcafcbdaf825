using System.Text.Json.Nodes;

namespace HarmonyGen.Transforms;

/// <summary>
/// What a compiled <c>default</c> or <c>remove</c> needs: fluvio-jolt tests each spec leaf with serde_json's
/// <c>Value::pointer</c> (so a key holding '/' is split there, and "~1"/"~0" are unescaped), then inserts or deletes by
/// the spec's own keys (src/default.rs, src/remove.rs, src/lib.rs <c>insert</c>, <c>delete</c>). The generator
/// computes both key lists; these walk them.
/// </summary>
public static class JoltPointer
{
    /// <summary>serde_json's <c>pointer(...).is_some()</c> over the already split, unescaped tokens.</summary>
    public static bool Exists(JsonNode? root, string[] tokens) => TryFind(root, tokens, out _);

    /// <summary>
    /// fluvio-jolt's <c>insert</c> of a default: down <paramref name="path"/> through objects, adding empty ones, and
    /// the value at the end; nothing when the way passes a value that is not an object.
    /// </summary>
    public static void Insert(ref JsonNode? root, string[] path, JsonNode? value)
    {
        if (path.Length == 0)
        {
            root = value;
            return;
        }

        JsonNode? target = root;
        for (int i = 0; i < path.Length - 1; i++)
        {
            if (target is not JsonObject obj)
            {
                return;
            }

            if (!obj.TryGetPropertyValue(path[i], out JsonNode? next))
            {
                next = new JsonObject();
                obj.Add(path[i], next);
            }

            target = next;
        }

        if (target is JsonObject last)
        {
            last[path[^1]] = value;
        }
    }

    /// <summary>
    /// fluvio-jolt's <c>delete</c>: removes key <paramref name="key"/> from the object at <paramref name="parent"/> (a
    /// pointer's tokens). serde_json's <c>Map::remove</c> with preserve_order is a swap-remove: the last member takes the
    /// removed one's place.
    /// </summary>
    public static void Delete(JsonNode? root, string[] parent, string key)
    {
        if (!TryFind(root, parent, out JsonNode? target))
        {
            return;
        }

        if (target is not JsonObject from)
        {
            return;
        }

        int at = from.IndexOf(key);
        if (at < 0)
        {
            return;
        }

        int last = from.Count - 1;
        if (at == last)
        {
            from.RemoveAt(at);
            return;
        }

        (string lastKey, JsonNode? lastValue) = from.GetAt(last);
        from.RemoveAt(last);
        from.SetAt(at, lastKey, lastValue);
    }

    /// <summary>serde_json's <c>Value::pointer</c> over split tokens: members of objects, positions of arrays.</summary>
    private static bool TryFind(JsonNode? root, string[] tokens, out JsonNode? found)
    {
        found = root;
        foreach (string token in tokens)
        {
            switch (found)
            {
                case JsonObject obj:
                    if (!obj.TryGetPropertyValue(token, out found))
                    {
                        return false;
                    }

                    break;
                case JsonArray array:
                    int index = ArrayIndex(token);
                    if (index < 0 || index >= array.Count)
                    {
                        found = null;
                        return false;
                    }

                    found = array[index];
                    break;
                default:
                    found = null;
                    return false;
            }
        }

        return true;
    }

    /// <summary>serde_json's array index in a pointer: decimal digits, no sign, no leading zero; -1 when not one.</summary>
    private static int ArrayIndex(string token)
    {
        if (token.Length == 0 || (token.Length > 1 && token[0] == '0'))
        {
            return -1;
        }

        long value = 0;
        foreach (char c in token)
        {
            if (c < '0' || c > '9')
            {
                return -1;
            }

            value = (value * 10) + (c - '0');
            if (value > int.MaxValue)
            {
                return -1;
            }
        }

        return (int)value;
    }
}
