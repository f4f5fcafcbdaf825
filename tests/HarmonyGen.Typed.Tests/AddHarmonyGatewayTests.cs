using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using HarmonyGen.Hosting;
using HarmonyGen.Definitions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit;

namespace HarmonyGen.Typed.Tests;

/// <summary><c>services.AddHarmonyGateway&lt;T&gt;()</c>: the gateway serves while the host runs, and stops with it.</summary>
public sealed class AddHarmonyGatewayTests
{
    [Fact]
    public async Task The_gateway_serves_while_the_host_runs_and_stops_with_it()
    {
        IHost host = HospitalHost();
        await host.StartAsync();
        HarmonyGatewayService<Gateways.TypedHospital> gateway = host.Services.GetRequiredService<HarmonyGatewayService<Gateways.TypedHospital>>();
        string url = gateway.Urls.Single();

        using var client = new HttpClient();
        // The records pipeline is mesh-only: a request without a mesh token is refused by the running gateway.
        HttpResponseMessage response = await client.GetAsync(url + "/fhir/Patient/1");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        await host.StopAsync();
        Assert.Empty(gateway.Urls);
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(url + "/fhir/Patient/1"));
        host.Dispose();
    }

    [Fact]
    public void The_definition_is_registered_for_diagnostics_pages_and_keyed_by_proxy_id()
    {
        var services = new ServiceCollection();
        services.AddHarmonyGateway<Gateways.TypedHospital>().AddHarmonyGateway<Gateways.TypedClinic>().AddHarmonyGateway<Gateways.TypedHospital>();
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Equal(new[] { "typed_hospital", "typed_clinic" }, provider.GetServices<GatewayDefinition>().Select(d => d.ProxyId));
        Assert.Same(Gateways.TypedClinic.Definition, provider.GetRequiredKeyedService<GatewayDefinition>("typed_clinic"));
        Assert.Equal(2, provider.GetServices<IHostedService>().Count());
    }

    [Fact]
    public void Options_are_the_gateways_named_options_and_every_configure_applies()
    {
        var services = new ServiceCollection();
        services.AddHarmonyGateway<Gateways.TypedHospital>(o => o.PortOverrides["lan"] = 0);
        services.AddHarmonyGateway<Gateways.TypedHospital>(o => o.BackendConnectTimeout = TimeSpan.FromSeconds(3));
        using ServiceProvider provider = services.BuildServiceProvider();

        HarmonyGatewayOptions options = provider.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<HarmonyGatewayOptions>>().Get("typed_hospital");
        Assert.Equal(0, options.PortOverrides["lan"]);
        Assert.Equal(TimeSpan.FromSeconds(3), options.BackendConnectTimeout);
    }

    /// <summary>A generic host running the hospital gateway on a free port.</summary>
    /// <param name="configuredPort">
    /// Listen on the port the TOML names (47090) rather than a free one: needed when a mesh token must match the
    /// ingress URL's origin, since the gateway takes a token's audience only from its own ingress URLs.
    /// </param>
    internal static IHost HospitalHost(bool configuredPort = false)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddHarmonyGateway<Gateways.TypedHospital>(options =>
        {
            if (!configuredPort)
            {
                options.PortOverrides["lan"] = 0;
            }

            options.Environment = TestMesh.Environment;
        });
        return builder.Build();
    }
}
