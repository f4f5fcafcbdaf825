using System.Text.Json.Nodes;

namespace HarmonyGen.Transforms;

/// <summary>How a modify operation writes a value, as Harmony's docs describe its three variants.</summary>
public enum JoltWrite
{
    /// <summary><c>modify-overwrite-beta</c>: always.</summary>
    Overwrite,

    /// <summary><c>modify-default-beta</c>: only where the key is absent.</summary>
    IfAbsent,

    /// <summary><c>modify-define-beta</c>: where the key is absent or null.</summary>
    IfAbsentOrNull,
}

/// <summary>
/// The writes of a compiled modify operation, in place: a member of an object, or an element of an array that is
/// already there (Java JOLT's ModifierSpec.setData and DataType.create; an index past an array's end is not written).
/// </summary>
public static class JoltModifyWrite
{
    /// <summary>The value at the key, or the index of an array, as a modify key sees it: missing when it is not there.</summary>
    public static JoltArg Read(JsonNode container, string key, int index) => container switch
    {
        JsonObject obj => obj.TryGetPropertyValue(key, out JsonNode? value) ? JoltArg.Of(value) : JoltArg.Missing,
        JsonArray array when (uint)index < (uint)array.Count => JoltArg.Of(array[index]),
        _ => JoltArg.Missing,
    };

    /// <summary>Writes <paramref name="value"/> (a node of its own) at the key, or the index of an array, when the mode allows.</summary>
    public static void Set(JsonNode container, string key, int index, JsonNode? value, JoltWrite mode)
    {
        if (container is JsonObject obj)
        {
            bool exists = obj.TryGetPropertyValue(key, out JsonNode? current);
            if (Allowed(mode, exists, current))
            {
                obj[key] = value;
            }
        }
        else if (container is JsonArray array && (uint)index < (uint)array.Count && Allowed(mode, true, array[index]))
        {
            array[index] = value;
        }
    }

    /// <summary>
    /// The value at the key (or index) that a nested spec object works on: an object, or an array when
    /// <paramref name="acceptsArrays"/>; a missing or null one becomes a new object when <paramref name="creates"/> and
    /// the mode allows; anything else is skipped (null).
    /// </summary>
    public static JsonNode? Enter(JsonNode container, string key, int index, bool acceptsArrays, bool creates, JoltWrite mode)
    {
        bool exists;
        JsonNode? current;
        if (container is JsonObject obj)
        {
            exists = obj.TryGetPropertyValue(key, out current);
        }
        else if (container is JsonArray array && (uint)index < (uint)array.Count)
        {
            exists = true;
            current = array[index];
        }
        else
        {
            return null;
        }

        switch (current)
        {
            case JsonObject:
                return current;
            case JsonArray:
                return acceptsArrays ? current : null;
            case null when creates && Allowed(mode, exists, null):
                var created = new JsonObject();
                Set(container, key, index, created, JoltWrite.Overwrite);
                return created;
            default:
                return null;
        }
    }

    private static bool Allowed(JoltWrite mode, bool exists, JsonNode? current) => mode switch
    {
        JoltWrite.IfAbsent => !exists,
        JoltWrite.IfAbsentOrNull => !exists || current is null,
        _ => true,
    };
}
