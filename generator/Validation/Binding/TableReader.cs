using System.Collections.Generic;
using System.Globalization;
using HarmonyGen.Generator.Model;
using HarmonyGen.Generator.Parsing;

namespace HarmonyGen.Generator.Validation;

/// <summary>
/// Reads the keys of one table with type checks. A value of the wrong type or outside its enum is reported at the
/// value and read as absent, so later stages never report the same problem twice.
/// </summary>
internal sealed class TableReader
{
    private readonly ConfigNode _node;
    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly HashSet<string> _read = new(System.StringComparer.Ordinal);

    public TableReader(ConfigNode node, List<DiagnosticInfo> diagnostics)
    {
        _node = node;
        _diagnostics = diagnostics;
    }

    public LocationInfo Location => _node.Location;

    public string Path => _node.DottedPath;

    public TomlValue? String(string key, bool required = false)
    {
        TomlValue? value = Value(key, required);
        return value is null ? null : Expect(key, value, TomlValueKind.String, "a string");
    }

    public TomlValue? Enum(string key, string[] allowed, bool required = false)
    {
        TomlValue? value = String(key, required);
        if (value is null)
        {
            return null;
        }

        foreach (string option in allowed)
        {
            if (option == value.Text)
            {
                return value;
            }
        }

        _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownEnumValue, value.Location, Qualified(key), Quoted(allowed), value.Text));
        return null;
    }

    /// <summary>An array of strings; wrong items are reported one by one and dropped.</summary>
    public EquatableArray<TomlValue> StringArray(string key, bool required = false)
    {
        TomlValue? value = Value(key, required);
        if (value is null)
        {
            return EquatableArray<TomlValue>.Empty;
        }

        if (value.Kind != TomlValueKind.Array)
        {
            _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WrongValueType, value.Location, Qualified(key), "an array of strings", TomlValue.KindName(value.Kind)));
            return EquatableArray<TomlValue>.Empty;
        }

        var items = new List<TomlValue>();
        foreach (TomlValue item in value.Items)
        {
            if (item.Kind == TomlValueKind.String)
            {
                items.Add(item);
            }
            else
            {
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WrongValueType, item.Location, Qualified(key) + " items", "strings", TomlValue.KindName(item.Kind)));
            }
        }

        return items.ToEquatableArray();
    }

    /// <summary>True when the key is present (even with a wrong value), so callers can tell "missing" from "empty".</summary>
    public bool Has(string key) => _node.Get(key) is not null;

    public LocatedBool? Bool(string key)
    {
        TomlValue? value = Value(key, false);
        value = value is null ? null : Expect(key, value, TomlValueKind.Boolean, "a boolean (true or false)");
        return value is null ? null : new LocatedBool(value.Text == "true", value.Location);
    }

    public LocatedInt? Int(string key, bool required = false) =>
        Integer(key, required, int.MinValue, int.MaxValue, "a 32-bit integer") is { } value ? new LocatedInt((int)value.Value, value.Location) : null;

    /// <summary>A 64-bit integer (a rule's <c>weight</c>, a rate limit's counts).</summary>
    public LocatedLong? Long(string key, bool required = false) =>
        Integer(key, required, long.MinValue, long.MaxValue, "a 64-bit integer");

    private LocatedLong? Integer(string key, bool required, long min, long max, string expected)
    {
        TomlValue? value = Value(key, required);
        value = value is null ? null : Expect(key, value, TomlValueKind.Integer, "an integer");
        if (value is null)
        {
            return null;
        }

        if (!long.TryParse(value.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long result) || result < min || result > max)
        {
            _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WrongValueType, value.Location, Qualified(key), expected, value.Text));
            return null;
        }

        return new LocatedLong(result, value.Location);
    }

    /// <summary>The child as written, table or value, marked as read: for keys that may hold either.</summary>
    public ConfigNode? Child(string key)
    {
        _read.Add(key);
        return _node.Get(key);
    }

    /// <summary>An integer or a string (a size such as <c>"10MB"</c>); the validator reads what it means.</summary>
    public TomlValue? IntegerOrString(string key, string expected)
    {
        TomlValue? value = Value(key, false);
        if (value is null || value.Kind is TomlValueKind.Integer or TomlValueKind.String)
        {
            return value;
        }

        _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WrongValueType, value.Location, Qualified(key), expected, TomlValue.KindName(value.Kind)));
        return null;
    }

    /// <summary>A sub-table; a key holding a plain value where a table belongs is reported.</summary>
    public ConfigNode? Table(string key)
    {
        ConfigNode? child = _node.Get(key);
        _read.Add(key);
        if (child is null)
        {
            return null;
        }

        if (!child.IsTable)
        {
            _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WrongValueType, child.Value!.Location, Qualified(key), "a table", TomlValue.KindName(child.Value.Kind)));
            return null;
        }

        return child;
    }

    /// <summary>Marks keys as known without reading them (kept by Harmony, no meaning here).</summary>
    public void Ignore(params string[] keys)
    {
        foreach (string key in keys)
        {
            _read.Add(key);
        }
    }

    /// <summary>Warns about keys nobody read: a misspelt <c>jwt_secrte</c> must not vanish silently.</summary>
    public void ReportUnknownKeys(string tableDescription, string[] known)
    {
        foreach (ConfigNode child in _node.Children)
        {
            if (_read.Contains(child.Name))
            {
                continue;
            }

            _diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UnknownKey,
                child.KeyLocation ?? child.Location,
                child.Name,
                tableDescription,
                NameSuggester.Hint(child.Name, known)));
        }
    }

    private TomlValue? Value(string key, bool required)
    {
        _read.Add(key);
        ConfigNode? child = _node.Get(key);
        if (child is null)
        {
            if (required)
            {
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RequiredKeyMissing, _node.Location, "[" + Display(_node.DottedPath) + "]", key));
            }

            return null;
        }

        if (child.Value is null)
        {
            _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WrongValueType, child.Location, Qualified(key), "a value", "a table"));
            return null;
        }

        return child.Value.Kind == TomlValueKind.Missing ? null : child.Value;
    }

    private TomlValue? Expect(string key, TomlValue value, TomlValueKind kind, string expected)
    {
        if (value.Kind == kind)
        {
            return value;
        }

        _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WrongValueType, value.Location, Qualified(key), expected, TomlValue.KindName(value.Kind)));
        return null;
    }

    public string Qualified(string key) => Display(_node.DottedPath) + "." + key;

    /// <summary>A dotted path as messages write it: an element of an array of tables as <c>policies[0]</c>, not <c>policies.#0</c>.</summary>
    public static string Display(string dottedPath)
    {
        if (dottedPath.IndexOf(".#", System.StringComparison.Ordinal) < 0)
        {
            return dottedPath;
        }

        var text = new System.Text.StringBuilder();
        foreach (string segment in dottedPath.Split('.'))
        {
            if (segment.Length > 1 && segment[0] == '#')
            {
                text.Append('[').Append(segment, 1, segment.Length - 1).Append(']');
            }
            else
            {
                if (text.Length > 0)
                {
                    text.Append('.');
                }

                text.Append(segment);
            }
        }

        return text.ToString();
    }

    private static string Quoted(string[] allowed) => "'" + string.Join("', '", allowed) + "'";
}
