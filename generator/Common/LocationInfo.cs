using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace HarmonyGen.Generator;

/// <summary>
/// A place in a TOML file, kept as plain values so that models stay equatable and hold no <see cref="Location"/>.
/// </summary>
internal sealed record LocationInfo(string FilePath, TextSpan TextSpan, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, TextSpan, LineSpan);

    /// <summary><c>path(line,column)</c>, as the compiler prints locations.</summary>
    public string Display => $"{FilePath}({LineSpan.Start.Line + 1},{LineSpan.Start.Character + 1})";

    /// <summary>One-based line, as people and doc comments count.</summary>
    public int Line => LineSpan.Start.Line + 1;

    /// <summary>A sub-span of this location, for a part of a single-line value (a segment of a reference).</summary>
    public LocationInfo Slice(int start, int length)
    {
        var span = new TextSpan(TextSpan.Start + start, length);
        var startPos = new LinePosition(LineSpan.Start.Line, LineSpan.Start.Character + start);
        var endPos = new LinePosition(LineSpan.Start.Line, LineSpan.Start.Character + start + length);
        return new LocationInfo(FilePath, span, new LinePositionSpan(startPos, endPos));
    }
}
