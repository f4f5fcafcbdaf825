using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Basic.Reference.Assemblies;
using HarmonyGen.Generator;
using HarmonyGen.Definitions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace HarmonyGen.Analyzers.Tests.Infrastructure;

/// <summary>
/// The gateways the analyzer tests use, generated once by the real generator from the TOML below, and the references
/// test code compiles against (.NET 10, ASP.NET Core, the runtime).
/// </summary>
internal static class TestGateways
{
    public const string Namespace = "TestApp";

    private static readonly Lazy<ImmutableArray<(string Path, string Source)>> s_generated = new(Generate, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(CreateReferences, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Gateways.Clinic and Gateways.Hospital as the generator writes them.</summary>
    public static ImmutableArray<(string Path, string Source)> Generated => s_generated.Value;

    public static ImmutableArray<MetadataReference> References => s_references.Value;

    /// <summary>
    /// Clinic: egresses partner_fhir (mesh care), lab_a and lab_b (care), old_partner (disabled), lab_unsigned (no mesh);
    /// ingress fhir_in; pipelines api (on lan, listening) and batch (on offline, which has no listener).
    /// Hospital: one pipeline on a listening network.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Toml = new Dictionary<string, string>
    {
        ["clinic/config.toml"] = """
            [proxy]
            id = "clinic"

            [network.lan.http]
            bind_address = "127.0.0.1"
            bind_port = 8080

            [network.offline]
            enable_wireguard = false
            """,
        ["clinic/pipelines/api.toml"] = """
            [pipelines.api]
            networks = ["lan"]
            endpoints = ["fhir"]
            backends = ["partner", "lab_a", "lab_b", "old", "lab"]

            [pipelines.batch]
            networks = ["offline"]
            endpoints = ["batch_in"]
            backends = ["partner"]

            [endpoints.fhir]
            service = "fhir"
            [endpoints.fhir.options]
            path_prefix = "/fhir"

            [endpoints.batch_in]
            service = "http"
            [endpoints.batch_in.options]
            path_prefix = "/batch"

            [backends.partner]
            service = "http"
            [backends.partner.options]
            base_url = "http://127.0.0.1:9000/fhir"

            [backends.lab_a]
            service = "http"
            [backends.lab_a.options]
            base_url = "http://127.0.0.1:9001"

            [backends.lab_b]
            service = "http"
            [backends.lab_b.options]
            base_url = "http://127.0.0.1:9002"

            [backends.old]
            service = "http"
            [backends.old.options]
            base_url = "http://127.0.0.1:9003"

            [backends.lab]
            service = "http"
            [backends.lab.options]
            base_url = "http://127.0.0.1:9004"

            [pipelines.api.mesh.ingress.fhir_in]
            type = "http"
            urls = ["http://127.0.0.1:8080/r4"]

            [pipelines.api.mesh.egress.partner_fhir]
            type = "http"
            backend = "partner"

            [pipelines.api.mesh.egress.lab_a]
            type = "http"
            backend = "lab_a"

            [pipelines.api.mesh.egress.lab_b]
            type = "http"
            backend = "lab_b"

            [pipelines.api.mesh.egress.old_partner]
            type = "http"
            backend = "old"
            enabled = false

            [pipelines.api.mesh.egress.lab_unsigned]
            type = "http"
            backend = "lab"
            """,
        ["clinic/mesh/care.toml"] = """
            [mesh.care]
            provider = "local"
            jwt_secret = "${CARE_SECRET}"
            ingress = ["fhir_in"]
            egress = ["partner_fhir", "lab_a", "lab_b", "old_partner"]
            """,
        ["hospital/config.toml"] = """
            [proxy]
            id = "hospital"

            [network.lan.http]
            bind_address = "127.0.0.1"
            bind_port = 9000
            """,
        ["hospital/pipelines/records.toml"] = """
            [pipelines.records]
            networks = ["lan"]
            endpoints = ["fhir"]
            backends = ["store"]

            [endpoints.fhir]
            service = "fhir"

            [backends.store]
            service = "echo"
            """,
    };

    private static ImmutableArray<(string Path, string Source)> Generate()
    {
        ImmutableArray<AdditionalText> texts = Toml.Select(f => (AdditionalText)new InMemoryText("/project/" + f.Key, f.Value)).ToImmutableArray();
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new HarmonyGenerator().AsSourceGenerator() },
            texts,
            new CSharpParseOptions(LanguageVersion.Latest),
            new BuildProperties(new Dictionary<string, string> { ["build_property.RootNamespace"] = Namespace, ["build_property.ProjectDir"] = "/project/" }));
        GeneratorRunResult result = driver.RunGenerators(CSharpCompilation.Create("Gen", references: References)).GetRunResult().Results.Single();
        if (result.Exception is not null || result.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            throw new InvalidOperationException("The analyzer tests' TOML must generate cleanly: " + string.Join("; ", result.Diagnostics));
        }

        return result.GeneratedSources.Select(s => ("/project/generated/" + s.HintName, s.SourceText.ToString())).ToImmutableArray();
    }

    private static ImmutableArray<MetadataReference> CreateReferences()
    {
        // Only the ASP.NET Core assemblies the runtime's public API exposes: fewer references, faster tests.
        string aspNetCore = Path.GetDirectoryName(typeof(Microsoft.AspNetCore.Builder.WebApplication).Assembly.Location)!;
        string[] used =
        [
            "Microsoft.AspNetCore", "Microsoft.AspNetCore.Http.Abstractions", "Microsoft.AspNetCore.Routing", "Microsoft.Extensions.Hosting.Abstractions",
            "Microsoft.Extensions.DependencyInjection.Abstractions", "Microsoft.Extensions.Http", "Microsoft.Extensions.Options",
        ];
        return Net100.References.All
            .Concat(used.Select(name => (MetadataReference)MetadataReference.CreateFromFile(Path.Combine(aspNetCore, name + ".dll"))))
            .Append(MetadataReference.CreateFromFile(typeof(GatewayDefinition).Assembly.Location))
            .ToImmutableArray();
    }

    private sealed class InMemoryText(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    private sealed class BuildProperties(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptionsProvider
    {
        private readonly Options _options = new(values);

        public override AnalyzerConfigOptions GlobalOptions => _options;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _options;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _options;

        private sealed class Options(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
        }
    }
}
