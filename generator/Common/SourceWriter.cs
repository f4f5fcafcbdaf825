using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace HarmonyGen.Generator;

/// <summary>Writes indented C#, with the literal and XML escaping generated code needs.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _builder = new();
    private int _indent;

    public void Line(string text = "")
    {
        if (text.Length > 0)
        {
            _builder.Append(' ', _indent * 4);
        }

        _builder.Append(text).Append('\n');
    }

    public void Open(string text)
    {
        Line(text);
        Line("{");
        _indent++;
    }

    public void Close(string suffix = "")
    {
        _indent--;
        Line("}" + suffix);
    }

    public void Indent() => _indent++;

    public void Outdent() => _indent--;

    public override string ToString() => _builder.ToString();

    public static string Literal(string? value) => value is null ? "null" : SymbolDisplay.FormatLiteral(value, quote: true);

    public static string Literal(bool value) => value ? "true" : "false";

    public static string Literal(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Text for a <c>///</c> comment: XML-escaped, and on one line whatever line breaks the TOML string held
    /// (C# also ends a comment at U+0085, U+2028 and U+2029, which would turn the rest of it into code).</summary>
    public static string Xml(string value)
    {
        var builder = new System.Text.StringBuilder(value.Length);
        foreach (char c in value)
        {
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                default: builder.Append(char.IsControl(c) || c == '\u2028' || c == '\u2029' ? ' ' : c); break;
            }
        }

        return builder.ToString();
    }
}
