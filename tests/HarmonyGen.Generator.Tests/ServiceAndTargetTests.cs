using System.Linq;
using System.Threading.Tasks;
using HarmonyGen.Generator.Spec;
using HarmonyGen.Generator.Tests.Infrastructure;
using Xunit;

namespace HarmonyGen.Generator.Tests;

/// <summary>HG0513 for Harmony services that are not HTTP, and an http3 target carried into its backend.</summary>
public sealed class ServiceAndTargetTests
{
    private const string Config = "config.toml";
    private const string Api = "pipelines/api.toml";

    [Theory]
    [InlineData("dicom_scp", "DICOM DIMSE")]
    [InlineData("dicom", "DICOM DIMSE")]
    [InlineData("jmix", "JMIX")]
    public Task HG0513_an_endpoint_service_that_is_not_http_names_the_service(string service, string family)
    {
        Toml toml = Toml.Valid().Replace(Api, "service = \"fhir\"", $"service = \"{service}\"");
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0513", Api, $"\"{service}\"").WithMessage(
                $"Endpoint 'fhir' uses service '{service}', a {family} service; HarmonyGen serves HTTP only (http, fhir, dicomweb, echo)"));
    }

    [Theory]
    [InlineData("dicom_scu", "DICOM DIMSE")]
    [InlineData("jmix_backend", "JMIX")]
    [InlineData("storage", "storage")]
    public Task HG0513_a_backend_service_that_is_not_http_names_the_service(string service, string family)
    {
        Toml toml = Toml.Valid().Replace(Api, "service = \"http\"\ntimeout_secs", $"service = \"{service}\"\ntimeout_secs");
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0513", Api, $"\"{service}\"").WithMessage(
                $"Backend 'partner' uses service '{service}', a {family} service; HarmonyGen serves HTTP only (http, http3, h3, fhir, echo)"));
    }

    [Fact]
    public Task A_fhir_backend_builds_and_is_forwarded_over_http_as_Harmony_forwards_it()
    {
        Toml toml = Toml.Valid().Replace(Api, "service = \"http\"\ntimeout_secs", "service = \"fhir\"\ntimeout_secs");
        BackendSpec backend = Specs.Of(toml).Backends.Single();

        Assert.Equal(BackendService.Http, backend.Service);
        Assert.Equal("http://127.0.0.1:9000/fhir", backend.BaseUrl);
        return Verify.Diagnostics(toml);
    }

    [Fact]
    public Task HG0003_a_service_Harmony_does_not_have_either()
    {
        Toml toml = Toml.Valid().Replace(Api, "service = \"fhir\"", "service = \"ftp\"");
        return Verify.Diagnostics(toml, toml.Error("HG0003", Api, "\"ftp\""));
    }

    [Theory]
    [InlineData("http3")]
    [InlineData("h3")]
    public void An_http3_target_makes_its_backend_prefer_http3_over_https(string protocol)
    {
        Toml toml = Toml.Valid()
            .Replace(Api, "[backends.partner.options]\nbase_url = \"http://127.0.0.1:9000/fhir\"", "target_ref = \"quic\"")
            .Append(Config, $"[targets.quic]\nconnection.host = \"cloudflare-quic.com\"\nconnection.port = 443\nconnection.protocol = \"{protocol}\"\n");
        BackendSpec backend = Specs.Of(toml).Backends.Single();

        Assert.Equal(BackendService.Http3, backend.Service);
        Assert.Equal("https://cloudflare-quic.com:443", backend.BaseUrl);
    }

    [Fact]
    public Task An_http3_target_builds() =>
        Verify.Diagnostics(Toml.Valid()
            .Replace(Api, "[backends.partner.options]\nbase_url = \"http://127.0.0.1:9000/fhir\"", "target_ref = \"quic\"")
            .Append(Config, "[targets.quic]\nconnection.host = \"cloudflare-quic.com\"\nconnection.protocol = \"http3\"\n"));
}
