using System.Threading.Tasks;
using HarmonyGen.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace HarmonyGen.Analyzers.Tests;

/// <summary>HG1002 (an egress that cannot sign, handed to the egress handler) and HG1003 (a gateway started with a pipeline nothing reaches).</summary>
public sealed class EgressAndStartTests
{
    [Fact]
    public async Task A_disabled_egress_given_to_a_MeshEgressHandler_is_an_error_at_the_argument()
    {
        string source = GatewayCodeTest.App("""
                public static MeshEgressHandler Old() => new(Gateways.Clinic.Definition, Gateways.Clinic.Egress.OldPartner);
            """);
        var test = new GatewayCodeTest(source);
        test.ExpectedDiagnostics.Add(new DiagnosticResult("HG1002", DiagnosticSeverity.Error)
            .WithSpan(GatewayCodeTest.AppPath, 11, 78, 11, 111)
            .WithMessage("Egress 'old_partner' of gateway 'clinic' is disabled (enabled = false), so it has no mesh token to attach and MeshEgressHandler refuses it"));
        await test.RunAsync();
    }

    [Fact]
    public async Task An_egress_in_no_mesh_looked_up_by_name_for_AddHarmonyEgress_is_an_error()
    {
        string source = GatewayCodeTest.App("""
                public static void Register(IServiceCollection services) =>
                    services.AddHttpClient("lab").AddHarmonyEgress(Gateways.Clinic.Definition, {|HG1002:Gateways.Clinic.Definition.Egress("lab_unsigned")|});
            """);
        await new GatewayCodeTest(source).RunAsync();
    }

    [Fact]
    public async Task Egresses_a_mesh_signs_are_not_reported()
    {
        string source = GatewayCodeTest.App("""
                public static void Register(IServiceCollection services)
                {
                    services.AddHttpClient("partner").AddHarmonyEgress(Gateways.Clinic.Definition, Gateways.Clinic.Egress.PartnerFhir);
                    _ = new MeshEgressHandler(Gateways.Clinic.Definition, Gateways.Clinic.Definition.Egress("lab_a"), options: null);
                }
            """);
        await new GatewayCodeTest(source).RunAsync();
    }

    [Fact]
    public async Task Starting_a_gateway_with_a_pipeline_no_listener_serves_warns_at_the_gateway_type()
    {
        string source = GatewayCodeTest.App("""
                public static void Start(IServiceCollection services)
                {
                    services.AddHarmonyGateway<Gateways.Clinic>();
                    _ = HarmonyGateway.Build<{|HG1003:Gateways.Clinic|}>();
                    _ = HarmonyGateway.Build({|HG1003:Gateways.Clinic.Definition|});
                }
            """);
        var test = new GatewayCodeTest(source);
        test.ExpectedDiagnostics.Add(new DiagnosticResult("HG1003", DiagnosticSeverity.Warning)
            .WithSpan(GatewayCodeTest.AppPath, 13, 36, 13, 51)
            .WithMessage("Gateway 'clinic' is started, but its pipeline 'batch' is on no network with a listener; nothing can reach its endpoints"));
        await test.RunAsync();
    }

    [Fact]
    public async Task Starting_a_gateway_whose_pipelines_all_listen_is_not_reported()
    {
        string source = GatewayCodeTest.App("""
                public static void Start(IServiceCollection services)
                {
                    services.AddHarmonyGateway<Gateways.Hospital>();
                    _ = HarmonyGateway.Build<Gateways.Hospital>();
                }
            """);
        await new GatewayCodeTest(source).RunAsync();
    }
}
