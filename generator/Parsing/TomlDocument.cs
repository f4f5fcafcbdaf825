namespace HarmonyGen.Generator.Parsing;

/// <summary>The kind of a TOML value, as far as the model cares.</summary>
internal enum TomlValueKind
{
    String,
    Integer,
    Float,
    Boolean,
    DateTime,
    Array,
    Table,
    Missing,
}

/// <summary>
/// A TOML value with its place in the file. <see cref="ContentOffset"/> is where the string's characters start
/// inside <see cref="Location"/> (after the quotes), or -1 when escapes make positions inside it unmappable.
/// An array's elements are <see cref="Items"/>; an inline table inside an array keeps its values in <see cref="Items"/>
/// and their keys, in the same order, in <see cref="Keys"/>.
/// </summary>
internal sealed record TomlValue(TomlValueKind Kind, string Text, LocationInfo Location, EquatableArray<TomlValue> Items, int ContentOffset, EquatableArray<string> Keys = default)
{
    // A default array cannot be enumerated; values without keys hold the empty one.
    public EquatableArray<string> Keys { get; init; } = Keys.Count == 0 ? EquatableArray<string>.Empty : Keys;

    /// <summary>The same value written twice: kind, text and items compared, never the place it is written.</summary>
    public bool SameAs(TomlValue other)
    {
        if (Kind != other.Kind || Text != other.Text || Items.Count != other.Items.Count || Keys != other.Keys)
        {
            return false;
        }

        for (int i = 0; i < Items.Count; i++)
        {
            if (!Items[i].SameAs(other.Items[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The exact span of characters <paramref name="start"/>..+<paramref name="length"/> of a string value, or the whole value when unmappable.</summary>
    public LocationInfo ContentSlice(int start, int length) =>
        ContentOffset < 0 || Location.LineSpan.Start.Line != Location.LineSpan.End.Line
            ? Location
            : Location.Slice(ContentOffset + start, length);

    public static string KindName(TomlValueKind kind) => kind switch
    {
        TomlValueKind.String => "a string",
        TomlValueKind.Integer => "an integer",
        TomlValueKind.Float => "a float",
        TomlValueKind.Boolean => "a boolean",
        TomlValueKind.DateTime => "a date-time",
        TomlValueKind.Array => "an array",
        TomlValueKind.Table => "a table",
        _ => "nothing",
    };
}

/// <summary>One <c>key = value</c>, with the full dotted path from the document root (table names included).</summary>
internal sealed record TomlEntry(EquatableArray<string> Path, TomlValue Value, LocationInfo KeyLocation);

/// <summary>A <c>[table]</c> or <c>[[array]]</c> header, with the span of its name.</summary>
internal sealed record TomlTableHeader(EquatableArray<string> Path, LocationInfo Location);

/// <summary>
/// One TOML file reduced to what the model needs: headers and entries with their spans, and syntax errors.
/// Produced per file, so that editing one file re-parses only that file.
/// </summary>
internal sealed record TomlDocument(
    string FilePath,
    EquatableArray<TomlTableHeader> Tables,
    EquatableArray<TomlEntry> Entries,
    EquatableArray<DiagnosticInfo> Diagnostics);
