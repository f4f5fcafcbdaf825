using System.Collections.Generic;
using Microsoft.CodeAnalysis.Text;

namespace HarmonyGen.Generator.Transforms;

/// <summary>
/// A spec file's JSON to a <see cref="JoltProgram"/>, refusing what Harmony refuses when it loads the file
/// (serde's <c>TransformSpec</c>: an array of <c>{"operation", "spec"}</c>; fluvio-jolt's shift deserializer: keys and
/// targets in its language, no key twice), each at the key or value at fault.
/// </summary>
internal sealed partial class JoltSpecReader
{
    private readonly List<DiagnosticInfo> _diagnostics = new();

    private static readonly string[] s_operations = { "shift", "default", "remove", "modify-overwrite-beta", "modify-default-beta", "modify-define-beta" };

    public static JoltSpecFile Read(string path, SourceText text)
    {
        (JsonSyntax? json, string? error, LocationInfo? where) = JsonReader.Read(path, text);
        if (json is null)
        {
            return new JoltSpecFile(path, null, new[] { DiagnosticInfo.Create(DiagnosticDescriptors.TransformSpecJsonSyntax, where, error!) }.ToEquatableArray());
        }

        var reader = new JoltSpecReader();
        JoltProgram? program = reader.Program(json);
        return new JoltSpecFile(path, reader._diagnostics.Count == 0 ? program : null, reader._diagnostics.ToEquatableArray());
    }

    private JoltProgram? Program(JsonSyntax json)
    {
        if (json.Kind != JsonSyntaxKind.Array)
        {
            Shape(json.Location, "A transform spec", "an array of {\"operation\": ..., \"spec\": ...} objects", JsonSyntax.Describe(json.Kind));
            return null;
        }

        var operations = new List<JoltOperation>();
        for (int i = 0; i < json.Items.Count; i++)
        {
            if (Operation(json.Items[i], i) is { } operation)
            {
                operations.Add(operation);
            }
        }

        return new JoltProgram(operations.ToEquatableArray());
    }

    private JoltOperation? Operation(JsonSyntax entry, int index)
    {
        string what = $"Operation {index}";
        if (entry.Kind != JsonSyntaxKind.Object)
        {
            Shape(entry.Location, what, "an object with \"operation\" and \"spec\"", JsonSyntax.Describe(entry.Kind));
            return null;
        }

        JsonMember? operation = null;
        JsonMember? spec = null;
        foreach (JsonMember member in entry.Members)
        {
            // serde reads an adjacently tagged enum's fields and skips any other; a repeated field is its error.
            if (member.Key is "operation" or "spec")
            {
                if ((member.Key == "operation" ? operation : spec) is { } first)
                {
                    Shape(member.KeyLocation, $"{what}'s \"{member.Key}\"", "written once (the first is at " + first.KeyLocation.Display + ")", "written twice");
                    return null;
                }

                if (member.Key == "operation")
                {
                    operation = member;
                }
                else
                {
                    spec = member;
                }
            }
        }

        if (operation is null || spec is null)
        {
            Report(DiagnosticDescriptors.RequiredKeyMissing, entry.Location, what, operation is null ? "operation" : "spec");
            return null;
        }

        if (operation.Value.Kind != JsonSyntaxKind.String)
        {
            Shape(operation.Value.Location, $"{what}'s \"operation\"", "a string", JsonSyntax.Describe(operation.Value.Kind));
            return null;
        }

        string name = operation.Value.Text;
        switch (name)
        {
            case "shift":
                if (spec.Value.Kind != JsonSyntaxKind.Object)
                {
                    Shape(spec.Value.Location, $"{what}'s shift \"spec\"", "an object", JsonSyntax.Describe(spec.Value.Kind));
                    return null;
                }

                ShiftNode? node = ShiftObject(spec.Value);
                return node is null ? null : new JoltOperation(JoltOperationKind.Shift, node, EquatableArray<JoltLeaf>.Empty);
            case "default":
            case "remove":
                return new JoltOperation(name == "default" ? JoltOperationKind.Default : JoltOperationKind.Remove, null, Leaves(spec.Value));
            case "modify-overwrite-beta":
            case "modify-default-beta":
            case "modify-define-beta":
                return Modify(name, spec.Value, what);
            default:
                string hint = name is "cardinality" or "sort"
                    ? "; Java JOLT has it, harmony-jolt does not"
                    : NameSuggester.Hint(name, s_operations);
                Report(DiagnosticDescriptors.TransformOperationUnknown, operation.Value.Location, name, hint);
                return null;
        }
    }

    /// <summary>fluvio-jolt's SpecIter: every scalar, depth first; empty objects and arrays have no leaf.</summary>
    private static EquatableArray<JoltLeaf> Leaves(JsonSyntax spec)
    {
        var leaves = new List<JoltLeaf>();
        var path = new List<string>();
        Visit(spec);
        return leaves.ToEquatableArray();

        void Visit(JsonSyntax node)
        {
            switch (node.Kind)
            {
                case JsonSyntaxKind.Object:
                    foreach (JsonMember member in LastValueWins(node.Members))
                    {
                        path.Add(member.Key);
                        Visit(member.Value);
                        path.RemoveAt(path.Count - 1);
                    }

                    break;
                case JsonSyntaxKind.Array:
                    for (int i = 0; i < node.Items.Count; i++)
                    {
                        path.Add(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                        Visit(node.Items[i]);
                        path.RemoveAt(path.Count - 1);
                    }

                    break;
                default:
                    leaves.Add(new JoltLeaf(path.ToEquatableArray(), Literal(node)));
                    break;
            }
        }
    }

    private ShiftNode? ShiftObject(JsonSyntax json)
    {
        var infallible = new List<ShiftEntry>();
        var literal = new List<ShiftEntry>();
        var amp = new List<ShiftEntry>();
        var pipes = new List<ShiftEntry>();
        var keys = new Dictionary<string, LocationInfo>(System.StringComparer.Ordinal);
        bool ok = true;
        foreach (JsonMember member in json.Members)
        {
            if (keys.TryGetValue(member.Key, out LocationInfo? first))
            {
                Report(DiagnosticDescriptors.TransformKeyDuplicate, member.KeyLocation, first, member.Key);
                ok = false;
                continue;
            }

            keys.Add(member.Key, member.KeyLocation);
            JoltLhs lhs;
            try
            {
                lhs = JoltDslParser.ParseLhs(member.Key);
            }
            catch (JoltDslException ex)
            {
                Report(DiagnosticDescriptors.TransformExpressionInvalid, member.KeySyntax.At(ex.Position, ex.Length), member.Key, "shift key", ex.Message);
                ok = false;
                continue;
            }

            bool matchesKeys = lhs.Kind is JoltLhsKind.Literal or JoltLhsKind.Amp or JoltLhsKind.Pipes;
            ShiftEntry? entry = (matchesKeys ? KeyedValue(lhs, member) : ValueOnly(lhs, member)) is { } read ? read with { Written = member.Key } : null;
            if (entry is null)
            {
                ok = false;
                continue;
            }

            (lhs.Kind switch
            {
                JoltLhsKind.Literal => literal,
                JoltLhsKind.Amp => amp,
                JoltLhsKind.Pipes => pipes,
                _ => infallible,
            }).Add(entry);
        }

        return ok ? new ShiftNode(infallible.ToEquatableArray(), literal.ToEquatableArray(), amp.ToEquatableArray(), pipes.ToEquatableArray()) : null;
    }

    /// <summary>A key that matches input keys (REntry): a target, an array of targets, a nested object, or null.</summary>
    private ShiftEntry? KeyedValue(JoltLhs lhs, JsonMember member)
    {
        JsonSyntax value = member.Value;
        switch (value.Kind)
        {
            case JsonSyntaxKind.Object:
                ShiftNode? inner = ShiftObject(value);
                return inner is null ? null : new ShiftEntry(lhs, inner, EquatableArray<JoltRhs>.Empty);
            case JsonSyntaxKind.Null:
                return new ShiftEntry(lhs, null, EquatableArray<JoltRhs>.Empty);
            case JsonSyntaxKind.String:
                return Target(value) is { } rhs ? new ShiftEntry(lhs, null, new[] { rhs }.ToEquatableArray()) : null;
            case JsonSyntaxKind.Array:
            {
                var targets = new List<JoltRhs>();
                bool ok = true;
                foreach (JsonSyntax item in value.Items)
                {
                    if (item.Kind != JsonSyntaxKind.String)
                    {
                        Shape(item.Location, $"A target of shift key '{member.Key}'", "a string", JsonSyntax.Describe(item.Kind));
                        ok = false;
                    }
                    else if (Target(item) is { } itemTarget)
                    {
                        targets.Add(itemTarget);
                    }
                    else
                    {
                        ok = false;
                    }
                }

                return ok ? new ShiftEntry(lhs, null, targets.ToEquatableArray()) : null;
            }

            default:
                Shape(value.Location, $"The value of shift key '{member.Key}'", "a target path, an array of them, an object or null", JsonSyntax.Describe(value.Kind));
                return null;
        }
    }

    /// <summary>A <c>$</c>, <c>@</c> or <c>#</c> key (Rhss): targets only, arrays flattened; no object, no null.</summary>
    private ShiftEntry? ValueOnly(JoltLhs lhs, JsonMember member)
    {
        var targets = new List<JoltRhs>();
        bool ok = true;
        Collect(member.Value);
        return ok ? new ShiftEntry(lhs, null, targets.ToEquatableArray()) : null;

        void Collect(JsonSyntax value)
        {
            if (value.Kind == JsonSyntaxKind.String)
            {
                if (Target(value) is { } rhs)
                {
                    targets.Add(rhs);
                }
                else
                {
                    ok = false;
                }
            }
            else if (value.Kind == JsonSyntaxKind.Array)
            {
                foreach (JsonSyntax item in value.Items)
                {
                    Collect(item);
                }
            }
            else
            {
                Shape(value.Location, $"The value of shift key '{member.Key}'", "a target path or an array of them (a '$', '@' or '#' key puts a value, it cannot hold an object)", JsonSyntax.Describe(value.Kind));
                ok = false;
            }
        }
    }

    private JoltRhs? Target(JsonSyntax value)
    {
        try
        {
            return JoltDslParser.ParseRhs(value.Text);
        }
        catch (JoltDslException ex)
        {
            Report(DiagnosticDescriptors.TransformExpressionInvalid, value.At(ex.Position, ex.Length), value.Text, "target path", ex.Message);
            return null;
        }
    }

    private static JoltLiteral Literal(JsonSyntax node) => new(node.Kind, node.Text);

    private void Shape(LocationInfo where, string what, string expected, string actual) =>
        Report(DiagnosticDescriptors.TransformSpecShape, where, what, expected, actual);

    private void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, LocationInfo where, params string[] args) =>
        _diagnostics.Add(DiagnosticInfo.Create(descriptor, where, args));

    private void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, LocationInfo where, LocationInfo other, params string[] args) =>
        _diagnostics.Add(DiagnosticInfo.Create(descriptor, where, other, args));
}
