namespace HarmonyGen.Generator.Transforms;

// A transform spec file as the emitter needs it: Harmony's JOLT operations (harmony-jolt 0.5.0, a fork of
// fluvio-jolt) with every key and target already parsed. It holds no positions, so that moving text in a spec file
// changes diagnostics only. The shapes follow fluvio-jolt's src/dsl/ast.rs and src/dsl/deserialize.rs.

/// <summary>A spec file: its operations, applied in order, each to the output of the one before.</summary>
internal sealed record JoltProgram(EquatableArray<JoltOperation> Operations);

internal enum JoltOperationKind
{
    Shift,
    Default,
    Remove,

    /// <summary><c>modify-overwrite-beta</c>: every computed value is written.</summary>
    ModifyOverwrite,

    /// <summary><c>modify-default-beta</c>: written only where the key is absent (Harmony's docs).</summary>
    ModifyDefault,

    /// <summary><c>modify-define-beta</c>: written where the key is absent or null (Harmony's docs).</summary>
    ModifyDefine,
}

/// <summary>
/// One operation. A shift has its spec object; default and remove have the spec's leaves in the order fluvio-jolt's
/// SpecIter visits them (depth first, members in written order).
/// </summary>
internal sealed record JoltOperation(JoltOperationKind Kind, ShiftNode? Shift, EquatableArray<JoltLeaf> Leaves, ModifyNode? Modify = null);

/// <summary>A leaf of a default or remove spec: the keys down to it (array positions as "0", "1") and its value.</summary>
internal sealed record JoltLeaf(EquatableArray<string> Path, JoltLiteral Value);

/// <summary>A JSON scalar written in a spec: a string's value, a number's text, or empty for true, false and null.</summary>
internal sealed record JoltLiteral(JsonSyntaxKind Kind, string Text);

/// <summary>
/// A shift spec object, its members grouped as fluvio-jolt groups them: the ones that match without looking at the input
/// key (<c>$</c>, <c>@</c>, <c>#</c>) run once per object; for each input key the literal keys are tried, then
/// <c>&amp;</c> keys, then wildcard and alternative keys, and the first group with a match decides.
/// </summary>
internal sealed record ShiftNode(
    EquatableArray<ShiftEntry> Infallible,
    EquatableArray<ShiftEntry> Literal,
    EquatableArray<ShiftEntry> Amp,
    EquatableArray<ShiftEntry> Pipes);

/// <summary>
/// A shift member: its key, and either a nested object, the output paths the matched value goes to, or neither (a
/// <c>null</c> value: match and drop). <see cref="Written"/> is the key as the spec writes it, for the generated comments.
/// </summary>
internal sealed record ShiftEntry(JoltLhs Lhs, ShiftNode? Object, EquatableArray<JoltRhs> Targets, string Written = "");

internal enum JoltLhsKind
{
    /// <summary><c>$</c>, <c>$(n)</c>, <c>$(n,m)</c>: the key matched n levels up, as the value.</summary>
    DollarSign,

    /// <summary><c>&amp;</c>, <c>&amp;(n,m)</c>: matches an input key equal to the key matched n levels up.</summary>
    Amp,

    /// <summary><c>@</c>, <c>@(path)</c>, <c>@(n,path)</c>: a value read from the input, as the value.</summary>
    At,

    /// <summary><c>#text</c>: the text, as the value.</summary>
    Square,

    /// <summary>Wildcards and alternatives: <c>*</c>, <c>a*b</c>, <c>x|y*</c>.</summary>
    Pipes,

    /// <summary>A plain key, compared for equality.</summary>
    Literal,
}

/// <summary>A shift key. Which fields mean something depends on <see cref="Kind"/>.</summary>
internal sealed record JoltLhs(JoltLhsKind Kind, string Text, int Level, int Match, JoltRhs? Path, EquatableArray<JoltStars> Alternatives);

/// <summary>One alternative of a wildcard key: the literal text between its stars (<c>a*b</c> is "a", "b"; <c>*</c> is "", "").</summary>
internal sealed record JoltStars(EquatableArray<string> Segments);

/// <summary>An output path (or, inside <c>@(...)</c>, an input path): dot-separated parts and <c>[...]</c> indexes.</summary>
internal sealed record JoltRhs(EquatableArray<JoltRhsPart> Parts)
{
    public static readonly JoltRhs Empty = new(EquatableArray<JoltRhsPart>.Empty);
}

internal enum JoltRhsPartKind
{
    Index,
    Key,
    CompositeKey,
}

/// <summary>A path part: an index, or a key made of one or more pieces (<c>&amp;(1)-x</c> is a reference then a text).</summary>
internal sealed record JoltRhsPart(JoltRhsPartKind Kind, JoltIndexOp? Index, EquatableArray<JoltRhsEntry> Entries);

internal enum JoltRhsEntryKind
{
    Amp,
    At,
    Key,
}

internal sealed record JoltRhsEntry(JoltRhsEntryKind Kind, string Key, int Level, int Match, JoltRhs? Path);

internal enum JoltIndexOpKind
{
    Amp,
    Literal,
    At,
    Empty,
}

/// <summary><c>[&amp;(n,m)]</c>, <c>[3]</c>, <c>[@(n,path)]</c> or <c>[]</c> (append).</summary>
internal sealed record JoltIndexOp(JoltIndexOpKind Kind, int Literal, int Level, int Match, JoltRhs? Path);

/// <summary>
/// A modify spec object (Java JOLT's ModifierCompositeSpec): its literal keys, applied in written order whether or not
/// the input has them, then its wildcard keys, each input key taking the first that matches.
/// </summary>
/// <param name="AcceptsArrays">Every literal key is an array position ("0", "1"), so an array here is walked too.</param>
/// <param name="Creates">A missing or null value here becomes an object (any key but a lone <c>*</c>, as Java's MAP type).</param>
internal sealed record ModifyNode(EquatableArray<ModifyEntry> Literal, EquatableArray<ModifyEntry> Computed, bool AcceptsArrays, bool Creates);

/// <summary>
/// A modify member: a literal key (<see cref="Index"/> its array position, or -1) or wildcard alternatives, and either a
/// nested object or the values to try in order (the first that yields something is written).
/// </summary>
internal sealed record ModifyEntry(string Key, int Index, EquatableArray<JoltStars> Alternatives, ModifyNode? Object, EquatableArray<ModifyValue> Values, string Written);

internal enum ModifyValueKind
{
    /// <summary>A JSON value written as it is (a string not starting with '=' or '@', a number, true, false, null, {} or []).</summary>
    Literal,

    /// <summary><c>@(n,path)</c>: a copy of a value of the input.</summary>
    Lookup,

    /// <summary><c>=fn(args)</c>, or <c>=fn</c> on the key's own value.</summary>
    Function,
}

/// <summary>One value of a modify member. <see cref="Args"/> is empty and <see cref="OnSelf"/> true for <c>=fn</c>.</summary>
internal sealed record ModifyValue(ModifyValueKind Kind, JoltLiteral? Literal, ModifyArg? Lookup, string Function, bool OnSelf, EquatableArray<ModifyArg> Args);

/// <summary>A function argument: a literal (a quoted string, a number, true or false), an <c>@(n,path)</c> read, or a <c>^key</c> read of the input's <c>"context"</c> member.</summary>
internal sealed record ModifyArg(JoltLiteral? Literal, int Level, JoltRhs? Path, string? Context = null);
