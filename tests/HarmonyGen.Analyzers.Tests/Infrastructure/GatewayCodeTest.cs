using HarmonyGen.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace HarmonyGen.Analyzers.Tests.Infrastructure;

/// <summary>
/// An analyzer (and code fix) test of C# in <c>/project/App.cs</c> next to the generated test gateways. Markup such as
/// <c>{|HG1001:"partnr_fhir"|}</c> gives each expected diagnostic's exact span; every diagnostic must be expected.
/// </summary>
internal sealed class GatewayCodeTest : CSharpCodeFixTest<GatewayUsageAnalyzer, UseGeneratedMemberCodeFix, DefaultVerifier>
{
    public const string AppPath = "/project/App.cs";

    public GatewayCodeTest(string source, string? fixedSource = null)
    {
        ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        TestState.OutputKind = OutputKind.DynamicallyLinkedLibrary;
        TestState.AdditionalReferences.AddRange(TestGateways.References);
        TestState.Sources.Add((AppPath, source));
        foreach ((string path, string generated) in TestGateways.Generated)
        {
            TestState.Sources.Add((path, generated));
        }

        if (fixedSource is not null)
        {
            FixedState.Sources.Add((AppPath, fixedSource));
            foreach ((string path, string generated) in TestGateways.Generated)
            {
                FixedState.Sources.Add((path, generated));
            }
        }
    }

    /// <summary>App code with the usings the tests need, inside the generated gateways' namespace.</summary>
    public static string App(string body) => $$"""
        using System.Net.Http;
        using HarmonyGen.Hosting;
        using HarmonyGen.Mesh;
        using HarmonyGen.Definitions;
        using Microsoft.Extensions.DependencyInjection;

        namespace TestApp;

        public static class App
        {
        {{body}}
        }
        """;
}
