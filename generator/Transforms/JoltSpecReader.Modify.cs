using System.Collections.Generic;
using System.Linq;

namespace HarmonyGen.Generator.Transforms;

/// <summary>
/// The three modify operations Harmony's docs (aurabx/harmony docs/transforms.md) name, read as Java JOLT's Modifier
/// reads them (ModifierCompositeSpec, ModifierLeafSpec, SpecStringParser.parseFunctionArgs, FunctionArg), with what
/// Harmony's docs leave open refused at its span rather than guessed.
/// </summary>
internal sealed partial class JoltSpecReader
{
    /// <summary>The functions compiled: the six Harmony's docs list, and Java JOLT's split, which Harmony's examples use.</summary>
    internal static readonly string[] ModifyFunctions = { "concat", "toLower", "toUpper", "substring", "trim", "join", "split" };

    private static readonly string[] s_javaOnlyFunctions =
    {
        "min", "max", "abs", "avg", "intSum", "doubleSum", "longSum", "div", "divide", "toInteger", "toDouble", "toLong",
        "toBoolean", "toString", "size", "noop", "isPresent", "notNull", "isNull", "firstElement", "lastElement",
        "elementAt", "toList", "sort", "leftPad", "rightPad", "squashNulls", "recursivelySquashNulls", "squashDuplicates",
    };

    private const string RegexCharacters = "\\^$.|?*+()[]{}";

    private JoltOperation? Modify(string name, JsonSyntax spec, string what)
    {
        if (spec.Kind != JsonSyntaxKind.Object)
        {
            Shape(spec.Location, $"{what}'s {name} \"spec\"", "an object", JsonSyntax.Describe(spec.Kind));
            return null;
        }

        JoltOperationKind kind = name switch
        {
            "modify-overwrite-beta" => JoltOperationKind.ModifyOverwrite,
            "modify-default-beta" => JoltOperationKind.ModifyDefault,
            _ => JoltOperationKind.ModifyDefine,
        };
        ModifyNode? node = ModifyObject(spec);
        return node is null ? null : new JoltOperation(kind, null, EquatableArray<JoltLeaf>.Empty, node);
    }

    private ModifyNode? ModifyObject(JsonSyntax json)
    {
        var literal = new List<ModifyEntry>();
        var computed = new List<ModifyEntry>();
        var everything = new List<ModifyEntry>();
        bool ok = true;
        foreach (JsonMember member in LastValueWins(json.Members))
        {
            ModifyEntry? entry = ModifyMember(member);
            if (entry is null)
            {
                ok = false;
                continue;
            }

            (entry.Alternatives.Count == 0 ? literal : computed).Add(entry);
        }

        if (!ok)
        {
            return null;
        }

        // Java sorts its computed keys so that a lone '*', which matches anything, is tried last.
        everything.AddRange(computed.Where(e => !IsStarAll(e)));
        everything.AddRange(computed.Where(IsStarAll));
        bool anyNamedKey = literal.Count > 0 || computed.Any(e => !IsStarAll(e));
        bool acceptsArrays = literal.All(e => e.Index >= 0) && computed.All(IsStarAll);
        return new ModifyNode(literal.ToEquatableArray(), everything.ToEquatableArray(), acceptsArrays, anyNamedKey);
    }

    private static bool IsStarAll(ModifyEntry entry) =>
        entry.Alternatives.Count == 1 && entry.Alternatives[0].Segments.Count == 2 && entry.Alternatives[0].Segments.All(s => s.Length == 0);

    /// <summary>serde_json and Jackson keep one member per key, at the first key's place, with the last value.</summary>
    private static List<JsonMember> LastValueWins(EquatableArray<JsonMember> all)
    {
        var seen = new Dictionary<string, int>(System.StringComparer.Ordinal);
        var members = new List<JsonMember>();
        foreach (JsonMember member in all)
        {
            if (seen.TryGetValue(member.Key, out int at))
            {
                members[at] = member with { KeyLocation = members[at].KeyLocation };
            }
            else
            {
                seen.Add(member.Key, members.Count);
                members.Add(member);
            }
        }

        return members;
    }

    private ModifyEntry? ModifyMember(JsonMember member)
    {
        string key = member.Key;
        JsonSyntax keySyntax = member.KeySyntax;
        if (key.Length > 0 && key[0] is '+' or '~' or '_')
        {
            Report(DiagnosticDescriptors.TransformModifyKey, keySyntax.At(0, 1), key, $"Java JOLT reads a leading '{key[0]}' as a write mode of its own, which Harmony's docs do not describe; the operation decides how a value is written");
            return null;
        }

        if (key.Length > 1 && key[key.Length - 1] == '?' && !key.EndsWith("\\?", System.StringComparison.Ordinal))
        {
            Report(DiagnosticDescriptors.TransformModifyKey, keySyntax.At(key.Length - 1, 1), key, "Java JOLT reads a trailing '?' as \"only when the input has the key\", which Harmony's docs do not describe");
            return null;
        }

        string literalKey;
        EquatableArray<JoltStars> alternatives = EquatableArray<JoltStars>.Empty;
        if (key.Length == 0)
        {
            literalKey = key;
        }
        else
        {
            JoltLhs lhs;
            try
            {
                lhs = JoltDslParser.ParseLhs(key);
            }
            catch (JoltDslException ex)
            {
                Report(DiagnosticDescriptors.TransformExpressionInvalid, keySyntax.At(ex.Position, ex.Length), key, "modify key", ex.Message);
                return null;
            }

            switch (lhs.Kind)
            {
                case JoltLhsKind.Literal:
                    literalKey = lhs.Text;
                    break;
                case JoltLhsKind.Pipes:
                    literalKey = string.Empty;
                    alternatives = lhs.Alternatives;
                    break;
                default:
                    Report(DiagnosticDescriptors.TransformModifyKey, member.KeyLocation, key, "'&', '$', '@' and '#' keys belong to shift; a modify key is a name, a '*' wildcard or 'a|b' alternatives");
                    return null;
            }
        }

        int index = alternatives.Count == 0 && key.Length is > 0 and < 10 && key.All(c => c is >= '0' and <= '9') && (key.Length == 1 || key[0] != '0')
            ? int.Parse(key, System.Globalization.CultureInfo.InvariantCulture)
            : -1;
        JsonSyntax value = member.Value;
        if (value.Kind == JsonSyntaxKind.Object && value.Members.Count > 0)
        {
            ModifyNode? inner = ModifyObject(value);
            return inner is null ? null : new ModifyEntry(literalKey, index, alternatives, inner, EquatableArray<ModifyValue>.Empty, key);
        }

        EquatableArray<ModifyValue>? values = ModifyValues(member);
        return values is { } read ? new ModifyEntry(literalKey, index, alternatives, null, read, key) : null;
    }

    /// <summary>ModifierLeafSpec: a string, a list of them (the first that gives a value wins), or a JSON value written as it is.</summary>
    private EquatableArray<ModifyValue>? ModifyValues(JsonMember member)
    {
        JsonSyntax value = member.Value;
        if (value.Kind != JsonSyntaxKind.Array || value.Items.Count == 0)
        {
            return ModifyValue(member, value) is { } single ? new[] { single }.ToEquatableArray() : null;
        }

        var values = new List<ModifyValue>();
        bool ok = true;
        foreach (JsonSyntax item in value.Items)
        {
            if (item.Kind is JsonSyntaxKind.Object or JsonSyntaxKind.Array && (item.Members.Count > 0 || item.Items.Count > 0))
            {
                Shape(item.Location, $"A value of modify key '{member.Key}'", "a string, a number, true, false, null, {} or []", JsonSyntax.Describe(item.Kind) + " with members");
                ok = false;
            }
            else if (ModifyValue(member, item) is { } read)
            {
                values.Add(read);
            }
            else
            {
                ok = false;
            }
        }

        return ok ? values.ToEquatableArray() : null;
    }

    private ModifyValue? ModifyValue(JsonMember member, JsonSyntax value)
    {
        if (value.Kind != JsonSyntaxKind.String)
        {
            return new ModifyValue(ModifyValueKind.Literal, Literal(value), null, string.Empty, false, EquatableArray<ModifyArg>.Empty);
        }

        string text = value.Text;
        if (text.StartsWith("=", System.StringComparison.Ordinal))
        {
            return FunctionCall(member, value);
        }

        if (text.StartsWith("@", System.StringComparison.Ordinal))
        {
            return Lookup(value, text, 0) is { } lookup ? new ModifyValue(ModifyValueKind.Lookup, null, lookup, string.Empty, false, EquatableArray<ModifyArg>.Empty) : null;
        }

        if (text.StartsWith("^", System.StringComparison.Ordinal))
        {
            Syntax(value, 0, text.Length, ContextOnlyAsArgument);
            return null;
        }

        return new ModifyValue(ModifyValueKind.Literal, Literal(value), null, string.Empty, false, EquatableArray<ModifyArg>.Empty);
    }

    private const string ContextOnlyAsArgument = "'^key' is compiled as a function argument ('=concat(^key)'), where harmony-jolt reads the key of the input's \"context\" member; what harmony-jolt makes of a whole value '^key' is not known";

    /// <summary><c>=fn</c> or <c>=fn(args)</c>, split as SpecStringParser.parseFunctionArgs splits it: at commas outside quotes and parentheses.</summary>
    private ModifyValue? FunctionCall(JsonMember member, JsonSyntax value)
    {
        string text = value.Text;
        int open = text.IndexOf('(');
        bool closes = text.EndsWith(")", System.StringComparison.Ordinal);
        if (open < 0 && !closes)
        {
            string bare = text.Substring(1);
            return FunctionName(value, bare, 1) ? new ModifyValue(ModifyValueKind.Function, null, null, bare, true, EquatableArray<ModifyArg>.Empty) : null;
        }

        if (open < 0)
        {
            Syntax(value, text.Length - 1, 1, "')' with no '('");
            return null;
        }

        if (!closes)
        {
            Syntax(value, text.Length, 0, "the arguments must end with ')' as the last character");
            return null;
        }

        string name = text.Substring(1, open - 1);
        if (!FunctionName(value, name, 1))
        {
            return null;
        }

        var args = new List<ModifyArg>();
        var spans = new List<(int Start, int Length)>();
        bool ok = true;
        string inner = text.Substring(open + 1, text.Length - open - 2);
        if (inner.Trim().Length > 0)
        {
            foreach ((int start, int length) in SplitArgs(value, inner, open + 1))
            {
                if (start < 0)
                {
                    return null;
                }

                spans.Add((start, length));
                if (Argument(value, text.Substring(start, length), start) is { } arg)
                {
                    args.Add(arg);
                }
                else
                {
                    ok = false;
                }
            }
        }

        if (!ok || !Arity(value, name, args, spans))
        {
            return null;
        }

        return new ModifyValue(ModifyValueKind.Function, null, null, name, false, args.ToEquatableArray());
    }

    private bool FunctionName(JsonSyntax value, string name, int at)
    {
        if (name.Length == 0 || !char.IsLetter(name[0]) || !name.All(char.IsLetterOrDigit))
        {
            Syntax(value, at, name.Length, "a function call is '=name(arguments)' or '=name'");
            return false;
        }

        if (System.Array.IndexOf(ModifyFunctions, name) >= 0)
        {
            return true;
        }

        string documented = "harmony-jolt 0.5.0, Harmony's engine, has concat, toLower, toUpper, substring, trim and join and fails the transform on any other name (0.8.0 adds split, which HarmonyGen compiles)";
        string hint = name == "ifEquals"
            ? $"; {documented}; Java JOLT has no ifEquals either (an unknown function there quietly gives its first argument)"
            : System.Array.IndexOf(s_javaOnlyFunctions, name) >= 0
                ? $"; it is Java JOLT's, and {documented}"
                : $"; {documented}" + NameSuggester.Hint(name, ModifyFunctions);
        Report(DiagnosticDescriptors.TransformFunctionUnknown, value.At(at, name.Length), name, hint);
        return false;
    }

    /// <summary>The arguments' spans (trimmed, as Java trims them), or one (-1, 0) after reporting an unclosed quote.</summary>
    private IEnumerable<(int Start, int Length)> SplitArgs(JsonSyntax value, string inner, int offset)
    {
        var spans = new List<(int, int)>();
        int depth = 0;
        bool quoted = false;
        int start = 0;
        for (int i = 0; i <= inner.Length; i++)
        {
            char c = i < inner.Length ? inner[i] : ',';
            if (c == '\'')
            {
                quoted = !quoted;
            }
            else if (!quoted && c == '(')
            {
                depth++;
            }
            else if (!quoted && c == ')')
            {
                depth = System.Math.Max(depth - 1, 0);
            }
            else if (!quoted && depth == 0 && c == ',')
            {
                string piece = inner.Substring(start, i - start);
                int lead = piece.Length - piece.TrimStart().Length;
                spans.Add((offset + start + lead, piece.Trim().Length));
                start = i + 1;
            }
        }

        if (quoted)
        {
            Syntax(value, offset + inner.LastIndexOf('\''), 1, "a quote that is not closed");
            return new[] { (-1, 0) };
        }

        return spans;
    }

    /// <summary>FunctionArg.forLiteral and constructSingleArg: a quoted text, a number, true, false, or an <c>@</c> read.</summary>
    private ModifyArg? Argument(JsonSyntax value, string arg, int at)
    {
        if (arg.Length == 0)
        {
            Syntax(value, at, 0, "an empty argument (Java JOLT passes null, which no function here uses)");
            return null;
        }

        if (arg[0] == '\'')
        {
            if (arg.Length < 2 || arg[arg.Length - 1] != '\'')
            {
                Syntax(value, at, arg.Length, "a quoted text runs from ' to '");
                return null;
            }

            return new ModifyArg(new JoltLiteral(JsonSyntaxKind.String, arg.Substring(1, arg.Length - 2)), 0, null);
        }

        if (arg[0] == '@')
        {
            return Lookup(value, arg, at);
        }

        if (arg[0] == '^')
        {
            // harmony-jolt's FunctionArg::ContextRef: the rest of the argument is one key of the input's "context".
            if (arg.Length == 1)
            {
                Syntax(value, at, arg.Length, "'^' needs the key of the input's \"context\" member to read ('^key')");
                return null;
            }

            return new ModifyArg(null, 0, null, arg.Substring(1));
        }

        if (string.Equals(arg, "true", System.StringComparison.OrdinalIgnoreCase) || string.Equals(arg, "false", System.StringComparison.OrdinalIgnoreCase))
        {
            bool truth = string.Equals(arg, "true", System.StringComparison.OrdinalIgnoreCase);
            return new ModifyArg(new JoltLiteral(truth ? JsonSyntaxKind.True : JsonSyntaxKind.False, string.Empty), 0, null);
        }

        if (IsNumber(arg))
        {
            return new ModifyArg(new JoltLiteral(JsonSyntaxKind.Number, arg.TrimStart('+')), 0, null);
        }

        Syntax(value, at, arg.Length, arg.IndexOf('(') >= 0
            ? "a function call cannot be an argument (Java JOLT would pass this text as it is)"
            : $"Harmony's docs say an unquoted identifier is looked up, without saying where; write '@(1,{arg})' for a value of the input, or '{arg}' in single quotes for the text");
        return null;
    }

    private static bool IsNumber(string arg)
    {
        int i = arg[0] is '-' or '+' ? 1 : 0;
        int digits = 0;
        int dots = 0;
        for (; i < arg.Length; i++)
        {
            if (arg[i] is >= '0' and <= '9')
            {
                digits++;
            }
            else if (arg[i] == '.' && dots == 0)
            {
                dots++;
            }
            else
            {
                return false;
            }
        }

        return digits > 0 && digits < 16;
    }

    /// <summary>An <c>@(n,path)</c> read: keys, <c>&amp;</c> references and indexes, which a modify reads from the input as it stands.</summary>
    private ModifyArg? Lookup(JsonSyntax value, string arg, int at)
    {
        JoltRhs rhs;
        try
        {
            rhs = JoltDslParser.ParseRhs(arg);
        }
        catch (JoltDslException ex)
        {
            Report(DiagnosticDescriptors.TransformExpressionInvalid, value.At(at + ex.Position, ex.Length), arg, "modify argument", ex.Message);
            return null;
        }

        if (rhs.Parts.Count != 1 || rhs.Parts[0].Kind != JoltRhsPartKind.Key || rhs.Parts[0].Entries[0].Kind != JoltRhsEntryKind.At)
        {
            Syntax(value, at, arg.Length, "an argument reads one value, '@(n,path)'; it is not a path after it");
            return null;
        }

        JoltRhsEntry read = rhs.Parts[0].Entries[0];
        foreach (JoltRhsPart part in read.Path!.Parts)
        {
            bool plain = part.Kind == JoltRhsPartKind.Index
                ? part.Index!.Kind is JoltIndexOpKind.Literal or JoltIndexOpKind.Amp
                : part.Entries.All(e => e.Kind is JoltRhsEntryKind.Key or JoltRhsEntryKind.Amp);
            if (!plain)
            {
                Syntax(value, at, arg.Length, "the path of a modify read is keys, '&' references and '[n]' indexes; '[]' and a nested '@' are not compiled");
                return null;
            }
        }

        return new ModifyArg(null, read.Level, read.Path);
    }

    /// <summary>Calls that Java JOLT's functions answer with nothing whatever the input: a build error, not a silent no-op.</summary>
    private bool Arity(JsonSyntax value, string name, List<ModifyArg> args, List<(int Start, int Length)> spans)
    {
        string call = value.Text.Substring(1);
        string? problem = null;
        int at = 1;
        int length = call.Length;
        switch (name)
        {
            case "substring":
                if (args.Count != 3)
                {
                    problem = "substring takes three arguments, (text, start, end)";
                }
                else if (args[0].Literal is { Kind: not JsonSyntaxKind.String })
                {
                    (problem, at, length) = ("substring's first argument is the text", spans[0].Start, spans[0].Length);
                }
                else
                {
                    for (int i = 1; i < 3 && problem is null; i++)
                    {
                        if (args[i].Literal is { } literal && (literal.Kind != JsonSyntaxKind.Number || !int.TryParse(literal.Text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _)))
                        {
                            (problem, at, length) = ($"substring's {(i == 1 ? "start" : "end")} is a whole number", spans[i].Start, spans[i].Length);
                        }
                    }

                    if (problem is null && args[1].Literal is { } s && args[2].Literal is { } e)
                    {
                        int start = int.Parse(s.Text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture);
                        int end = int.Parse(e.Text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture);
                        if (start < 0 || start >= end)
                        {
                            (problem, at, length) = ($"substring from {start} to {end} is never a text (the start must be 0 or more and below the end)", spans[1].Start, spans[2].Start + spans[2].Length - spans[1].Start);
                        }
                    }
                }

                break;
            case "join":
            case "split":
                if (args.Count < 2)
                {
                    problem = $"{name} takes a separator and at least one value, ({(name == "join" ? "separator, values..." : "separator, text")})";
                }
                else if (name == "join" && args[0].Literal is { Kind: not JsonSyntaxKind.String })
                {
                    (problem, at, length) = ("join's separator is a quoted text", spans[0].Start, spans[0].Length);
                }
                else if (name == "split" && (args[0].Literal is not { Kind: JsonSyntaxKind.String } separator || separator.Text.Length == 0 || separator.Text.IndexOfAny(RegexCharacters.ToCharArray()) >= 0))
                {
                    (problem, at, length) = ("split's separator must be a quoted, non-empty text without regex characters (Java JOLT reads it as a regex, and Harmony's docs do not say how theirs reads it)", spans[0].Start, spans[0].Length);
                }

                break;
            case "concat":
                if (args.Count == 0)
                {
                    problem = "concat() has nothing to concatenate";
                }
                else if (args.Count == 1 && args[0].Literal is not null)
                {
                    problem = "concat of one literal gives nothing (Java JOLT concatenates several values, or the items of one list); write the value itself";
                }

                break;
            default:
                if (args.Count == 0)
                {
                    problem = $"{name}() has no argument and gives nothing; '={name}' applies it to the key's own value";
                }
                else if (args.Count > 1 && name is "toLower" or "toUpper")
                {
                    // harmony-jolt 0.7.0 functions.rs: "toLower expects 1 argument", a FunctionArgumentError that fails the transform.
                    (problem, at, length) = ($"harmony-jolt's {name} takes one argument and fails the transform on more (Java JOLT's list form is not Harmony's)", spans[1].Start, spans[spans.Count - 1].Start + spans[spans.Count - 1].Length - spans[1].Start);
                }
                else if (args.Count == 1 && args[0].Literal is { Kind: JsonSyntaxKind.Number or JsonSyntaxKind.True or JsonSyntaxKind.False } && name is "toLower" or "toUpper")
                {
                    // harmony-jolt turns the value to text first, so a number or boolean literal has a value.
                }
                else if (args.Count == 1 && args[0].Literal is { Kind: not JsonSyntaxKind.String })
                {
                    problem = $"{name} of a literal that is not a text gives nothing";
                }

                break;
        }

        if (problem is null)
        {
            return true;
        }

        Report(DiagnosticDescriptors.TransformFunctionArguments, value.At(at, length), $"'{value.Text}' never gives a value", problem);
        return false;
    }

    private void Syntax(JsonSyntax value, int at, int length, string why) =>
        Report(DiagnosticDescriptors.TransformFunctionSyntax, value.At(at, length), value.Text, why);
}
