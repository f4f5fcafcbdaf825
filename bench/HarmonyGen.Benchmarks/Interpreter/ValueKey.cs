using System.Text.Json.Nodes;
using HarmonyGen.Transforms;

namespace HarmonyGen.Benchmarks.Interpreter;

/// <summary>A <c>$</c>, <c>@</c> or <c>#</c> shift key: a value made without looking at the input's keys, put at each target.</summary>
internal sealed class ValueKey
{
    private enum Kind
    {
        Dollar,
        At,
        Text,
    }

    private readonly Kind _kind;
    private readonly int _level;
    private readonly int _match;
    private readonly string[] _path;
    private readonly string _text;
    private readonly TargetPath[] _targets;

    private ValueKey(Kind kind, int level, int match, string[] path, string text, TargetPath[] targets)
    {
        _kind = kind;
        _level = level;
        _match = match;
        _path = path;
        _text = text;
        _targets = targets;
    }

    public static ValueKey Dollar(int level, int match, TargetPath[] targets) => new(Kind.Dollar, level, match, [], string.Empty, targets);

    public static ValueKey At(int level, string[] path, TargetPath[] targets) => new(Kind.At, level, 0, path, string.Empty, targets);

    public static ValueKey Text(string text, TargetPath[] targets) => new(Kind.Text, 0, 0, [], text, targets);

    /// <summary>The value is found at the level the key is in; its targets are written one level further in.</summary>
    public void Write(JoltPath path, JoltOutput output)
    {
        string? match = _kind == Kind.Dollar ? path.Match(_level, _match) : null;
        JsonNode? found = _kind == Kind.At ? Read(path) : null;
        path.PushSame();
        foreach (TargetPath target in _targets)
        {
            target.Slot(path, output).Put(_kind switch
            {
                Kind.Dollar => JsonValue.Create(match),
                Kind.At => found?.DeepClone(),
                _ => JsonValue.Create(_text),
            });
        }

        path.Pop();
    }

    private JsonNode? Read(JoltPath path)
    {
        JsonNode? value = path.ValueAt(_level);
        foreach (string key in _path)
        {
            value = JoltRead.Key(value, key);
        }

        return value;
    }
}
