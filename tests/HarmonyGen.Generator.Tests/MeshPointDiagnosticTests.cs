using System.Threading.Tasks;
using HarmonyGen.Generator.Tests.Infrastructure;
using Xunit;

namespace HarmonyGen.Generator.Tests;

/// <summary>HG01xx ingress, HG02xx egress and HG03xx references.</summary>
public sealed class MeshPointDiagnosticTests
{
    private const string Api = "pipelines/api.toml";
    private const string Mesh = "mesh/care.toml";
    private const string Url = "\"http://127.0.0.1:8080/r4\"";

    [Theory]
    [InlineData("\"ftp://127.0.0.1/r4\"")]
    [InlineData("\"/r4\"")]
    [InlineData("\"http://user@127.0.0.1/r4\"")]
    public Task HG0101_ingress_url_must_be_absolute_http(string url)
    {
        Toml toml = Toml.Valid().Replace(Api, Url, url);
        return Verify.Diagnostics(toml, toml.Error("HG0101", Api, url));
    }

    [Theory]
    [InlineData("\"http://127.0.0.1:8080/r4?x=1\"")]
    [InlineData("\"http://127.0.0.1:8080/r4#top\"")]
    public Task HG0102_ingress_url_must_not_have_query_or_fragment(string url)
    {
        Toml toml = Toml.Valid().Replace(Api, Url, url);
        return Verify.Diagnostics(toml, toml.Error("HG0102", Api, url));
    }

    [Fact]
    public Task HG0103_empty_urls_points_at_the_array()
    {
        Toml toml = Toml.Valid().Replace(Api, $"urls = [{Url}]", "urls = []");
        return Verify.Diagnostics(toml, toml.Error("HG0103", Api, "[]"));
    }

    [Fact]
    public Task HG0103_missing_urls_points_at_the_ingress()
    {
        Toml toml = Toml.Valid().Replace(Api, $"urls = [{Url}]\n", string.Empty);
        return Verify.Diagnostics(toml, toml.Error("HG0103", Api, "pipelines.api.mesh.ingress.fhir_in"));
    }

    [Fact]
    public Task HG0104_ingress_endpoint_not_in_pipeline_suggests_the_closest()
    {
        Toml toml = Toml.Valid().Replace(Api, "mode = \"mesh\"", "mode = \"mesh\"\nendpoint = \"fhr\"");
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0104", Api, "\"fhr\"").WithMessage("Ingress 'fhir_in' names endpoint 'fhr', which pipeline 'api' does not list in its endpoints; did you mean 'fhir'?"));
    }

    [Fact]
    public Task HG0105_ingress_without_endpoint_in_a_pipeline_without_endpoints()
    {
        Toml toml = Toml.Valid().Replace(Api, "endpoints = [\"fhir\"]", "endpoints = []");
        return Verify.Diagnostics(toml, toml.Error("HG0105", Api, "pipelines.api.mesh.ingress.fhir_in"));
    }

    [Fact]
    public Task HG0106_same_url_on_two_ingresses_points_at_both_even_when_spelt_differently()
    {
        Toml toml = Toml.Valid()
            .Append(Api, "[pipelines.api.mesh.ingress.fhir_again]\ntype = \"http\"\nurls = [\"HTTP://127.0.0.1:8080/r4/\"]\n")
            .Replace(Mesh, "ingress = [\"fhir_in\"]", "ingress = [\"fhir_in\", \"fhir_again\"]");
        return Verify.Diagnostics(
            toml,
            toml.Also(toml.Error("HG0106", Api, "\"HTTP://127.0.0.1:8080/r4/\""), Api, Url));
    }

    [Fact]
    public Task HG0201_egress_backend_not_in_pipeline_points_at_the_value()
    {
        Toml toml = Toml.Valid().Replace(Api, "backend = \"partner\"", "backend = \"partnr\"");
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0201", Api, "\"partnr\"").WithMessage("Egress 'partner_out' names backend 'partnr', which pipeline 'api' does not list in its backends; did you mean 'partner'?"));
    }

    [Fact]
    public Task HG0202_egress_without_backend_in_a_pipeline_without_backends()
    {
        Toml toml = Toml.Valid()
            .Replace(Api, "backends = [\"partner\"]", "backends = []")
            .Replace(Api, "backend = \"partner\"", string.Empty);
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0202", Api, "pipelines.api.mesh.egress.partner_out"),
            toml.Warning("HG0512", Api, "pipelines.api"));
    }

    [Fact]
    public Task HG0203_egress_in_two_enabled_meshes_points_at_both_listings()
    {
        Toml toml = Toml.Valid().Append(Mesh, "[mesh.other]\njwt_secret = \"${OTHER_SECRET}\"\negress = [\"partner_out\"]\n");
        return Verify.Diagnostics(
            toml,
            toml.Also(toml.Error("HG0203", Mesh, "\"partner_out\"", 2), Mesh, "\"partner_out\"", 1));
    }

    [Theory]
    [InlineData("networks = [\"lan\"]", "networks = [\"lann\"]", "\"lann\"", "Network 'lann' is not defined; did you mean 'lan'?")]
    [InlineData("endpoints = [\"fhir\"]\nbackends", "endpoints = [\"fhir\", \"dicom\"]\nbackends", "\"dicom\"", "Endpoint 'dicom' is not defined")]
    [InlineData("backends = [\"partner\"]\n\n", "backends = [\"partner\"]\nmiddleware = [\"passthrough\"]\n\n", "\"passthrough\"", "Middleware 'passthrough' is not defined; did you mean 'passthru'?")]
    public Task HG0301_pipeline_reference_that_names_nothing(string find, string replace, string needle, string message)
    {
        Toml toml = Toml.Valid().Replace(Api, find, replace);
        return Verify.Diagnostics(toml, toml.Error("HG0301", Api, needle).WithMessage(message));
    }

    [Fact]
    public Task HG0301_backend_target_ref_that_names_nothing()
    {
        Toml toml = Toml.Valid().Replace(Api, "timeout_secs = 5", "timeout_secs = 5\ntarget_ref = \"server\"")
            .Replace(Api, "[backends.partner.options]\nbase_url = \"http://127.0.0.1:9000/fhir\"\n", string.Empty)
            .Append(Api, "[targets.local_server]\nconnection.host = \"127.0.0.1\"\n");
        return Verify.Diagnostics(toml, toml.Error("HG0301", Api, "\"server\""));
    }

    [Fact]
    public Task HG0302_top_level_ingress_must_name_its_pipeline()
    {
        Toml toml = Toml.Valid().Append(Api, "[ingress.loose]\ntype = \"http\"\nurls = [\"http://127.0.0.1:8080/loose\"]\n");
        return Verify.Diagnostics(toml, toml.Error("HG0302", Api, "ingress.loose"));
    }

    [Fact]
    public Task Top_level_ingress_and_egress_bind_like_nested_ones()
    {
        Toml toml = Toml.Valid()
            .Replace(Api, "[pipelines.api.mesh.ingress.fhir_in]", "[ingress.fhir_in]\npipeline = \"api\"")
            .Replace(Api, "[pipelines.api.mesh.egress.partner_out]", "[egress.partner_out]\npipeline = \"api\"");
        return Verify.Diagnostics(toml);
    }

    [Fact]
    public Task HG0301_target_ref_is_checked_even_when_base_url_overrides_it()
    {
        Toml toml = Toml.Valid().Replace(Api, "timeout_secs = 5", "timeout_secs = 5\ntarget_ref = \"nowhere\"");
        return Verify.Diagnostics(toml, toml.Error("HG0301", Api, "\"nowhere\""));
    }

    [Theory]
    [InlineData("[\"http://node-b.example/api?x=1\"]", "\"http://node-b.example/api?x=1\"", "HG0102")]
    [InlineData("[\"node-b.example\"]", "\"node-b.example\"", "HG0101")]
    [InlineData("[]", "[]", "HG0103")]
    public Task Remote_ingress_urls_are_checked_like_local_ones(string urls, string needle, string id)
    {
        Toml toml = Toml.Valid().Append(Mesh, $"[remote_ingress.node_b]\nurls = {urls}\n");
        return Verify.Diagnostics(toml, toml.Error(id, Mesh, needle));
    }

    [Fact]
    public Task Url_with_a_bad_scheme_and_a_query_gets_both_diagnostics()
    {
        Toml toml = Toml.Valid().Replace(Api, Url, "\"ftp://127.0.0.1/r4?x=1\"");
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0101", Api, "\"ftp://127.0.0.1/r4?x=1\""),
            toml.Error("HG0102", Api, "\"ftp://127.0.0.1/r4?x=1\""));
    }
}
