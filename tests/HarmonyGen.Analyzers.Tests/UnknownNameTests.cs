using System.Threading.Tasks;
using HarmonyGen.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace HarmonyGen.Analyzers.Tests;

/// <summary>HG1001: a name passed as a constant that the gateway's TOML does not define, and its fixes.</summary>
public sealed class UnknownNameTests
{
    [Fact]
    public async Task A_misspelt_egress_is_an_error_at_the_literal_and_the_fix_uses_the_generated_member()
    {
        string source = GatewayCodeTest.App("""
                public static EgressDefinition Partner() => Gateways.Clinic.Definition.Egress("partnr_fhir");
            """);
        string fixedSource = GatewayCodeTest.App("""
                public static EgressDefinition Partner() => Gateways.Clinic.Egress.PartnerFhir;
            """);
        var test = new GatewayCodeTest(source, fixedSource);
        test.ExpectedDiagnostics.Add(new DiagnosticResult("HG1001", DiagnosticSeverity.Error)
            .WithSpan(GatewayCodeTest.AppPath, 11, 83, 11, 96)
            .WithMessage("Gateway 'clinic' defines no egress 'partnr_fhir'; did you mean 'partner_fhir'?"));
        await test.RunAsync();
    }

    [Fact]
    public async Task A_constant_name_is_checked_and_the_fix_replaces_the_whole_lookup()
    {
        string source = GatewayCodeTest.App("""
                private const string Name = "fhir_inn";
                public static IngressDefinition Inbound() => global::TestApp.Gateways.Clinic.Definition.Ingress({|HG1001:Name|});
            """);
        string fixedSource = GatewayCodeTest.App("""
                private const string Name = "fhir_inn";
                public static IngressDefinition Inbound() => global::TestApp.Gateways.Clinic.Ingress.FhirIn;
            """);
        await new GatewayCodeTest(source, fixedSource).RunAsync();
    }

    [Fact]
    public async Task Every_lookup_kind_is_checked_with_its_own_words()
    {
        string source = GatewayCodeTest.App("""
                public static object[] All() =>
                [
                    Gateways.Clinic.Definition.Pipeline("bach"),
                    Gateways.Clinic.Definition.Mesh("car"),
                    Gateways.Hospital.Definition.Egress("anything"),
                    Gateways.Hospital.Definition.Pipeline("radiology"),
                ];
            """);
        var test = new GatewayCodeTest(source, GatewayCodeTest.App("""
                public static object[] All() =>
                [
                    Gateways.Clinic.Pipelines.Batch,
                    Gateways.Clinic.Meshes.Care,
                    Gateways.Hospital.Definition.Egress("anything"),
                    Gateways.Hospital.Definition.Pipeline("radiology"),
                ];
            """));
        test.ExpectedDiagnostics.Add(Error(13, 45, 13, 51, "Gateway 'clinic' defines no pipeline 'bach'; did you mean 'batch'?"));
        test.ExpectedDiagnostics.Add(Error(14, 41, 14, 46, "Gateway 'clinic' defines no mesh 'car'; did you mean 'care'?"));
        DiagnosticResult[] unfixable =
        [
            Error(15, 45, 15, 55, "Gateway 'hospital' defines no egress 'anything'; it defines no egresses"),
            Error(16, 47, 16, 58, "Gateway 'hospital' defines no pipeline 'radiology'; it defines 'records'"),
        ];
        test.ExpectedDiagnostics.AddRange(unfixable);
        test.FixedState.ExpectedDiagnostics.AddRange(unfixable);
        await test.RunAsync();
    }

    [Fact]
    public async Task A_name_close_to_two_suggests_both_and_offers_no_fix()
    {
        string source = GatewayCodeTest.App("""
                public static EgressDefinition Lab() => Gateways.Clinic.Definition.Egress("lab_c");
            """);
        var test = new GatewayCodeTest(source, source);
        test.ExpectedDiagnostics.Add(Error(11, 79, 11, 86, "Gateway 'clinic' defines no egress 'lab_c'; did you mean 'lab_a' or 'lab_b'?"));
        await test.RunAsync();
    }

    [Fact]
    public async Task A_mesh_named_for_a_token_is_checked_and_the_fix_corrects_the_literal()
    {
        string source = GatewayCodeTest.App("""
                public static string Token() => MeshTokens.Issue(Gateways.Clinic.Definition, {|HG1001:"cares"|}, "http://127.0.0.1:9000");
            """);
        string fixedSource = GatewayCodeTest.App("""
                public static string Token() => MeshTokens.Issue(Gateways.Clinic.Definition, "care", "http://127.0.0.1:9000");
            """);
        await new GatewayCodeTest(source, fixedSource).RunAsync();
    }

    [Fact]
    public async Task Defined_names_names_known_only_at_run_time_and_unknown_gateways_are_not_reported()
    {
        string source = GatewayCodeTest.App("""
                public static object[] All(string name, GatewayDefinition someGateway) =>
                [
                    Gateways.Clinic.Definition.Egress("partner_fhir"),
                    Gateways.Clinic.Definition.Ingress("fhir_in"),
                    Gateways.Clinic.Definition.Pipeline("api"),
                    Gateways.Clinic.Definition.Mesh("care"),
                    Gateways.Clinic.Definition.Egress(name),
                    someGateway.Egress("partnr_fhir"),
                ];
            """);
        await new GatewayCodeTest(source).RunAsync();
    }

    private static DiagnosticResult Error(int line, int column, int endLine, int endColumn, string message) =>
        new DiagnosticResult("HG1001", DiagnosticSeverity.Error).WithSpan(GatewayCodeTest.AppPath, line, column, endLine, endColumn).WithMessage(message);
}
