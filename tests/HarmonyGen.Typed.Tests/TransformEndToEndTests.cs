using System.Collections.Immutable;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using HarmonyGen.Definitions;
using HarmonyGen.Hosting;
using Microsoft.AspNetCore.Builder;
using Xunit;

namespace HarmonyGen.Typed.Tests;

/// <summary>
/// gateways/transformed, generated from its TOML and JOLT files by this project's build, against a loopback backend:
/// the request body the backend receives is the left transform's output, the answer the client receives is the right
/// transform's, and a body the transform cannot read never reaches the backend.
/// </summary>
public sealed class TransformEndToEndTests
{
    [Fact]
    public async Task The_generated_transforms_rewrite_the_request_and_the_response()
    {
        GatewayDefinition generated = Gateways.TypedTransformed.Definition;
        PipelineDefinition patients = Assert.Single(generated.Pipelines);
        Assert.Equal(new[] { "to_fhir" }, patients.RequestStages.Select(s => s.Name)); // json_extractor has no stage of its own
        Assert.Equal(new[] { "from_fhir" }, patients.ResponseStages.Select(s => s.Name));

        await using CaptureServer backend = await CaptureServer.StartAsync("{\"resourceType\":\"Patient\",\"id\":\"p-1\",\"name\":[{\"family\":\"Lee\"}],\"meta\":{\"versionId\":\"3\"}}");
        var options = new HarmonyGatewayOptions();
        options.PortOverrides["lan"] = 0;
        await using WebApplication app = HarmonyGateway.Build(generated with { Backends = generated.Backends.Select(b => b with { BaseUrl = backend.BaseUrl }).ToImmutableArray() }, options);
        await app.StartAsync();
        string url = app.Urls.Single();
        using var client = new HttpClient();

        HttpResponseMessage created = await client.PostAsync(url + "/patients", new StringContent("{\"id\":\"p-1\",\"family\":\"Lee\",\"given\":\"Ann\",\"ward\":\"B\"}", Encoding.UTF8, "application/json"));
        string answer = await created.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("{\"patient_id\":\"p-1\",\"surname\":\"Lee\",\"version\":\"3\"}"), JsonNode.Parse(answer)), answer);
        Assert.Equal(Encoding.UTF8.GetByteCount(answer), created.Content.Headers.ContentLength);
        var received = Assert.Single(backend.Requests);
        Assert.Equal("POST", received.Method);
        Assert.StartsWith("application/json", received.ContentType);
        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse("{\"identifier\":[{\"value\":\"p-1\"}],\"name\":[{\"family\":\"Lee\",\"given\":[\"Ann\"]}],\"resourceType\":\"Patient\"}"), JsonNode.Parse(received.Body)),
            received.Body);

        // Not JSON: refused before the backend.
        HttpResponseMessage text = await client.PostAsync(url + "/patients", new StringContent("id=p-2", Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        Assert.Equal("application/problem+json", text.Content.Headers.ContentType?.MediaType);
        Assert.Single(backend.Requests);
        await app.StopAsync();
    }
}
