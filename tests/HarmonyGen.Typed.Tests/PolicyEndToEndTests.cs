using System;
using System.Collections.Immutable;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using HarmonyGen.Definitions;
using HarmonyGen.Hosting;
using Microsoft.AspNetCore.Builder;
using Xunit;

namespace HarmonyGen.Typed.Tests;

/// <summary>
/// Harmony's own http-http example (tests/conformance/harmony-examples/http-http), generated from its TOML: its
/// ip_allow, path, method and rate_limit rules decide as Harmony decides, and nothing refused reaches the backend.
/// </summary>
public sealed class PolicyEndToEndTests
{
    [Fact]
    public async Task Harmonys_http_http_example_enforces_its_policies()
    {
        await using CaptureServer backend = await CaptureServer.StartAsync();
        GatewayDefinition example = Gateways.HarmonyHttpBackend.Definition;
        GatewayDefinition definition = example with { Backends = example.Backends.Select(b => b with { BaseUrl = backend.BaseUrl }).ToImmutableArray() };
        Assert.Equal("access_control", Assert.Single(Assert.Single(definition.Pipelines).RequestStages).Name);
        var options = new HarmonyGatewayOptions();
        options.PortOverrides["http_net"] = 0;
        await using WebApplication app = HarmonyGateway.Build(definition, options);
        await app.StartAsync();
        string url = app.Urls.Single();
        using var client = new HttpClient();

        // 127.0.0.1/32 is in internal_networks; GET is in method_filter; /records is no admin path.
        HttpResponseMessage allowed = await client.GetAsync(url + "/records/1");
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("captured", await allowed.Content.ReadAsStringAsync());
        HttpResponseMessage admin = await client.GetAsync(url + "/admin/users");
        Assert.Equal(HttpStatusCode.Forbidden, admin.StatusCode);
        Assert.Equal("application/problem+json", admin.Content.Headers.ContentType?.MediaType);

        // PATCH is not in method_filter's allow list, so that rule does not match; internal_networks allows and nothing
        // denies, so Harmony lets it through, and so does HarmonyGen.
        HttpResponseMessage patch = await client.SendAsync(new HttpRequestMessage(HttpMethod.Patch, url + "/records/1"));
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        Assert.Equal(2, backend.Requests.Count);

        // rate_limit: 100 a minute per client, counting the refused requests too, as Harmony counts them.
        int sent = 3;
        HttpResponseMessage last = allowed;
        while (sent < 101)
        {
            last = await client.GetAsync(url + "/records/2");
            sent++;
        }

        Assert.Equal((HttpStatusCode)429, last.StatusCode);
        Assert.Equal("application/problem+json", last.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(last.Headers.RetryAfter?.Delta);
        Assert.Equal(99, backend.Requests.Count); // 2 + the 97 of the loop's 98 that were within the limit
        await app.StopAsync();
    }
}
