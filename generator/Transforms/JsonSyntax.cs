namespace HarmonyGen.Generator.Transforms;

/// <summary>The kinds of JSON value, as a transform spec file can hold them.</summary>
internal enum JsonSyntaxKind
{
    Object,
    Array,
    String,
    Number,
    True,
    False,
    Null,
}

/// <summary>
/// One JSON value of a spec file with where it is written: a plain, equatable tree (no <c>System.Text.Json</c> in
/// the generator), so that every rule about a spec can be reported at the exact key or value.
/// </summary>
/// <param name="Text">A string's decoded value, or a number's text as written; empty for the other kinds.</param>
/// <param name="Verbatim">True when a string's decoded value is its text as written (no escapes), so an offset into
/// the value is an offset into the file.</param>
internal sealed record JsonSyntax(
    JsonSyntaxKind Kind,
    string Text,
    LocationInfo Location,
    EquatableArray<JsonMember> Members,
    EquatableArray<JsonSyntax> Items,
    bool Verbatim = true)
{
    public static JsonSyntax Scalar(JsonSyntaxKind kind, string text, LocationInfo location, bool verbatim = true) =>
        new(kind, text, location, EquatableArray<JsonMember>.Empty, EquatableArray<JsonSyntax>.Empty, verbatim);

    /// <summary>The place of characters <paramref name="start"/>.. of a string's value, when they can be placed exactly.</summary>
    public LocationInfo At(int start, int length)
    {
        // The location spans the quotes; a value written with escapes is reported whole.
        if (Kind != JsonSyntaxKind.String || !Verbatim || Location.LineSpan.Start.Line != Location.LineSpan.End.Line || start + length > Text.Length)
        {
            return Location;
        }

        return Location.Slice(1 + start, System.Math.Max(length, 0));
    }

    /// <summary>How Harmony's error messages name a JSON kind (serde: "a string", "a map").</summary>
    public static string Describe(JsonSyntaxKind kind) => kind switch
    {
        JsonSyntaxKind.Object => "an object",
        JsonSyntaxKind.Array => "an array",
        JsonSyntaxKind.String => "a string",
        JsonSyntaxKind.Number => "a number",
        JsonSyntaxKind.True or JsonSyntaxKind.False => "a boolean",
        _ => "null",
    };
}

/// <summary>An object member: its key (decoded) and where the key is written, and its value.</summary>
internal sealed record JsonMember(string Key, LocationInfo KeyLocation, JsonSyntax Value, bool KeyVerbatim = true)
{
    /// <summary>The key as a string value, for reporting inside it.</summary>
    public JsonSyntax KeySyntax => JsonSyntax.Scalar(JsonSyntaxKind.String, Key, KeyLocation, KeyVerbatim);
}
