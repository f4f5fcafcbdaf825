using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using HarmonyGen.Hosting;
using HarmonyGen.Mesh;
using HarmonyGen.Definitions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Xunit;

namespace HarmonyGen.Typed.Tests;

/// <summary>An egress as an <c>HttpMessageHandler</c>: application requests leave with the egress's mesh token.</summary>
public sealed class MeshEgressHandlerTests
{
    [Fact]
    public async Task A_request_through_the_egress_is_accepted_by_the_partners_mesh_mode_ingress()
    {
        using IHost hospital = AddHarmonyGatewayTests.HospitalHost(configuredPort: true);
        await hospital.StartAsync();
        string hospitalUrl = hospital.Services.GetRequiredService<HarmonyGatewayService<Gateways.TypedHospital>>().Urls.Single();
        GatewayDefinition clinic = TestMesh.ClinicWithBackend("hospital", hospitalUrl + "/fhir");

        var handler = new MeshEgressHandler(clinic, Gateways.TypedClinic.Egress.HospitalFhir, TestMesh.Options()) { InnerHandler = new SocketsHttpHandler() };
        using var client = new HttpClient(handler) { BaseAddress = handler.BaseAddress };
        HttpResponseMessage signed = await client.GetAsync("Patient/123");
        string body = await signed.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        using JsonDocument echo = JsonDocument.Parse(body);
        Assert.Equal("typed_clinic", echo.RootElement.GetProperty("mesh_sender").GetString());
        Assert.Equal("/Patient/123", echo.RootElement.GetProperty("path").GetString());

        using var plain = new HttpClient();
        Assert.Equal(HttpStatusCode.Forbidden, (await plain.GetAsync(hospitalUrl + "/fhir/Patient/123")).StatusCode);
        await hospital.StopAsync();
    }

    [Fact]
    public async Task The_token_names_the_mesh_the_sender_and_the_backend_origin_in_dest_url_and_is_reused()
    {
        await using CaptureServer backend = await CaptureServer.StartAsync();
        GatewayDefinition clinic = TestMesh.ClinicWithBackend("hospital", backend.BaseUrl + "/fhir");
        var handler = new MeshEgressHandler(clinic, Gateways.TypedClinic.Egress.HospitalFhir, TestMesh.Options()) { InnerHandler = new SocketsHttpHandler() };
        using var client = new HttpClient(handler) { BaseAddress = handler.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "the-apps-own-token");

        await client.GetAsync("Patient/1");
        await client.GetAsync("Observation?patient=1");

        Assert.Equal(new[] { "/fhir/Patient/1", "/fhir/Observation" }, backend.Requests.Select(r => r.Path));
        string[] headers = backend.Requests.Select(r => r.Authorization!).ToArray();
        Assert.All(headers, h => Assert.StartsWith("Bearer ey", h, StringComparison.Ordinal));
        Assert.Equal(headers[0], headers[1]);
        Assert.Equal(1, handler.TokensSigned);

        var token = new JsonWebToken(headers[0]["Bearer ".Length..]);
        Assert.Equal("HS256", token.Alg);
        Assert.Equal("care", token.Issuer);
        Assert.Equal("typed_clinic", token.Subject);
        Assert.Equal(backend.BaseUrl, token.GetClaim("dest_url").Value);
        Assert.Empty(token.Audiences); // Harmony members refuse any token with aud
        Assert.Equal("care", token.GetClaim("mesh_id").Value);
    }

    [Fact]
    public async Task A_request_to_another_origin_is_refused_before_it_leaves()
    {
        await using CaptureServer backend = await CaptureServer.StartAsync();
        await using CaptureServer elsewhere = await CaptureServer.StartAsync();
        GatewayDefinition clinic = TestMesh.ClinicWithBackend("hospital", backend.BaseUrl + "/fhir");
        var handler = new MeshEgressHandler(clinic, Gateways.TypedClinic.Egress.HospitalFhir, TestMesh.Options()) { InnerHandler = new SocketsHttpHandler() };
        using var client = new HttpClient(handler);

        InvalidOperationException error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetAsync(elsewhere.BaseUrl + "/fhir/Patient/1"));
        Assert.Equal($"Egress 'hospital_fhir' of gateway 'typed_clinic' signs requests to {backend.BaseUrl} (backend 'hospital') only; refusing to send its mesh token to {elsewhere.BaseUrl}.", error.Message);
        Assert.Empty(elsewhere.Requests);
    }

    [Fact]
    public void A_disabled_egress_is_refused_with_the_reason()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => new MeshEgressHandler(Gateways.TypedClinic.Definition, Gateways.TypedClinic.Egress.OldPartner, TestMesh.Options()));
        Assert.Equal("egress", error.ParamName);
        Assert.StartsWith("Egress 'old_partner' of gateway 'typed_clinic' is disabled (enabled = false), so it carries no mesh token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_egress_in_no_enabled_mesh_is_refused_with_the_reason()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => new MeshEgressHandler(Gateways.TypedClinic.Definition, Gateways.TypedClinic.Egress.LabUnsigned, TestMesh.Options()));
        Assert.StartsWith("Egress 'lab_unsigned' of gateway 'typed_clinic' is listed by no enabled mesh, so it has no mesh token to attach", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_gateways_egress_is_refused()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => new MeshEgressHandler(Gateways.TypedHospital.Definition, Gateways.TypedClinic.Egress.HospitalFhir, TestMesh.Options()));
        Assert.StartsWith("Gateway 'typed_hospital' has no egress 'hospital_fhir'; it has no egresses.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_secret_fails_when_the_handler_is_created()
    {
        InvalidOperationException error = Assert.ThrowsAny<InvalidOperationException>(() => new MeshEgressHandler(Gateways.TypedClinic.Definition, Gateways.TypedClinic.Egress.HospitalFhir, new HarmonyGatewayOptions { Environment = _ => null }));
        Assert.Contains("TYPED_CARE_SECRET", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddHarmonyEgress_gives_a_named_client_the_backend_address_and_the_mesh_token()
    {
        await using CaptureServer backend = await CaptureServer.StartAsync();
        GatewayDefinition clinic = TestMesh.ClinicWithBackend("hospital", backend.BaseUrl + "/fhir");
        var services = new ServiceCollection();
        services.Configure<HarmonyGatewayOptions>("typed_clinic", o => o.Environment = TestMesh.Environment);
        services.AddHttpClient("hospital").AddHarmonyEgress(clinic, Gateways.TypedClinic.Egress.HospitalFhir);
        using ServiceProvider provider = services.BuildServiceProvider();
        IHttpClientFactory factory = provider.GetRequiredService<IHttpClientFactory>();

        using HttpClient client = factory.CreateClient("hospital");
        Assert.Equal(new Uri(backend.BaseUrl + "/fhir/"), client.BaseAddress);
        await client.GetAsync("Patient/9");
        using HttpClient again = factory.CreateClient("hospital");
        await again.GetAsync("Patient/10");

        Assert.Equal(new[] { "/fhir/Patient/9", "/fhir/Patient/10" }, backend.Requests.Select(r => r.Path));
        Assert.All(backend.Requests, r => Assert.StartsWith("Bearer ey", r.Authorization, StringComparison.Ordinal));
    }

    [Fact]
    public void AddHarmonyEgress_refuses_a_disabled_egress_when_the_client_is_registered()
    {
        var services = new ServiceCollection();
        IHttpClientBuilder builder = services.AddHttpClient("old");
        ArgumentException error = Assert.Throws<ArgumentException>(() => builder.AddHarmonyEgress(Gateways.TypedClinic.Definition, Gateways.TypedClinic.Egress.OldPartner));
        Assert.Contains("is disabled (enabled = false)", error.Message, StringComparison.Ordinal);
    }
}
