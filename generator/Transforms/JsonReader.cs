using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace HarmonyGen.Generator.Transforms;

/// <summary>
/// Reads a JSON document into <see cref="JsonSyntax"/>, keeping the span of every key and value. Strict as Harmony's
/// reader is (serde_json): no comments, no trailing commas, no leading zeros, nothing after the value, nesting at most
/// 128 deep. Never throws: the first error is returned with its place, and nothing else.
/// </summary>
internal sealed class JsonReader
{
    /// <summary>serde_json's recursion limit: deeper documents are refused ("recursion limit exceeded").</summary>
    public const int MaxDepth = 128;

    private readonly string _path;
    private readonly SourceText _source;
    private readonly string _text;
    private int _pos;
    private int _depth;

    private JsonReader(string path, SourceText source)
    {
        _path = path;
        _source = source;
        _text = source.ToString();
    }

    /// <summary>The document's value, or null and the error (its message and place).</summary>
    public static (JsonSyntax? Value, string? Error, LocationInfo? ErrorLocation) Read(string path, SourceText source)
    {
        var reader = new JsonReader(path, source);
        try
        {
            reader.SkipWhitespace();
            JsonSyntax value = reader.Value();
            reader.SkipWhitespace();
            if (reader._pos < reader._text.Length)
            {
                throw reader.Fail("trailing characters after the JSON value", reader._pos, 1);
            }

            return (value, null, null);
        }
        catch (JsonReadException ex)
        {
            return (null, ex.Message, ex.Location);
        }
    }

    private JsonSyntax Value()
    {
        if (_pos >= _text.Length)
        {
            throw Fail("the file ends where a value was expected", _pos, 0);
        }

        char c = _text[_pos];
        switch (c)
        {
            case '{':
                return Object();
            case '[':
                return Array();
            case '"':
            {
                int start = _pos;
                (string value, bool verbatim) = String();
                return JsonSyntax.Scalar(JsonSyntaxKind.String, value, Location(start, _pos - start), verbatim);
            }

            case 't':
                return Word("true", JsonSyntaxKind.True);
            case 'f':
                return Word("false", JsonSyntaxKind.False);
            case 'n':
                return Word("null", JsonSyntaxKind.Null);
            default:
                if (c == '-' || (c >= '0' && c <= '9'))
                {
                    return Number();
                }

                throw Fail(c == '/' ? "comments are not JSON (Harmony's reader refuses them)" : $"expected a value, found '{Printable(c)}'", _pos, 1);
        }
    }

    private JsonSyntax Object()
    {
        int start = _pos;
        Enter(start);
        _pos++; // {
        var members = new List<JsonMember>();
        SkipWhitespace();
        if (Peek() == '}')
        {
            _pos++;
            _depth--;
            return new JsonSyntax(JsonSyntaxKind.Object, string.Empty, Location(start, _pos - start), EquatableArray<JsonMember>.Empty, EquatableArray<JsonSyntax>.Empty);
        }

        while (true)
        {
            SkipWhitespace();
            if (_pos >= _text.Length)
            {
                throw Fail("the file ends inside an object", _pos, 0);
            }

            if (_text[_pos] != '"')
            {
                throw Fail(_text[_pos] == '}' && members.Count > 0 ? "a trailing comma is not JSON" : "an object key must be a string in double quotes", _pos, 1);
            }

            int keyStart = _pos;
            (string key, bool verbatim) = String();
            LocationInfo keyLocation = Location(keyStart, _pos - keyStart);
            SkipWhitespace();
            if (Peek() != ':')
            {
                throw Fail("expected ':' after an object key", _pos, _pos < _text.Length ? 1 : 0);
            }

            _pos++;
            SkipWhitespace();
            JsonSyntax value = Value();
            members.Add(new JsonMember(key, keyLocation, value, verbatim));
            SkipWhitespace();
            char next = Peek();
            if (next == ',')
            {
                _pos++;
                continue;
            }

            if (next == '}')
            {
                _pos++;
                break;
            }

            throw Fail(_pos >= _text.Length ? "the file ends inside an object" : "expected ',' or '}' after an object member", _pos, _pos < _text.Length ? 1 : 0);
        }

        _depth--;
        return new JsonSyntax(JsonSyntaxKind.Object, string.Empty, Location(start, _pos - start), members.ToEquatableArray(), EquatableArray<JsonSyntax>.Empty);
    }

    private JsonSyntax Array()
    {
        int start = _pos;
        Enter(start);
        _pos++; // [
        var items = new List<JsonSyntax>();
        SkipWhitespace();
        if (Peek() == ']')
        {
            _pos++;
            _depth--;
            return new JsonSyntax(JsonSyntaxKind.Array, string.Empty, Location(start, _pos - start), EquatableArray<JsonMember>.Empty, EquatableArray<JsonSyntax>.Empty);
        }

        while (true)
        {
            SkipWhitespace();
            if (Peek() == ']' && items.Count > 0)
            {
                throw Fail("a trailing comma is not JSON", _pos, 1);
            }

            items.Add(Value());
            SkipWhitespace();
            char next = Peek();
            if (next == ',')
            {
                _pos++;
                continue;
            }

            if (next == ']')
            {
                _pos++;
                break;
            }

            throw Fail(_pos >= _text.Length ? "the file ends inside an array" : "expected ',' or ']' after an array element", _pos, _pos < _text.Length ? 1 : 0);
        }

        _depth--;
        return new JsonSyntax(JsonSyntaxKind.Array, string.Empty, Location(start, _pos - start), EquatableArray<JsonMember>.Empty, items.ToEquatableArray());
    }

    private (string Value, bool Verbatim) String()
    {
        int start = _pos;
        _pos++; // opening quote
        StringBuilder? decoded = null;
        int runStart = _pos;
        while (true)
        {
            if (_pos >= _text.Length)
            {
                throw Fail("the file ends inside a string", start, _pos - start);
            }

            char c = _text[_pos];
            if (c == '"')
            {
                string value = decoded is null ? _text.Substring(runStart, _pos - runStart) : decoded.Append(_text, runStart, _pos - runStart).ToString();
                _pos++;
                return (value, decoded is null);
            }

            if (c < 0x20)
            {
                throw Fail("a control character must be escaped inside a string", _pos, 1);
            }

            if (c != '\\')
            {
                _pos++;
                continue;
            }

            decoded ??= new StringBuilder();
            decoded.Append(_text, runStart, _pos - runStart);
            int escape = _pos;
            _pos++;
            if (_pos >= _text.Length)
            {
                throw Fail("the file ends inside a string", start, _pos - start);
            }

            char e = _text[_pos++];
            switch (e)
            {
                case '"': decoded.Append('"'); break;
                case '\\': decoded.Append('\\'); break;
                case '/': decoded.Append('/'); break;
                case 'b': decoded.Append('\b'); break;
                case 'f': decoded.Append('\f'); break;
                case 'n': decoded.Append('\n'); break;
                case 'r': decoded.Append('\r'); break;
                case 't': decoded.Append('\t'); break;
                case 'u':
                {
                    int unit = Hex4(escape);
                    if (unit >= 0xD800 && unit <= 0xDBFF)
                    {
                        // serde_json refuses a lone surrogate: the pair must follow as a second \u escape.
                        if (_pos + 1 >= _text.Length || _text[_pos] != '\\' || _text[_pos + 1] != 'u')
                        {
                            throw Fail("a lone leading surrogate in a \\u escape", escape, _pos - escape);
                        }

                        _pos += 2;
                        int low = Hex4(escape);
                        if (low < 0xDC00 || low > 0xDFFF)
                        {
                            throw Fail("a lone leading surrogate in a \\u escape", escape, _pos - escape);
                        }

                        decoded.Append((char)unit).Append((char)low);
                    }
                    else if (unit >= 0xDC00 && unit <= 0xDFFF)
                    {
                        throw Fail("a lone trailing surrogate in a \\u escape", escape, _pos - escape);
                    }
                    else
                    {
                        decoded.Append((char)unit);
                    }

                    break;
                }

                default:
                    throw Fail($"'\\{Printable(e)}' is not a JSON escape", escape, 2);
            }

            runStart = _pos;
        }
    }

    private int Hex4(int escape)
    {
        if (_pos + 4 > _text.Length)
        {
            throw Fail("a \\u escape needs four hex digits", escape, _text.Length - escape);
        }

        int value = 0;
        for (int i = 0; i < 4; i++)
        {
            char h = _text[_pos + i];
            int digit = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10 : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
            if (digit < 0)
            {
                throw Fail("a \\u escape needs four hex digits", escape, _pos + i + 1 - escape);
            }

            value = (value * 16) + digit;
        }

        _pos += 4;
        return value;
    }

    private JsonSyntax Number()
    {
        int start = _pos;
        if (Peek() == '-')
        {
            _pos++;
        }

        if (!IsDigit(Peek()))
        {
            throw Fail("a number needs digits", start, System.Math.Max(_pos - start, 1));
        }

        if (Peek() == '0')
        {
            _pos++;
            if (IsDigit(Peek()))
            {
                throw Fail("a number must not have a leading zero", start, _pos + 1 - start);
            }
        }
        else
        {
            Digits();
        }

        if (Peek() == '.')
        {
            _pos++;
            if (!IsDigit(Peek()))
            {
                throw Fail("a number needs digits after its decimal point", start, _pos - start);
            }

            Digits();
        }

        if (Peek() is 'e' or 'E')
        {
            _pos++;
            if (Peek() is '+' or '-')
            {
                _pos++;
            }

            if (!IsDigit(Peek()))
            {
                throw Fail("a number needs digits in its exponent", start, _pos - start);
            }

            Digits();
        }

        return JsonSyntax.Scalar(JsonSyntaxKind.Number, _text.Substring(start, _pos - start), Location(start, _pos - start));
    }

    private void Digits()
    {
        while (IsDigit(Peek()))
        {
            _pos++;
        }
    }

    private JsonSyntax Word(string word, JsonSyntaxKind kind)
    {
        int start = _pos;
        if (string.CompareOrdinal(_text, _pos, word, 0, word.Length) != 0)
        {
            int end = _pos;
            while (end < _text.Length && char.IsLetter(_text[end]))
            {
                end++;
            }

            throw Fail($"expected a value, found '{_text.Substring(start, System.Math.Max(end - start, 1))}'", start, System.Math.Max(end - start, 1));
        }

        _pos += word.Length;
        return JsonSyntax.Scalar(kind, string.Empty, Location(start, word.Length));
    }

    private void Enter(int start)
    {
        if (++_depth > MaxDepth)
        {
            throw Fail($"nested more than {MaxDepth} deep (Harmony's reader stops at {MaxDepth})", start, 1);
        }
    }

    private void SkipWhitespace()
    {
        while (_pos < _text.Length && _text[_pos] is ' ' or '\t' or '\n' or '\r')
        {
            _pos++;
        }
    }

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private static bool IsDigit(char c) => c >= '0' && c <= '9';

    private static string Printable(char c) => c < 0x20 ? $"\\u{(int)c:X4}" : c.ToString();

    private LocationInfo Location(int start, int length)
    {
        start = System.Math.Min(start, _text.Length);
        length = System.Math.Max(0, System.Math.Min(length, _text.Length - start));
        var span = new TextSpan(start, length);
        return new LocationInfo(_path, span, _source.Lines.GetLinePositionSpan(span));
    }

    private JsonReadException Fail(string message, int start, int length) => new(message, Location(start, length));

    private sealed class JsonReadException(string message, LocationInfo location) : System.Exception(message)
    {
        public LocationInfo Location { get; } = location;
    }
}
