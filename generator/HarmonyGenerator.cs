using System;
using System.Collections.Immutable;
using System.Linq;
using HarmonyGen.Generator.Emit;
using HarmonyGen.Generator.Model;
using HarmonyGen.Generator.Parsing;
using HarmonyGen.Generator.Spec;
using HarmonyGen.Generator.Transforms;
using HarmonyGen.Generator.Validation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace HarmonyGen.Generator;

/// <summary>
/// Reads Harmony TOML handed to the compiler as AdditionalFiles and emits one typed gateway per config.toml.
/// TOML → <see cref="TomlDocument"/> (per file) → <see cref="GatewayTables"/> (per root) → <see cref="GatewaySpec"/> → C#.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class HarmonyGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<TomlDocument> documents = context.AdditionalTextsProvider
            .Where(static text => text.Path.EndsWith(".toml", StringComparison.OrdinalIgnoreCase))
            .Select(static (text, cancellationToken) => TomlDocumentParser.Parse(text.Path, text.GetText(cancellationToken) ?? SourceText.From(string.Empty)))
            .WithTrackingName(TrackingNames.Parse);

        // Other additional files (key files) matter as paths here: whether a configured key file exists.
        IncrementalValueProvider<EquatableArray<string>> knownFiles = context.AdditionalTextsProvider
            .Where(static text => !text.Path.EndsWith(".toml", StringComparison.OrdinalIgnoreCase))
            .Select(static (text, _) => PathText.Normalize(text.Path))
            .Collect()
            .Select(static (paths, _) => paths.Sort(StringComparer.Ordinal).ToEquatableArray())
            .WithTrackingName(TrackingNames.KnownFiles);

        // Key files are read only by the mesh contract, and only to a digest of the RSA public key each holds, so that
        // two roots' key pairs can be compared without keeping (or ever printing) key bytes.
        IncrementalValueProvider<EquatableArray<KeyFile>> keyFiles = context.AdditionalTextsProvider
            .Where(static text => IsPem(text.Path))
            .Select(static (text, cancellationToken) => RsaKeyReader.Read(PathText.Normalize(text.Path), text.GetText(cancellationToken)?.ToString() ?? string.Empty))
            .Collect()
            .Select(static (files, _) => files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path)).ToEquatableArray())
            .WithTrackingName(TrackingNames.KeyFiles);

        // JSON files are read as JOLT specs; a file's problems are reported only where a transform middleware uses it.
        IncrementalValueProvider<EquatableArray<JoltSpecFile>> specFiles = context.AdditionalTextsProvider
            .Where(static text => text.Path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            .Select(static (text, cancellationToken) => JoltSpecFile.Read(text.Path, text.GetText(cancellationToken) ?? SourceText.From(string.Empty)))
            .Collect()
            .Select(static (files, _) => files.Sort((a, b) => StringComparer.Ordinal.Compare(a.Path, b.Path)).ToEquatableArray())
            .WithTrackingName(TrackingNames.TransformSpecs);

        IncrementalValueProvider<GeneratorOptions> options = context.AnalyzerConfigOptionsProvider
            .Select(static (provider, _) => ReadOptions(provider.GlobalOptions))
            .WithTrackingName(TrackingNames.Options);

        IncrementalValuesProvider<GatewayTree> gateways = documents
            .Collect()
            .Select(static (all, _) => MergeRoots(all))
            .WithTrackingName(TrackingNames.Merge)
            .SelectMany(static (trees, _) => trees.AsImmutableArray())
            .WithTrackingName(TrackingNames.Gateway);

        IncrementalValuesProvider<ValidatedGateway> validated = gateways
            .Combine(options)
            .Combine(knownFiles)
            .Combine(specFiles)
            .Select(static (input, _) => Validate(input.Left.Left.Left, input.Left.Left.Right, input.Left.Right, input.Right))
            .WithTrackingName(TrackingNames.Validate);

        // Two outputs: the spec holds no position, so an edit that only moves text (a line inserted above) leaves it
        // equal and its source output cached, while the diagnostics, which do hold positions, are reported again.
        IncrementalValuesProvider<GatewaySpec?> specs = validated
            .Select(static (gateway, _) => gateway.Spec)
            .WithTrackingName(TrackingNames.Spec);
        IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> diagnostics = validated
            .Select(static (gateway, _) => gateway.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);

        // Across roots: an egress of one root that calls an ingress of another must sign in a way that ingress accepts.
        IncrementalValueProvider<EquatableArray<DiagnosticInfo>> contract = validated
            .Select(static (gateway, _) => gateway.Hops)
            .WithTrackingName(TrackingNames.MeshHops)
            .Collect()
            .Combine(keyFiles)
            .Select(static (input, _) => MeshContract.Check(input.Left, input.Right))
            .WithTrackingName(TrackingNames.MeshContract);

        context.RegisterSourceOutput(contract, static (production, found) =>
        {
            foreach (DiagnosticInfo diagnostic in found)
            {
                production.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });

        context.RegisterSourceOutput(diagnostics, static (production, found) =>
        {
            foreach (DiagnosticInfo diagnostic in found)
            {
                production.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });

        context.RegisterSourceOutput(specs, static (production, spec) =>
        {
            if (spec is null)
            {
                return;
            }

            string source;
            try
            {
                source = GatewayEmitter.Emit(spec);
            }
            catch (Exception ex)
            {
                production.ReportDiagnostic(InternalError.Create(spec.ConfigFile, ex).ToDiagnostic());
                return;
            }

            production.AddSource(GatewayEmitter.HintName(spec), SourceText.From(source, System.Text.Encoding.UTF8));
        });
    }

    private static EquatableArray<GatewayTree> MergeRoots(ImmutableArray<TomlDocument> documents)
    {
        try
        {
            return GatewayRoots.Merge(documents);
        }
        catch (Exception ex)
        {
            // No tree to stand for the roots: report the failure at the first file, with nothing to emit.
            string path = documents.IsDefaultOrEmpty ? string.Empty : documents[0].FilePath;
            return new[]
            {
                new GatewayTree
                {
                    ConfigPath = path,
                    TypeName = string.Empty,
                    Root = new ConfigNode(string.Empty, string.Empty, new LocationInfo(path, default, default), null, null, EquatableArray<ConfigNode>.Empty),
                    SourceFiles = EquatableArray<string>.Empty,
                    Duplicates = EquatableArray<DuplicateDefinition>.Empty,
                    SyntaxErrors = new[] { InternalError.Create(path, ex) }.ToEquatableArray(),
                },
            }.ToEquatableArray();
        }
    }

    private static ValidatedGateway Validate(GatewayTree tree, GeneratorOptions options, EquatableArray<string> knownFiles, EquatableArray<JoltSpecFile> specFiles)
    {
        if (tree.TypeName.Length == 0)
        {
            return new ValidatedGateway(null, tree.SyntaxErrors, tree.ConfigPath);
        }

        ValidatedGateway validated;
        try
        {
            validated = GatewayValidator.Validate(tree, options, knownFiles, specFiles);
        }
        catch (Exception ex)
        {
            validated = new ValidatedGateway(null, tree.SyntaxErrors.Concat(new[] { InternalError.Create(tree.ConfigPath, ex) }).ToEquatableArray(), tree.ConfigPath);
        }

        // A gateway with errors is still emitted, best effort, so that C# using its typed members does not add a
        // cascade of CS errors to the HG ones; the errors are compiled in too, and the runtime refuses to start it.
        int errors = validated.Diagnostics.Count(d => DiagnosticDescriptors.ById(d.Id).DefaultSeverity == DiagnosticSeverity.Error);
        GatewaySpec? emitted = validated.Spec is { } spec && tree.TypeNameTaken is null ? spec with { ErrorCount = errors } : null;
        return new ValidatedGateway(emitted, validated.Diagnostics, tree.ConfigPath, emitted is null ? null : validated.Hops);
    }

    /// <summary>The forms a mesh key file takes (HarmonyGen.targets hands the generator *.pem, *.key, *.crt, *.der).</summary>
    private static bool IsPem(string path) =>
        path.EndsWith(".pem", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".key", StringComparison.OrdinalIgnoreCase);

    private static GeneratorOptions ReadOptions(AnalyzerConfigOptions options)
    {
        string? ns = Read(options, "build_property.HarmonyGenNamespace") ?? Read(options, "build_property.RootNamespace");
        string? projectDirectory = Read(options, "build_property.ProjectDir") ?? Read(options, "build_property.MSBuildProjectDirectory");
        return new GeneratorOptions(ns ?? "HarmonyGen.Generated", projectDirectory);
    }

    private static string? Read(AnalyzerConfigOptions options, string key) =>
        options.TryGetValue(key, out string? value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
