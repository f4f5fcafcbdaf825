using System.Collections.Generic;
using System.Text;

namespace HarmonyGen.Generator.Transforms;

/// <summary>
/// The key and target language of a shift spec, read exactly as fluvio-jolt's tokenizer and parser read it
/// (src/dsl/tokenizer.rs, src/dsl/parser.rs), with the one change its fork harmony-jolt 0.5.0 makes that Harmony's own
/// tests pin: a number right after <c>&amp;</c> or <c>$</c> is the level, as in Java JOLT (<c>&amp;1</c> is <c>&amp;(1)</c>,
/// <c>[&amp;1]</c> an index from the key one level up), where fluvio-jolt read <c>&amp;1</c> as <c>&amp;</c> then the text
/// "1". <c>@foo</c> is an error and <c>@(1)</c> reads key "1" of the current value. Errors carry the character offset
/// into the key where the parse stopped.
/// </summary>
internal sealed class JoltDslParser
{
    /// <summary>fluvio-jolt's MAX_DEPTH: <c>@(...)</c> nested deeper than this is refused.</summary>
    private const int MaxDepth = 4;

    private const string SpecialChars = "$&@#*|[]().,\\";

    private readonly string _input;
    private int _pos;
    private Token? _buffered;

    private JoltDslParser(string input) => _input = input;

    public static JoltLhs ParseLhs(string input) => new JoltDslParser(input).Lhs();

    public static JoltRhs ParseRhs(string input) => new JoltDslParser(input).Rhs();

    private enum Kind
    {
        DollarSign,
        Amp,
        At,
        Square,
        Star,
        Pipe,
        OpenBracket,
        CloseBracket,
        OpenParen,
        CloseParen,
        Dot,
        Comma,
        Key,
    }

    private readonly record struct Token(Kind Kind, int Pos, int End, string Text);

    private JoltLhs Lhs()
    {
        Token? first = Next();
        if (first is not { } token)
        {
            return new JoltLhs(JoltLhsKind.Pipes, string.Empty, 0, 0, null, new[] { Stars(string.Empty) }.ToEquatableArray());
        }

        JoltLhs lhs;
        switch (token.Kind)
        {
            case Kind.Square:
                lhs = new JoltLhs(JoltLhsKind.Square, SquareText(), 0, 0, null, EquatableArray<JoltStars>.Empty);
                break;
            case Kind.At:
            {
                (int level, JoltRhs path) = AtTuple(0);
                lhs = new JoltLhs(JoltLhsKind.At, string.Empty, level, 0, path, EquatableArray<JoltStars>.Empty);
                break;
            }

            case Kind.DollarSign:
            {
                (int level, int match) = NumTuple();
                lhs = new JoltLhs(JoltLhsKind.DollarSign, string.Empty, level, match, null, EquatableArray<JoltStars>.Empty);
                break;
            }

            case Kind.Amp:
            {
                (int level, int match) = NumTuple();
                lhs = new JoltLhs(JoltLhsKind.Amp, string.Empty, level, match, null, EquatableArray<JoltStars>.Empty);
                break;
            }

            case Kind.Key or Kind.Star or Kind.Pipe:
            {
                PutBack(token);
                List<JoltStars> pipes = Pipes();
                lhs = pipes.Count == 1 && pipes[0].Segments.Count == 1
                    ? new JoltLhs(JoltLhsKind.Literal, pipes[0].Segments[0], 0, 0, null, EquatableArray<JoltStars>.Empty)
                    : new JoltLhs(JoltLhsKind.Pipes, string.Empty, 0, 0, null, pipes.ToEquatableArray());
                break;
            }

            default:
                throw Unexpected(token);
        }

        if (Next() is { } extra)
        {
            throw Unexpected(extra);
        }

        return lhs;
    }

    private JoltRhs Rhs()
    {
        JoltRhs rhs = RhsImpl(0);
        if (Next() is { } extra)
        {
            throw Unexpected(extra);
        }

        return rhs;
    }

    private JoltRhs RhsImpl(int depth)
    {
        if (depth > MaxDepth)
        {
            throw new JoltDslException(_pos, 0, $"'@(...)' is nested more than {MaxDepth} deep");
        }

        var parts = new List<JoltRhsPart>();
        if (Next() is not { } first)
        {
            return new JoltRhs(parts.ToEquatableArray());
        }

        if (first.Kind == Kind.OpenBracket)
        {
            parts.Add(new JoltRhsPart(JoltRhsPartKind.Index, IndexOp(depth), EquatableArray<JoltRhsEntry>.Empty));
            Expect(Kind.CloseBracket);
        }
        else
        {
            PutBack(first);
            if (RhsPart(depth) is { } part)
            {
                parts.Add(part);
            }
        }

        while (Next() is { } token)
        {
            if (token.Kind == Kind.OpenBracket)
            {
                parts.Add(new JoltRhsPart(JoltRhsPartKind.Index, IndexOp(depth), EquatableArray<JoltRhsEntry>.Empty));
                Expect(Kind.CloseBracket);
            }
            else if (token.Kind == Kind.Dot)
            {
                if (RhsPart(depth) is { } part)
                {
                    parts.Add(part);
                }
                else
                {
                    break;
                }
            }
            else
            {
                PutBack(token);
                break;
            }
        }

        return new JoltRhs(parts.ToEquatableArray());
    }

    private JoltRhsPart? RhsPart(int depth)
    {
        var entries = new List<JoltRhsEntry>();
        while (Next() is { } token)
        {
            switch (token.Kind)
            {
                case Kind.Amp:
                {
                    (int level, int match) = NumTuple();
                    entries.Add(new JoltRhsEntry(JoltRhsEntryKind.Amp, string.Empty, level, match, null));
                    continue;
                }

                case Kind.At:
                {
                    (int level, JoltRhs path) = AtTuple(depth);
                    entries.Add(new JoltRhsEntry(JoltRhsEntryKind.At, string.Empty, level, 0, path));
                    continue;
                }

                case Kind.Key:
                    entries.Add(new JoltRhsEntry(JoltRhsEntryKind.Key, token.Text, 0, 0, null));
                    continue;
                default:
                    PutBack(token);
                    break;
            }

            break;
        }

        return entries.Count switch
        {
            0 => null,
            1 => new JoltRhsPart(JoltRhsPartKind.Key, null, entries.ToEquatableArray()),
            _ => new JoltRhsPart(JoltRhsPartKind.CompositeKey, null, entries.ToEquatableArray()),
        };
    }

    private JoltIndexOp IndexOp(int depth)
    {
        Token token = NextOrEnd();
        switch (token.Kind)
        {
            case Kind.Amp:
            {
                (int level, int match) = NumTuple();
                return new JoltIndexOp(JoltIndexOpKind.Amp, 0, level, match, null);
            }

            case Kind.CloseBracket:
                PutBack(token);
                return new JoltIndexOp(JoltIndexOpKind.Empty, 0, 0, 0, null);
            case Kind.Key:
                return new JoltIndexOp(JoltIndexOpKind.Literal, Index(token), 0, 0, null);
            case Kind.At:
            {
                (int level, JoltRhs path) = AtTuple(depth);
                return new JoltIndexOp(JoltIndexOpKind.At, 0, level, 0, path);
            }

            default:
                throw Unexpected(token);
        }
    }

    private string SquareText()
    {
        if (Next() is not { } token)
        {
            return string.Empty;
        }

        return token.Kind == Kind.Key ? token.Text : throw Unexpected(token);
    }

    private (int Level, JoltRhs Path) AtTuple(int depth)
    {
        if (Next() is not { } token)
        {
            return (0, JoltRhs.Empty);
        }

        if (token.Kind != Kind.OpenParen)
        {
            PutBack(token);
            return (0, JoltRhs.Empty);
        }

        int rhsPos = _pos;
        JoltRhs rhs = RhsImpl(depth + 1);
        Token after = NextOrEnd();
        int level;
        switch (after.Kind)
        {
            case Kind.Comma:
                level = RhsToIndex(rhs, rhsPos);
                break;
            case Kind.CloseParen:
                return (0, rhs);
            default:
                throw Unexpected(after);
        }

        JoltRhs path = RhsImpl(depth + 1);
        Expect(Kind.CloseParen);
        return (level, path);
    }

    private (int Level, int Match) NumTuple()
    {
        if (Next() is not { } token)
        {
            return (0, 0);
        }

        if (token.Kind != Kind.OpenParen)
        {
            int digits = 0;
            while (token.Kind == Kind.Key && digits < token.Text.Length && token.Text[digits] is >= '0' and <= '9' && _input[token.Pos + digits] == token.Text[digits])
            {
                digits++;
            }

            if (digits == 0)
            {
                PutBack(token);
                return (0, 0);
            }

            // harmony-jolt's '&1' (Java JOLT's): the digits are the level; any text after them is a piece of its own.
            int shorthand = ParseIndex(token.Text.Substring(0, digits), token.Pos, digits);
            if (digits < token.Text.Length)
            {
                PutBack(new Token(Kind.Key, token.Pos + digits, token.End, token.Text.Substring(digits)));
            }

            return (shorthand, 0);
        }

        int level = IndexToken();
        Token after = NextOrEnd();
        switch (after.Kind)
        {
            case Kind.Comma:
                break;
            case Kind.CloseParen:
                return (level, 0);
            default:
                throw Unexpected(after);
        }

        int match = IndexToken();
        Expect(Kind.CloseParen);
        return (level, match);

        int IndexToken()
        {
            Token t = NextOrEnd();
            return t.Kind == Kind.Key ? Index(t) : throw new JoltDslException(t.Pos, t.End - t.Pos, "expected a number");
        }
    }

    private List<JoltStars> Pipes()
    {
        var pipes = new List<JoltStars>();
        int last = 0; // 0 none, 1 stars, 2 pipe
        while (Next() is { } token)
        {
            if (token.Kind is Kind.Key or Kind.Star)
            {
                if (last == 1)
                {
                    throw Unexpected(token);
                }

                PutBack(token);
                pipes.Add(StarsOf());
                last = 1;
            }
            else if (token.Kind == Kind.Pipe)
            {
                if (last == 0)
                {
                    pipes.Add(Stars(string.Empty));
                }
                else if (last == 2)
                {
                    throw Unexpected(token);
                }

                last = 2;
            }
            else
            {
                PutBack(token);
                break;
            }
        }

        if (last == 2)
        {
            pipes.Add(Stars(string.Empty));
        }

        return pipes;
    }

    private JoltStars StarsOf()
    {
        var segments = new List<string>();
        int last = 0; // 0 none, 1 star, 2 key
        while (Next() is { } token)
        {
            if (token.Kind == Kind.Star)
            {
                if (last == 0)
                {
                    segments.Add(string.Empty);
                }
                else if (last == 1)
                {
                    throw Unexpected(token);
                }

                last = 1;
            }
            else if (token.Kind == Kind.Key)
            {
                if (last == 2)
                {
                    throw Unexpected(token);
                }

                segments.Add(token.Text);
                last = 2;
            }
            else
            {
                PutBack(token);
                break;
            }
        }

        if (last == 1)
        {
            segments.Add(string.Empty);
        }

        return new JoltStars(segments.ToEquatableArray());
    }

    private static JoltStars Stars(string only) => new(new[] { only }.ToEquatableArray());

    private static int RhsToIndex(JoltRhs rhs, int pos)
    {
        if (rhs.Parts.Count == 1 && rhs.Parts[0] is { Kind: JoltRhsPartKind.Key } part && part.Entries[0].Kind == JoltRhsEntryKind.Key)
        {
            return ParseIndex(part.Entries[0].Key, pos, part.Entries[0].Key.Length);
        }

        throw new JoltDslException(pos, 0, "expected a number before ','");
    }

    private static int Index(Token token) => ParseIndex(token.Text, token.Pos, token.End - token.Pos);

    /// <summary>Rust's <c>usize::from_str</c>: an optional '+', then decimal digits. Larger than int is kept as int.MaxValue.</summary>
    private static int ParseIndex(string text, int pos, int length)
    {
        int start = text.Length > 0 && text[0] == '+' ? 1 : 0;
        if (start == text.Length)
        {
            throw new JoltDslException(pos, length, $"'{text}' is not a number");
        }

        long value = 0;
        for (int i = start; i < text.Length; i++)
        {
            char c = text[i];
            if (c < '0' || c > '9')
            {
                throw new JoltDslException(pos, length, $"'{text}' is not a number");
            }

            value = System.Math.Min((value * 10) + (c - '0'), int.MaxValue);
        }

        return (int)value;
    }

    private void Expect(Kind kind)
    {
        Token token = NextOrEnd();
        if (token.Kind != kind)
        {
            throw Unexpected(token);
        }
    }

    private Token NextOrEnd() => Next() ?? throw new JoltDslException(_pos, 0, "unexpected end");

    private void PutBack(Token token) => _buffered = token;

    private Token? Next()
    {
        if (_buffered is { } buffered)
        {
            _buffered = null;
            return buffered;
        }

        if (_pos >= _input.Length)
        {
            return null;
        }

        int start = _pos;
        char c = _input[_pos];
        Kind? single = c switch
        {
            '$' => Kind.DollarSign,
            '&' => Kind.Amp,
            '@' => Kind.At,
            '#' => Kind.Square,
            '*' => Kind.Star,
            '|' => Kind.Pipe,
            '[' => Kind.OpenBracket,
            ']' => Kind.CloseBracket,
            '(' => Kind.OpenParen,
            ')' => Kind.CloseParen,
            '.' => Kind.Dot,
            ',' => Kind.Comma,
            _ => null,
        };
        if (single is { } kind)
        {
            _pos++;
            return new Token(kind, start, _pos, c.ToString());
        }

        var key = new StringBuilder();
        while (_pos < _input.Length)
        {
            char k = _input[_pos];
            if (k == '\\')
            {
                _pos++;
                if (_pos >= _input.Length)
                {
                    throw new JoltDslException(_pos - 1, 1, "'\\' at the end escapes nothing");
                }

                char escaped = _input[_pos];
                if (SpecialChars.IndexOf(escaped) < 0)
                {
                    throw new JoltDslException(_pos - 1, 2, $"'\\{escaped}' escapes a character that needs no escape; only $ & @ # * | [ ] ( ) . , and \\ can be escaped");
                }

                key.Append(escaped);
                _pos++;
            }
            else if (SpecialChars.IndexOf(k) >= 0)
            {
                break;
            }
            else
            {
                key.Append(k);
                _pos++;
            }
        }

        return new Token(Kind.Key, start, _pos, key.ToString());
    }

    private static JoltDslException Unexpected(Token token) => new(token.Pos, token.End - token.Pos, $"unexpected '{token.Text}'");
}

/// <summary>A key or target the JOLT language does not read: where in it (a character offset) and why.</summary>
internal sealed class JoltDslException(int position, int length, string message) : System.Exception(message)
{
    public int Position { get; } = position;

    public int Length { get; } = length;
}
