using System.Collections.Generic;
using System.Threading.Tasks;
using HarmonyGen.Generator.Tests.Infrastructure;
using Xunit;

namespace HarmonyGen.Generator.Tests;

/// <summary>HG00xx: TOML syntax, value types, enums, required keys, duplicates, unknown and ignored tables.</summary>
public sealed class StructureDiagnosticTests
{
    private const string Config = "config.toml";
    private const string Api = "pipelines/api.toml";
    private const string Mesh = "mesh/care.toml";

    [Fact]
    public Task HG0001_syntax_error_is_reported_at_the_broken_token()
    {
        Toml toml = Toml.Valid().Replace(Config, "bind_port = 8080", "bind_port = 8080 8081");
        return Verify.Diagnostics(toml, toml.Error("HG0001", Config, "8081"));
    }

    [Fact]
    public Task HG0002_string_where_an_integer_belongs_points_at_the_value()
    {
        Toml toml = Toml.Valid().Replace(Config, "bind_port = 8080", "bind_port = \"8080\"");
        return Verify.Diagnostics(toml, toml.Error("HG0002", Config, "\"8080\""));
    }

    [Fact]
    public Task HG0002_urls_as_a_string_and_enabled_as_a_string_are_both_reported()
    {
        Toml toml = Toml.Valid()
            .Replace(Api, "urls = [\"http://127.0.0.1:8080/r4\"]", "urls = \"http://127.0.0.1:8080/r4\"\nenabled = \"yes\"");
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0002", Api, "\"http://127.0.0.1:8080/r4\""),
            toml.Error("HG0002", Api, "\"yes\""));
    }

    [Theory]
    [InlineData(Api, "type = \"http\"\nurls", "type = \"http2\"\nurls", "\"http2\"")]
    [InlineData(Api, "mode = \"mesh\"", "mode = \"strict\"", "\"strict\"")]
    [InlineData(Mesh, "provider = \"local\"", "provider = \"aws\"", "\"aws\"")]
    [InlineData(Mesh, "provider = \"local\"", "provider = \"local\"\nauth_type = \"saml\"", "\"saml\"")]
    public Task HG0003_unknown_enum_value_points_at_the_value(string file, string find, string replace, string needle)
    {
        Toml toml = Toml.Valid().Replace(file, find, replace);
        return Verify.Diagnostics(toml, toml.Error("HG0003", file, needle));
    }

    [Fact]
    public Task HG0004_required_key_missing_points_at_the_table_header()
    {
        Toml toml = Toml.Valid().Replace(Api, "[pipelines.api.mesh.ingress.fhir_in]\ntype = \"http\"\n", "[pipelines.api.mesh.ingress.fhir_in]\n");
        return Verify.Diagnostics(toml, toml.Error("HG0004", Api, "pipelines.api.mesh.ingress.fhir_in"));
    }

    [Fact]
    public Task HG0004_config_toml_without_proxy_is_reported()
    {
        Toml toml = Toml.Valid().Replace(Config, "[proxy]\nid = \"clinic\"\n", string.Empty);
        return Verify.Diagnostics(toml, new Microsoft.CodeAnalysis.Testing.DiagnosticResult("HG0004", Microsoft.CodeAnalysis.DiagnosticSeverity.Error)
            .WithSpan(GatewayTest.ProjectDir + Config, 1, 1, 1, 1));
    }

    [Fact]
    public Task HG0005_table_defined_in_two_files_is_one_error_pointing_at_both()
    {
        // Its colliding keys are part of the same problem: one diagnostic, not one per key.
        Toml toml = Toml.Valid().Append(Mesh, "[backends.partner]\nservice = \"echo\"\ntimeout_secs = 5\n");
        return Verify.Diagnostics(
            toml,
            // config.toml first, then the other files in path order, so the definition in pipelines/ is the later one.
            toml.Also(toml.Error("HG0005", Api, "backends.partner"), Mesh, "backends.partner")
                .WithMessage("[backends.partner] is defined twice; the other definition is at /project/mesh/care.toml(6,2)"));
    }

    [Fact]
    public Task HG0005_key_written_again_without_repeating_its_table_is_its_own_error()
    {
        // A later file that adds to [backends.partner] without its header: the key that collides is the problem.
        Toml toml = Toml.Valid().Replace(Mesh, "[mesh.care]", "backends.partner.timeout_secs = 9\n\n[mesh.care]");
        return Verify.Diagnostics(
            toml,
            toml.Also(toml.Error("HG0005", Api, "timeout_secs"), Mesh, "backends.partner.timeout_secs"));
    }

    [Fact]
    public Task A_table_written_again_with_the_same_keys_and_values_merges_silently()
    {
        // As Harmony merges it: the copy in mesh/care.toml says what pipelines/api.toml says, in another layout.
        Toml toml = Toml.Valid().Append(Mesh, """
            [backends.partner]
            timeout_secs = 5
            service = 'http'
            options.base_url = "http://127.0.0.1:9000/fhir"
            """);
        return Verify.Diagnostics(toml);
    }

    [Fact]
    public Task HG0005_a_table_written_again_with_one_value_changed_is_one_error()
    {
        Toml toml = Toml.Valid().Append(Mesh, """
            [backends.partner]
            service = "http"
            timeout_secs = 6
            [backends.partner.options]
            base_url = "http://127.0.0.1:9000/fhir"
            """);
        return Verify.Diagnostics(
            toml,
            toml.Also(toml.Error("HG0005", Api, "backends.partner"), Mesh, "backends.partner"));
    }

    [Fact]
    public Task HG0005_a_table_written_again_with_a_key_fewer_is_one_error()
    {
        Toml toml = Toml.Valid().Append(Mesh, "[network.lan.http]\nbind_address = \"127.0.0.1\"\n");
        return Verify.Diagnostics(
            toml,
            toml.Also(toml.Error("HG0005", Mesh, "network.lan.http"), Config, "network.lan.http"));
    }

    [Fact]
    public Task A_key_written_again_with_the_same_value_merges_and_with_another_is_HG0005()
    {
        // mesh/care.toml is read before pipelines/api.toml: its keys are the first definition.
        Toml toml = Toml.Valid().Replace(Mesh, "[mesh.care]", "backends.partner.timeout_secs = 5\nbackends.partner.service = \"echo\"\n\n[mesh.care]");
        return Verify.Diagnostics(
            toml,
            toml.Also(toml.Error("HG0005", Api, "service", 2), Mesh, "backends.partner.service"));
    }

    [Fact]
    public Task HG0005_ingress_name_used_by_two_pipelines_points_at_both()
    {
        Toml toml = Toml.Valid().Append(Api, """
            [pipelines.other]
            networks = ["lan"]
            endpoints = ["fhir"]
            backends = ["partner"]

            [pipelines.other.mesh.ingress.fhir_in]
            type = "http"
            urls = ["http://127.0.0.1:8080/other"]
            """);
        return Verify.Diagnostics(
            toml,
            toml.Also(toml.Error("HG0005", Api, "pipelines.other.mesh.ingress.fhir_in"), Api, "pipelines.api.mesh.ingress.fhir_in")
                .WithMessage("Ingress 'fhir_in' is defined twice; the other definition is at /project/pipelines/api.toml(18,2)"));
    }

    [Fact]
    public Task HG0006_misspelt_key_is_a_warning_with_a_suggestion()
    {
        Toml toml = Toml.Valid().Replace(Mesh, "jwt_secret =", "jwt_secrte =");
        return Verify.Diagnostics(
            toml,
            toml.Warning("HG0006", Mesh, "jwt_secrte").WithMessage("'jwt_secrte' is not a key HarmonyGen knows in [mesh.care]; it has no effect; did you mean 'jwt_secret'?"),
            toml.Error("HG0404", Mesh, "mesh.care"));
    }

    [Fact]
    public Task HG0007_table_without_traffic_meaning_is_informational()
    {
        Toml toml = Toml.Valid().Append(Config, "[logging]\nlog_level = \"debug\"\n");
        return Verify.Diagnostics(toml, toml.Info("HG0007", Config, "logging"));
    }

    [Fact]
    public Task HG0008_wireguard_cannot_be_enforced()
    {
        Toml toml = Toml.Valid().Replace(Config, "[network.lan.http]", "[network.lan]\nenable_wireguard = true\n\n[network.lan.http]");
        return Verify.Diagnostics(toml, toml.Error("HG0008", Config, "true"));
    }

    [Fact]
    public Task HG0008_unknown_security_middleware_stops_the_build()
    {
        Toml toml = Toml.WithMiddleware("auth", "[middleware.auth]\ntype = \"dicom_flatten\"\n");
        return Verify.Diagnostics(toml, toml.Error("HG0008", Api, "\"dicom_flatten\""));
    }

    [Fact]
    public Task HG0008_a_policy_rule_the_runtime_does_not_enforce_names_the_rule_and_middleware()
    {
        Toml toml = Toml.Valid().Append(Api, """
            [middleware.guard]
            type = "policies"
            [middleware.guard.options]
            policies = ["lan_only"]

            [policies.lan_only]
            id = "lan_only"
            rules = ["everyone", "internal"]

            [rules.everyone]
            id = "everyone"
            type = "allow_all"

            [rules.internal]
            id = "internal"
            type = "geo"
            options.country_codes = ["AU"]
            """);
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0008", Api, "\"geo\"").WithMessage(
                "Rule 'internal' (type 'geo': Harmony reads the client's country from request metadata, and HarmonyGen has no country database to find it) of policy 'lan_only' in middleware 'guard' guards traffic and HarmonyGen cannot enforce it, so the build stops rather than drop it silently"));
    }

    [Fact]
    public Task HG0009_two_roots_with_one_proxy_id_are_reported()
    {
        var toml = new Toml(new Dictionary<string, string>
        {
            ["a/config.toml"] = "[proxy]\nid = \"clinic\"\n",
            ["b/config.toml"] = "[proxy]\nid = \"clinic\"\n",
        });
        return Verify.Diagnostics(
            toml,
            toml.Also(toml.Error("HG0009", "b/config.toml", "\"clinic\""), "a/config.toml", "\"clinic\""));
    }

    [Fact]
    public Task HG0010_malformed_environment_reference_is_never_used_as_a_literal()
    {
        Toml toml = Toml.Valid().Replace(Mesh, "\"${CARE_SECRET}\"", "\"${CARE_SECRET\"");
        return Verify.Diagnostics(toml, toml.Error("HG0010", Mesh, "\"${CARE_SECRET\""));
    }

    [Fact]
    public void HG0099_internal_failures_become_a_diagnostic_at_the_config()
    {
        DiagnosticInfo info = InternalError.Create("/project/config.toml", new System.InvalidOperationException("boom"));
        Microsoft.CodeAnalysis.Diagnostic diagnostic = info.ToDiagnostic();
        Assert.Equal("HG0099", diagnostic.Id);
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("/project/config.toml", diagnostic.Location.GetLineSpan().Path);
        Assert.Contains("InvalidOperationException: boom", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }
}
