using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace HarmonyGen.Benchmarks;

/// <summary>An AdditionalFile held in memory, as the compiler hands a TOML file to the generator.</summary>
internal sealed class InMemoryAdditionalText : AdditionalText
{
    private readonly SourceText _text;

    public InMemoryAdditionalText(string path, string content)
    {
        Path = path;

        // A new SourceText per instance: its line table is computed on first use, as for a file just read.
        _text = SourceText.From(content);
    }

    public override string Path { get; }

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}
