using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using HarmonyGen.Generator.Transforms;

namespace HarmonyGen.Generator.Emit;

/// <summary>
/// The modify operations: each spec object a method over the input level it stands for (its literal keys one by one,
/// its wildcard keys a method tried on each input key), each value a chain of reads and function calls that yields a
/// <c>JoltArg</c>, written in place only when it is there. Levels of <c>@(n,...)</c> are counted from the key being
/// written, as Java JOLT's walked path counts them; one that reaches above the input is known here and emitted as missing.
/// </summary>
internal sealed partial class TransformEmitter
{
    private const string Arg = T + ".JoltArg";
    private const string Write = T + ".JoltModifyWrite";

    private readonly List<(string Name, ModifyNode Node, int Depth)> _pendingModify = new();

    private void EmitModify(int index, JoltOperation operation)
    {
        string mode = T + ".JoltWrite." + operation.Kind switch
        {
            JoltOperationKind.ModifyDefault => "IfAbsent",
            JoltOperationKind.ModifyDefine => "IfAbsentOrNull",
            _ => "Overwrite",
        };
        string root = NodeName();
        _w.Line($"/// <summary>Operation {index}: {OperationName(operation.Kind)}. Computes values from the input and writes them into it, in place.</summary>");
        _w.Open($"private static {Node}? Modify{index}({Node}? input)");
        _w.Open("if (input is not null)");
        _w.Line($"var path = new {T}.JoltPath(input);");
        _w.Line("path.PushSame();");
        _w.Line($"{root}(path, input);");
        _w.Close();
        _w.Line();
        _w.Line("return input;");
        _w.Close();
        _pendingModify.Add((root, operation.Modify!, 0));
        while (_pendingModify.Count > 0)
        {
            (string name, ModifyNode node, int depth) = _pendingModify[0];
            _pendingModify.RemoveAt(0);
            _w.Line();
            EmitModifyNode(name, node, depth, mode);
        }
    }

    /// <summary>One spec object at <paramref name="depth"/> (the root's is 0), applied to the object or array <c>here</c>.</summary>
    private void EmitModifyNode(string name, ModifyNode node, int depth, string mode)
    {
        _w.Open($"private static void {name}({T}.JoltPath path, {Node} here)");
        _w.Line(node.AcceptsArrays
            ? "if (here is not global::System.Text.Json.Nodes.JsonObject && here is not global::System.Text.Json.Nodes.JsonArray)"
            : "if (here is not global::System.Text.Json.Nodes.JsonObject)");
        _w.Line("{");
        _w.Line("    return;");
        _w.Line("}");
        foreach (ModifyEntry entry in node.Literal)
        {
            _w.Line();
            _w.Line($"// {SourceWriter.Literal(entry.Written)}");
            _w.Line("{");
            _w.Indent();
            EmitModifyEntry(entry, SourceWriter.Literal(entry.Key), entry.Index.ToString(CultureInfo.InvariantCulture), null, depth + 1, mode);
            _w.Outdent();
            _w.Line("}");
        }

        if (node.Computed.Count > 0)
        {
            _w.Line();
            _w.Open("if (here is global::System.Text.Json.Nodes.JsonObject members)");
            _w.Line("for (int i = 0; i < members.Count; i++)");
            _w.Line("{");
            _w.Line($"    global::System.Collections.Generic.KeyValuePair<string, {Node}?> member = members.GetAt(i);");
            _w.Line($"    {name}Key(path, here, member.Key, -1, member.Value);");
            _w.Line("}");
            _w.Close();
            _w.Open("else if (here is global::System.Text.Json.Nodes.JsonArray elements)");
            _w.Line("for (int i = 0; i < elements.Count; i++)");
            _w.Line("{");
            _w.Line($"    {name}Key(path, here, {T}.JoltKeys.Index(i), i, elements[i]);");
            _w.Line("}");
            _w.Close();
        }

        _w.Close();
        if (node.Computed.Count == 0)
        {
            return;
        }

        _w.Line();
        _w.Open($"private static void {name}Key({T}.JoltPath path, {Node} here, string key, int index, {Node}? value)");
        _w.Line("string[]? matches;");
        foreach (ModifyEntry entry in node.Computed)
        {
            string test = string.Join(" || ", entry.Alternatives.Select(a => $"(matches = {T}.JoltWildcard.Match(key, {Field("string[]", "new string[] { " + string.Join(", ", a.Segments.Select(SourceWriter.Literal)) + " }")})) is not null"));
            _w.Line($"// {SourceWriter.Literal(entry.Written)}");
            _w.Open($"if ({test})");
            EmitModifyEntry(entry, "key", "index", "matches!", depth + 1, mode);
            _w.Line("return;");
            _w.Close();
            _w.Line();
        }

        _w.Close();
    }

    /// <summary>A member that applies: go into its spec object, or compute its values and write the first there is.</summary>
    /// <param name="matches">The wildcard's matches, or null for a literal key (matched as itself).</param>
    private void EmitModifyEntry(ModifyEntry entry, string key, string index, string? matches, int depth, string mode)
    {
        string pushed = matches ?? key;
        if (entry.Object is { } inner)
        {
            string child = NodeName();
            _pendingModify.Add((child, inner, depth));
            _w.Line($"{Node}? child = {Write}.Enter(here, {key}, {index}, {Bool(inner.AcceptsArrays)}, {Bool(inner.Creates)}, {mode});");
            _w.Open("if (child is not null)");
            _w.Line($"path.Push({pushed}, child);");
            _w.Line($"{child}(path, child);");
            _w.Line("path.Pop();");
            _w.Close();
            return;
        }

        _w.Line(matches is null ? $"{Arg} current = {Write}.Read(here, {key}, {index});" : $"{Arg} current = {Arg}.Of(value);");
        _w.Line($"path.Push({pushed}, current.Value);");
        for (int i = 0; i < entry.Values.Count; i++)
        {
            string value = ValueExpression(entry.Values[i], depth);
            _w.Line(i == 0 ? $"{Arg} result = {value};" : $"result = result.Present ? result : {value};");
        }

        _w.Open("if (result.Present)");
        _w.Line($"{Write}.Set(here, {key}, {index}, result.Value, {mode});");
        _w.Close();
        _w.Line();
        _w.Line("path.Pop();");
    }

    private string ValueExpression(ModifyValue value, int depth)
    {
        switch (value.Kind)
        {
            case ModifyValueKind.Literal:
                return $"{Arg}.Of({LiteralNode(value.Literal!)})";
            case ModifyValueKind.Lookup:
                return Lookup(value.Lookup!, depth) + ".Cloned()";
            default:
                string args = value.OnSelf ? "current" : string.Join(", ", value.Args.Select(a => ArgExpression(a, depth)));
                return $"{T}.JoltFunctions.{char.ToUpperInvariant(value.Function[0])}{value.Function.Substring(1)}([{args}])";
        }
    }

    /// <summary>A literal argument is a shared constant (functions only read their arguments); a read is evaluated here.</summary>
    private string ArgExpression(ModifyArg arg, int depth) =>
        arg.Literal is { } literal ? $"{Arg}.Of({Field(Node + "?", LiteralNode(literal))})"
        : arg.Context is { } key ? $"{Arg}.Context(path.ValueAt({(depth + 1).ToString(CultureInfo.InvariantCulture)}), {SourceWriter.Literal(key)})"
        : Lookup(arg, depth);

    /// <summary><c>@(level,path)</c> read from the key being written, <paramref name="depth"/> levels below the input's root.</summary>
    private static string Lookup(ModifyArg arg, int depth)
    {
        // The walked path holds the input twice (Modifier.transform, then its root spec), then one level per key.
        if (arg.Level > depth + 1)
        {
            return $"{Arg}.Missing";
        }

        var chain = new System.Text.StringBuilder($"{Arg}.Of(path.ValueAt({arg.Level.ToString(CultureInfo.InvariantCulture)}))");
        foreach (JoltRhsPart part in arg.Path!.Parts)
        {
            if (part.Kind == JoltRhsPartKind.Index)
            {
                JoltIndexOp op = part.Index!;
                chain.Append(op.Kind == JoltIndexOpKind.Literal
                    ? $".Index({op.Literal.ToString(CultureInfo.InvariantCulture)})"
                    : $".Index({Arg}.ParseIndex(path.MatchOrNull({op.Level}, {op.Match})))");
                continue;
            }

            IEnumerable<string> pieces = part.Entries.Select(e => e.Kind == JoltRhsEntryKind.Amp ? $"path.MatchOrNull({e.Level}, {e.Match})" : SourceWriter.Literal(e.Key));
            chain.Append(part.Entries.Count == 1 ? $".Key({pieces.Single()})" : $".Key({Arg}.Join([{string.Join(", ", pieces)}]))");
        }

        return chain.ToString();
    }

    /// <summary>A literal as a new node: a default's scalars, and the empty object and array a modify may write.</summary>
    private static string LiteralNode(JoltLiteral literal) => literal.Kind switch
    {
        JsonSyntaxKind.Object => "new global::System.Text.Json.Nodes.JsonObject()",
        JsonSyntaxKind.Array => "new global::System.Text.Json.Nodes.JsonArray()",
        JsonSyntaxKind.Null => $"({Node}?)null",
        _ => Literal(literal),
    };

    private static string Bool(bool value) => value ? "true" : "false";
}
