using System.Threading.Tasks;
using HarmonyGen.Generator.Tests.Infrastructure;
using Xunit;

namespace HarmonyGen.Generator.Tests;

/// <summary>HG05xx networks, endpoints and backends; HG06xx reachability warnings.</summary>
public sealed class NetworkAndReachabilityDiagnosticTests
{
    private const string Config = "config.toml";
    private const string Api = "pipelines/api.toml";
    private const string Mesh = "mesh/care.toml";

    [Theory]
    [InlineData("70000")]
    [InlineData("0")]
    public Task HG0501_port_out_of_range(string port)
    {
        Toml toml = Toml.Valid().Replace(Config, "bind_port = 8080", $"bind_port = {port}");
        int offset = toml[Config].IndexOf("bind_port = ", System.StringComparison.Ordinal) + "bind_port = ".Length;
        return Verify.Diagnostics(toml, toml.AtOffset("HG0501", Microsoft.CodeAnalysis.DiagnosticSeverity.Error, Config, offset, port.Length));
    }

    [Theory]
    [InlineData("\"all-interfaces\"")]
    [InlineData("\"8080\"")]
    [InlineData("\"10.1\"")]
    public Task HG0502_bind_address_must_be_an_ip(string address)
    {
        Toml toml = Toml.Valid().Replace(Config, "\"127.0.0.1\"", address);
        return Verify.Diagnostics(toml, toml.Error("HG0502", Config, address));
    }

    [Fact]
    public Task HG0503_http3_listener_needs_tls_material()
    {
        Toml toml = Toml.Valid().Append(Config, "[network.lan.http3]\nbind_address = \"127.0.0.1\"\nbind_port = 8443\n");
        return Verify.Diagnostics(toml, toml.Error("HG0503", Config, "network.lan.http3"));
    }

    [Fact]
    public Task HG0504_backend_base_url_must_be_absolute_http()
    {
        Toml toml = Toml.Valid().Replace(Api, "\"http://127.0.0.1:9000/fhir\"", "\"127.0.0.1:9000/fhir\"");
        return Verify.Diagnostics(toml, toml.Error("HG0504", Api, "\"127.0.0.1:9000/fhir\""));
    }

    [Fact]
    public Task HG0505_backend_without_base_url_or_target()
    {
        Toml toml = Toml.Valid().Replace(Api, "[backends.partner.options]\nbase_url = \"http://127.0.0.1:9000/fhir\"\n", string.Empty);
        return Verify.Diagnostics(toml, toml.Error("HG0505", Api, "backends.partner"));
    }

    [Fact]
    public Task HG0506_path_prefix_must_start_with_a_slash()
    {
        Toml toml = Toml.Valid().Replace(Api, "path_prefix = \"/fhir\"", "path_prefix = \"fhir\"");
        return Verify.Diagnostics(toml, toml.Error("HG0506", Api, "\"fhir\"", occurrence: 3));
    }

    [Fact]
    public Task HG0507_timeout_out_of_range()
    {
        Toml toml = Toml.Valid().Replace(Api, "timeout_secs = 5", "timeout_secs = 0");
        return Verify.Diagnostics(toml, toml.Error("HG0507", Api, "0"));
    }

    [Fact]
    public Task HG0508_pipeline_on_no_listener_warns()
    {
        Toml toml = Toml.Valid().Replace(Api, "networks = [\"lan\"]", "networks = []");
        return Verify.Diagnostics(toml, toml.Warning("HG0508", Api, "pipelines.api"));
    }

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1:8080")]
    [InlineData("0.0.0.0", "0.0.0.0:8080")]
    [InlineData("localhost", "127.0.0.1:8080")]
    [InlineData("::", "[::]:8080")]
    public Task HG0511_second_listener_on_a_bound_port_points_at_both(string address, string endpoint)
    {
        Toml toml = Toml.Valid().Append(Config, $"[network.admin.http]\nbind_address = \"{address}\"\nbind_port = 8080\n");
        return Verify.Diagnostics(
            toml,
            toml.Also(toml.Error("HG0511", Config, "8080", occurrence: 2), Config, "8080")
                .WithMessage($"[network.admin.http] would listen on {endpoint}, which [network.lan.http] already binds (at /project/config.toml(6,13)); the gateway could not start"));
    }

    [Theory]
    [InlineData("127.0.0.2", "8080")]
    [InlineData("::1", "8080")]
    [InlineData("0.0.0.0", "8081")]
    public Task HG0511_not_reported_for_a_different_address_or_port(string address, string port)
    {
        Toml toml = Toml.Valid().Append(Config, $"[network.admin.http]\nbind_address = \"{address}\"\nbind_port = {port}\n");
        return Verify.Diagnostics(toml);
    }

    [Fact]
    public Task HG0509_http3_ingress_without_http3_listener_warns()
    {
        Toml toml = Toml.Valid().Replace(Api, "type = \"http\"\nurls", "type = \"http3\"\nurls");
        return Verify.Diagnostics(toml, toml.Warning("HG0509", Api, "\"http3\""));
    }

    [Fact]
    public Task HG0512_pipeline_with_endpoints_and_no_backend_warns_at_the_pipeline()
    {
        Toml toml = Toml.Valid()
            .Replace(Api, "backends = [\"partner\"]", "backends = []")
            .Replace(Api, "[pipelines.api.mesh.egress.partner_out]\ntype = \"http\"\nbackend = \"partner\"", string.Empty)
            .Replace(Mesh, "egress = [\"partner_out\"]", "egress = []");
        return Verify.Diagnostics(toml, toml.Warning("HG0512", Api, "pipelines.api"));
    }

    [Fact]
    public Task HG0601_ingress_listed_only_by_a_disabled_mesh()
    {
        Toml toml = Toml.Valid().Append(Mesh, "enabled = false\n");
        return Verify.Diagnostics(
            toml,
            toml.Warning("HG0601", Api, "pipelines.api.mesh.ingress.fhir_in"),
            toml.Warning("HG0602", Api, "pipelines.api.mesh.egress.partner_out").WithArguments("partner_out", "partner", " (mesh 'care' lists it but is disabled)"));
    }

    [Fact]
    public Task HG0602_egress_in_no_mesh_warns()
    {
        Toml toml = Toml.Valid().Replace(Mesh, "egress = [\"partner_out\"]", "egress = []");
        return Verify.Diagnostics(toml, toml.Warning("HG0602", Api, "pipelines.api.mesh.egress.partner_out"));
    }

    [Fact]
    public Task HG0603_mesh_mode_ingress_in_no_mesh_warns_at_the_mode()
    {
        Toml toml = Toml.Valid().Replace(Mesh, "ingress = [\"fhir_in\"]", "ingress = []");
        return Verify.Diagnostics(toml, toml.Warning("HG0603", Api, "\"mesh\""));
    }

    [Fact]
    public Task HG0604_mesh_auth_pipeline_whose_ingresses_are_in_no_mesh_warns_at_the_middleware()
    {
        Toml toml = Toml.Valid()
            .Replace(Api, "mode = \"mesh\"\n", string.Empty)
            .Replace(Api, "backends = [\"partner\"]", "backends = [\"partner\"]\nmiddleware = [\"require_mesh\"]")
            .Append(Api, "[middleware.require_mesh]\ntype = \"mesh_auth\"\n")
            .Replace(Mesh, "ingress = [\"fhir_in\"]", "ingress = []");
        return Verify.Diagnostics(toml, toml.Warning("HG0604", Api, "\"require_mesh\""));
    }

    [Fact]
    public Task HG0604_not_reported_when_an_ingress_of_the_pipeline_is_in_a_mesh()
    {
        Toml toml = Toml.Valid()
            .Replace(Api, "backends = [\"partner\"]", "backends = [\"partner\"]\nmiddleware = [\"require_mesh\"]")
            .Append(Api, "[middleware.require_mesh]\ntype = \"mesh_auth\"\n");
        return Verify.Diagnostics(toml);
    }

    [Fact]
    public Task All_problems_are_reported_in_one_build()
    {
        Toml toml = Toml.Valid()
            .Replace(Config, "bind_port = 8080", "bind_port = 70000")
            .Replace(Api, "backend = \"partner\"", "backend = \"partnr\"")
            .Replace(Api, "path_prefix = \"/fhir\"", "path_prefix = \"fhir\"")
            .Replace(Mesh, "\"${CARE_SECRET}\"", "\"${CARE_SECRET\"");
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0501", Config, "70000"),
            toml.Error("HG0010", Mesh, "\"${CARE_SECRET\""),
            toml.Error("HG0506", Api, "\"fhir\"", occurrence: 3),
            toml.Error("HG0201", Api, "\"partnr\""));
    }

    [Fact]
    public Task HG0507_target_timeout_out_of_range_is_reported_not_replaced()
    {
        Toml toml = Toml.Valid().Append(Config, "[targets.far]\nconnection.host = \"127.0.0.1\"\ntimeout_secs = 86400\n");
        return Verify.Diagnostics(toml, toml.Error("HG0507", Config, "86400"));
    }

    [Fact]
    public Task HG0403_primary_provider_must_be_configured()
    {
        Toml toml = Toml.Valid().Replace(Config, "id = \"clinic\"", "id = \"clinic\"\nprimary_provider = \"runbeam\"");
        return Verify.Diagnostics(toml, toml.Error("HG0403", Config, "\"runbeam\""));
    }

    [Fact]
    public Task HG0412_legacy_runbeam_table_names_its_own_key()
    {
        Toml toml = Toml.Valid().Append(Config, "[runbeam]\npoll_interval_secs = 30\n");
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0412", Config, "runbeam").WithMessage("Provider 'runbeam' needs 'cloud_api_base_url', an absolute https:// or http:// URL"));
    }

    [Fact]
    public Task Nested_ingress_does_not_accept_a_pipeline_key()
    {
        Toml toml = Toml.Valid().Replace(Api, "mode = \"mesh\"", "mode = \"mesh\"\npipeline = \"api\"");
        return Verify.Diagnostics(
            toml,
            toml.Warning("HG0006", Api, "pipeline", 3).WithMessage("'pipeline' is not a key HarmonyGen knows in [pipelines.api.mesh.ingress.fhir_in]; it has no effect"));
    }

    [Theory]
    [InlineData("cert_path", "key_path")]
    [InlineData("key_path", "cert_path")]
    public Task HG0510_tls_listener_with_half_a_key_pair_stops_the_build(string present, string missing)
    {
        Toml toml = Toml.Valid().Replace(Config, "bind_port = 8080", $"bind_port = 8080\n{present} = \"${{EDGE_TLS}}\"");
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0510", Config, "\"${EDGE_TLS}\"").WithMessage($"[network.lan.http] sets '{present}' but not '{missing}'; TLS needs both, and without them the listener would serve plain HTTP"));
    }

    [Fact]
    public Task Tls_listener_with_both_paths_is_accepted()
    {
        Toml toml = Toml.Valid().Replace(Config, "bind_port = 8080", "bind_port = 8080\ncert_path = \"${EDGE_CERT}\"\nkey_path = \"${EDGE_KEY}\"");
        return Verify.Diagnostics(toml);
    }
}
