using System.Text.Json.Nodes;

namespace HarmonyGen.Transforms;

/// <summary>The output a compiled shift builds, starting as JSON null (a shift that matches nothing outputs null).</summary>
public sealed class JoltOutput
{
    /// <summary>The output so far: JSON null until a target is written.</summary>
    public JsonNode? Root { get; internal set; }

    /// <summary>The place of the output's root, where every target path starts.</summary>
    public JoltSlot Start => new(this, null, null, null, 0);
}

/// <summary>
/// A place in a shift's output, written as fluvio-jolt's <c>insert_val_to_rhs</c> writes: a key turns whatever is there
/// into an object (keeping one), an index into an array (wrapping a value already there), and a value put where one is
/// already makes an array of both, so that several matches into one path collect in the order they matched.
/// </summary>
public readonly struct JoltSlot
{
    /// <summary>An output array longer than this is refused rather than padded (Harmony would try and run out of memory).</summary>
    public const int MaxIndex = 1 << 20;

    private readonly JoltOutput _owner;
    private readonly JsonObject? _object;
    private readonly string? _key;
    private readonly JsonArray? _array;
    private readonly int _index;

    internal JoltSlot(JoltOutput owner, JsonObject? obj, string? key, JsonArray? array, int index)
    {
        _owner = owner;
        _object = obj;
        _key = key;
        _array = array;
        _index = index;
    }

    /// <summary>The member <paramref name="key"/> of the object here (added as null if absent, at the end).</summary>
    public JoltSlot Key(string key)
    {
        if (Get() is not JsonObject obj)
        {
            obj = new JsonObject();
            Set(obj);
        }

        if (!obj.ContainsKey(key))
        {
            obj.Add(key, null);
        }

        return new JoltSlot(_owner, obj, key, null, 0);
    }

    /// <summary>Element <paramref name="index"/> of the array here, padding it with nulls.</summary>
    public JoltSlot Index(int index)
    {
        if ((uint)index > MaxIndex)
        {
            throw new JoltTransformException($"output index {index} is larger than {MaxIndex}");
        }

        JsonArray array = ArrayHere();
        while (array.Count <= index)
        {
            array.Add(null);
        }

        return new JoltSlot(_owner, null, null, array, index);
    }

    /// <summary><c>[]</c>: a new null element at the end of the array here.</summary>
    public JoltSlot Append()
    {
        JsonArray array = ArrayHere();
        array.Add(null);
        return new JoltSlot(_owner, null, null, array, array.Count - 1);
    }

    /// <summary>Puts <paramref name="value"/> (a node of its own) here: set if empty, added to an array, or paired with what is here.</summary>
    public void Put(JsonNode? value)
    {
        JsonNode? current = Get();
        switch (current)
        {
            case null:
                Set(value);
                break;
            case JsonArray array:
                array.Add(value);
                break;
            default:
                Set(null);
                Set(new JsonArray(current, value));
                break;
        }
    }

    private JsonArray ArrayHere()
    {
        JsonNode? current = Get();
        if (current is JsonArray array)
        {
            return array;
        }

        if (current is null)
        {
            array = new JsonArray();
        }
        else
        {
            Set(null);
            array = new JsonArray(current);
        }

        Set(array);
        return array;
    }

    private JsonNode? Get() => _object is not null ? _object[_key!] : _array is not null ? _array[_index] : _owner.Root;

    private void Set(JsonNode? value)
    {
        if (_object is not null)
        {
            _object[_key!] = value;
        }
        else if (_array is not null)
        {
            _array[_index] = value;
        }
        else
        {
            _owner.Root = value;
        }
    }
}
