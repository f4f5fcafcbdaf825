using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis.Text;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace HarmonyGen.Generator.Parsing;

/// <summary>
/// Stage 1: TOML text to a <see cref="TomlDocument"/>. Knows TOML and Tomlyn's syntax tree; knows nothing of
/// gateways or C#. Every key and value keeps its exact span; syntax errors become diagnostics, never exceptions.
/// </summary>
internal static class TomlDocumentParser
{
    public static TomlDocument Parse(string filePath, SourceText text)
    {
        var reader = new Reader(filePath, text);
        try
        {
            reader.Read();
        }
        catch (Exception ex)
        {
            // Tomlyn should report, not throw; if it ever throws, the build still gets a diagnostic and no crash.
            reader.Diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.TomlSyntaxError, reader.Location(0, 0), $"the TOML parser failed: {ex.GetType().Name}"));
        }

        return new TomlDocument(filePath, reader.Tables.ToEquatableArray(), reader.Entries.ToEquatableArray(), reader.Diagnostics.ToEquatableArray());
    }

    private sealed class Reader
    {
        private readonly string _filePath;
        private readonly SourceText _text;

        public Reader(string filePath, SourceText text)
        {
            _filePath = filePath;
            _text = text;
        }

        public List<TomlTableHeader> Tables { get; } = new();

        public List<TomlEntry> Entries { get; } = new();

        public List<DiagnosticInfo> Diagnostics { get; } = new();

        public void Read()
        {
            DocumentSyntax document = SyntaxParser.Parse(_text.ToString(), _filePath, true);
            foreach (DiagnosticMessage message in document.Diagnostics)
            {
                if (message.Kind != DiagnosticMessageKind.Error)
                {
                    continue;
                }

                Diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.TomlSyntaxError,
                    Location(message.Span.Start.Offset, message.Span.End.Offset - message.Span.Start.Offset + 1),
                    message.Message));
            }

            var root = new List<string>();
            foreach (KeyValueSyntax keyValue in document.KeyValues)
            {
                ReadKeyValue(root, keyValue);
            }

            var arrayCounts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (TableSyntaxBase table in document.Tables)
            {
                List<string>? written = KeyPath(table.Name);
                if (written is null || table.Name is null)
                {
                    continue;
                }

                List<string> path = InArrayElements(written, arrayCounts);
                if (table is TableArraySyntax)
                {
                    // [[x]] tables are numbered so that each element keeps its own keys.
                    string joined = string.Join(".", path);
                    arrayCounts.TryGetValue(joined, out int index);
                    arrayCounts[joined] = index + 1;
                    path.Add(ArrayElement(index));
                }

                Tables.Add(new TomlTableHeader(path.ToEquatableArray(), Location(table.Name.Span)));
                foreach (KeyValueSyntax keyValue in table.Items)
                {
                    ReadKeyValue(path, keyValue);
                }
            }
        }

        /// <summary>
        /// A header's path with the element it belongs to: in TOML, <c>[[a.b]]</c> or <c>[a.b.c]</c> after <c>[[a]]</c>
        /// is part of the last <c>a</c> element written so far, so <c>a.b</c> becomes <c>a.#n.b</c>.
        /// </summary>
        private static List<string> InArrayElements(List<string> written, Dictionary<string, int> arrayCounts)
        {
            var path = new List<string>(written.Count);
            for (int i = 0; i < written.Count; i++)
            {
                path.Add(written[i]);
                if (i < written.Count - 1 && arrayCounts.TryGetValue(string.Join(".", path), out int count))
                {
                    path.Add(ArrayElement(count - 1));
                }
            }

            return path;
        }

        private static string ArrayElement(int index) => "#" + index.ToString(CultureInfo.InvariantCulture);

        private void ReadKeyValue(List<string> prefix, KeyValueSyntax keyValue)
        {
            List<string>? keyPath = KeyPath(keyValue.Key);
            if (keyPath is null || keyValue.Key is null)
            {
                return; // a syntax error, already reported
            }

            var path = new List<string>(prefix);
            path.AddRange(keyPath);
            LocationInfo keyLocation = Location(keyValue.Key.Span);

            if (keyValue.Value is InlineTableSyntax inline)
            {
                Tables.Add(new TomlTableHeader(path.ToEquatableArray(), keyLocation));
                foreach (InlineTableItemSyntax item in inline.Items)
                {
                    if (item.KeyValue is not null)
                    {
                        ReadKeyValue(path, item.KeyValue);
                    }
                }

                return;
            }

            Entries.Add(new TomlEntry(path.ToEquatableArray(), ReadValue(keyValue.Value, keyLocation), keyLocation));
        }

        private TomlValue ReadValue(ValueSyntax? value, LocationInfo fallback)
        {
            switch (value)
            {
                case StringValueSyntax s when s.Token is not null:
                    return new TomlValue(TomlValueKind.String, s.Value ?? string.Empty, Location(s.Token.Span), EquatableArray<TomlValue>.Empty, ContentOffset(s.Token.Text, s.Value));
                case IntegerValueSyntax i:
                    return Scalar(TomlValueKind.Integer, i.Value.ToString(CultureInfo.InvariantCulture), i);
                case FloatValueSyntax f:
                    return Scalar(TomlValueKind.Float, f.Token?.Text ?? string.Empty, f);
                case BooleanValueSyntax b:
                    return Scalar(TomlValueKind.Boolean, b.Value ? "true" : "false", b);
                case DateTimeValueSyntax d:
                    return Scalar(TomlValueKind.DateTime, d.Token?.Text ?? string.Empty, d);
                case ArraySyntax a:
                    var items = new List<TomlValue>();
                    foreach (ArrayItemSyntax item in a.Items)
                    {
                        if (item.Value is not null)
                        {
                            items.Add(ReadValue(item.Value, Location(item.Span)));
                        }
                    }

                    return new TomlValue(TomlValueKind.Array, string.Empty, Location(a.Span), items.ToEquatableArray(), -1);
                case InlineTableSyntax t:
                    // Only an inline table inside an array arrives here (one at a key becomes a table of its own):
                    // its keys and values are kept, so that array items such as { name = "X-Key", value = "..." } can be read.
                    var keys = new List<string>();
                    var values = new List<TomlValue>();
                    foreach (InlineTableItemSyntax item in t.Items)
                    {
                        if (item.KeyValue is { } pair && KeyPath(pair.Key) is { } key && pair.Key is not null)
                        {
                            keys.Add(string.Join(".", key));
                            values.Add(ReadValue(pair.Value, Location(pair.Key.Span)));
                        }
                    }

                    return new TomlValue(TomlValueKind.Table, string.Empty, Location(t.Span), values.ToEquatableArray(), -1, keys.ToEquatableArray());
                default:
                    return new TomlValue(TomlValueKind.Missing, string.Empty, fallback, EquatableArray<TomlValue>.Empty, -1);
            }
        }

        private TomlValue Scalar(TomlValueKind kind, string text, SyntaxNode node) =>
            new(kind, text, Location(node.Span), EquatableArray<TomlValue>.Empty, -1);

        private static int ContentOffset(string? raw, string? value)
        {
            if (raw is null || value is null)
            {
                return -1;
            }

            int quote = raw.StartsWith("\"\"\"", StringComparison.Ordinal) || raw.StartsWith("'''", StringComparison.Ordinal) ? 3 : 1;
            if (raw.Length < quote * 2)
            {
                return -1;
            }

            // Only when the characters between the quotes are the value itself (no escapes) do offsets map 1:1.
            return string.CompareOrdinal(raw, quote, value, 0, Math.Max(raw.Length - (quote * 2), value.Length)) == 0
                && raw.Length - (quote * 2) == value.Length ? quote : -1;
        }

        private static List<string>? KeyPath(KeySyntax? key)
        {
            if (key?.Key is null)
            {
                return null;
            }

            var path = new List<string>();
            string? first = KeyText(key.Key);
            if (first is null)
            {
                return null;
            }

            path.Add(first);
            foreach (DottedKeyItemSyntax dotted in key.DotKeys)
            {
                string? part = KeyText(dotted.Key);
                if (part is null)
                {
                    return null;
                }

                path.Add(part);
            }

            return path;
        }

        private static string? KeyText(BareKeyOrStringValueSyntax? key) => key switch
        {
            BareKeySyntax bare => bare.Key?.Text,
            StringValueSyntax quoted => quoted.Value,
            _ => null,
        };

        public LocationInfo Location(SourceSpan span) =>
            Location(span.Start.Offset, span.End.Offset - span.Start.Offset + 1);

        public LocationInfo Location(int start, int length)
        {
            int textLength = _text.Length;
            start = Math.Max(0, Math.Min(start, textLength));
            length = Math.Max(0, Math.Min(length, textLength - start));
            var span = new TextSpan(start, length);
            return new LocationInfo(_filePath, span, _text.Lines.GetLinePositionSpan(span));
        }
    }
}
