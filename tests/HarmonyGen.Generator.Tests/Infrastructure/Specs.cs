using System;
using System.Collections.Immutable;
using System.Linq;
using HarmonyGen.Generator.Model;
using HarmonyGen.Generator.Parsing;
using HarmonyGen.Generator.Spec;
using HarmonyGen.Generator.Validation;
using Microsoft.CodeAnalysis.Text;

namespace HarmonyGen.Generator.Tests.Infrastructure;

/// <summary>The validated spec of a one-root configuration, for tests of what the spec holds that the emitter does not write yet.</summary>
internal static class Specs
{
    public static GatewaySpec Of(Toml toml)
    {
        ImmutableArray<TomlDocument> documents = toml.Files
            .OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => TomlDocumentParser.Parse(GatewayTest.ProjectDir + f.Key, SourceText.From(f.Value)))
            .ToImmutableArray();
        GatewayTree tree = GatewayRoots.Merge(documents).Single();
        ValidatedGateway validated = GatewayValidator.Validate(tree, new GeneratorOptions(GeneratorRunner.RootNamespace, GatewayTest.ProjectDir), EquatableArray<string>.Empty);
        return validated.Spec ?? throw new InvalidOperationException("the configuration produced no spec");
    }
}
