using System;
using System.Collections.Generic;
using System.Linq;
using Basic.Reference.Assemblies;
using HarmonyGen.Definitions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace HarmonyGen.Generator.Tests.Infrastructure;

/// <summary>
/// A generator test over TOML files as AdditionalFiles under <see cref="ProjectDir"/>, compiled against .NET 10 and the
/// runtime's spec types (so generated code must compile). Every diagnostic the build reports must be expected.
/// </summary>
internal sealed class GatewayTest : CSharpSourceGeneratorTest<HarmonyGenerator, DefaultVerifier>
{
    public const string ProjectDir = "/project/";

    public GatewayTest(IReadOnlyDictionary<string, string> files, bool checkGeneratedSources = false)
    {
        // Nothing to download: the reference set comes from Basic.Reference.Assemblies.
        ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        TestState.AdditionalReferences.AddRange(Net100.References.All);
        TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(GatewayDefinition).Assembly.Location));
        TestState.AnalyzerConfigFiles.Add(("/.globalconfig", GlobalConfig));
        TestState.Sources.Add(("/project/Program.cs", "internal static class Program { private static void Main() { } }"));
        foreach (KeyValuePair<string, string> file in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            TestState.AdditionalFiles.Add((ProjectDir + file.Key, file.Value));
        }

        TestState.OutputKind = OutputKind.ConsoleApplication;
        if (!checkGeneratedSources)
        {
            TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
        }
    }

    public const string GlobalConfig = "is_global = true\nbuild_property.RootNamespace = TestGateway\nbuild_property.ProjectDir = /project/\n";
}
