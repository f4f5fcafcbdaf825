using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HarmonyGen.Generator.Tests.Infrastructure;

/// <summary>The MSBuild properties the generator reads, as the compiler would hand them over.</summary>
internal sealed class TestAnalyzerOptions : AnalyzerConfigOptionsProvider
{
    private readonly Options _options;

    public TestAnalyzerOptions(IReadOnlyDictionary<string, string> values) => _options = new Options(values);

    public static TestAnalyzerOptions ForTestProject(string rootNamespace = "TestGateway") => new(new Dictionary<string, string>
    {
        ["build_property.RootNamespace"] = rootNamespace,
        ["build_property.ProjectDir"] = GatewayTest.ProjectDir,
    });

    public override AnalyzerConfigOptions GlobalOptions => _options;

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _options;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _options;

    private sealed class Options : AnalyzerConfigOptions
    {
        private readonly IReadOnlyDictionary<string, string> _values;

        public Options(IReadOnlyDictionary<string, string> values) => _values = values;

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => _values.TryGetValue(key, out value);
    }
}
