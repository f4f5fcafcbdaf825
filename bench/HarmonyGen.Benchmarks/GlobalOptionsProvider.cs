using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HarmonyGen.Benchmarks;

/// <summary>The global analyzer config MSBuild would pass (<c>build_property.*</c>); no per-file options.</summary>
internal sealed class GlobalOptionsProvider : AnalyzerConfigOptionsProvider
{
    private static readonly DictionaryOptions s_empty = new(new Dictionary<string, string>());

    public GlobalOptionsProvider(IReadOnlyDictionary<string, string> globalOptions) => GlobalOptions = new DictionaryOptions(globalOptions);

    public override AnalyzerConfigOptions GlobalOptions { get; }

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => s_empty;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => s_empty;

    private sealed class DictionaryOptions : AnalyzerConfigOptions
    {
        private readonly IReadOnlyDictionary<string, string> _values;

        public DictionaryOptions(IReadOnlyDictionary<string, string> values) => _values = values;

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => _values.TryGetValue(key, out value);
    }
}
