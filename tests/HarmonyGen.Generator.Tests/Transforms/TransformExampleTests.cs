using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json.Nodes;
using HarmonyGen.Generator.Tests.Infrastructure;
using HarmonyGen.Transforms;
using Microsoft.CodeAnalysis;
using Xunit;

namespace HarmonyGen.Generator.Tests.Transforms;

/// <summary>
/// The transform specs of aurabx/harmony-examples (tests/conformance/harmony-examples/*/transforms) that Harmony's
/// engine reads, compiled by the generator inside their gateway (Gateways.X.Transforms) and run on a sample input:
/// the output is Harmony's, member order included, derived step by step from fluvio-jolt's shift, default and remove.
/// </summary>
public sealed class TransformExampleTests
{
    private static IJsonTransform Compiled(string tree, string className)
    {
        GeneratorOutcome run = GeneratorRunner.Run(RepositoryFiles.Conformance(tree));
        Assert.DoesNotContain(run.Diagnostics, d => d.Id.StartsWith("HG09", StringComparison.Ordinal));
        using var stream = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult result = run.UpdatedCompilation.Emit(stream);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        Assembly assembly = Assembly.Load(stream.ToArray());
        Type type = assembly.GetTypes().Single(t => t.FullName!.EndsWith("+Transforms+" + className, StringComparison.Ordinal));
        return (IJsonTransform)type.GetProperty("Instance")!.GetValue(null)!;
    }

    /// <summary>A spec file of a tree that no middleware the generator keeps uses, compiled by itself.</summary>
    private static IJsonTransform FromFile(string tree, string file) =>
        JoltCompiler.Compile(File.ReadAllText(Path.Combine(RepositoryFiles.ConformanceExamples, tree, "transforms", file)));

    private static string Apply(IJsonTransform transform, string input) => transform.Apply(JsonNode.Parse(input))?.ToJsonString() ?? "null";

    [Fact]
    public void Transform_patient_to_fhir_defaults_add_resource_type_but_nothing_inside_the_shifted_arrays()
    {
        IJsonTransform transform = Compiled("transform", "PatientToFhir");
        Assert.Equal(
            "{\"data\":{\"resource\":{\"identifier\":[{\"value\":\"P1\"}],\"name\":[{\"family\":\"Doe\"}],\"extension\":[{\"valueString\":\"1.2.3\"},{\"valueDate\":\"20240101\"}],\"Ward\":\"7\"},\"resourceType\":\"Patient\"}}",
            Apply(transform, "{\"data\":{\"PatientID\":\"P1\",\"PatientName\":\"Doe\",\"StudyInstanceUID\":\"1.2.3\",\"StudyDate\":\"20240101\",\"Ward\":\"7\"}}"));
    }

    [Fact]
    public void Transform_simple_rename_renames_and_passes_the_rest_under_other()
    {
        // No middleware of the tree names it; it is compiled as it stands.
        IJsonTransform transform = FromFile("transform", "simple_rename.json");
        Assert.Equal(
            "{\"full_name\":\"Ann\",\"patient_id\":1,\"financial_info\":{\"n\":2},\"other\":{\"ward\":\"7\"}}",
            Apply(transform, "{\"data\":{\"name\":\"Ann\",\"id\":1,\"account\":{\"n\":2},\"ward\":\"7\"}}"));
    }

    [Fact]
    public void Http_with_middleware_request_and_response_transforms()
    {
        IJsonTransform request = Compiled("http-with-middleware", "RequestTransform");
        Assert.Equal(
            "{\"data\":{\"user\":{\"fullName\":\"Ann\",\"userId\":7},\"original\":{\"role\":\"admin\"},\"metadata\":{\"transformedAt\":\"2024-01-01T00:00:00Z\",\"transformType\":\"request\",\"pipeline\":\"smoketest\"}}}",
            Apply(request, "{\"data\":{\"name\":\"Ann\",\"id\":7,\"role\":\"admin\"}}"));

        IJsonTransform response = Compiled("http-with-middleware", "ResponseTransform");
        Assert.Equal(
            "{\"result\":{\"transformedData\":{\"user\":{\"id\":7}},\"passthrough\":{\"status\":\"ok\"},\"responseMetadata\":{\"transformedAt\":\"2024-01-01T00:00:00Z\",\"transformType\":\"response\",\"status\":\"success\"}}}",
            Apply(response, "{\"data\":{\"user\":{\"id\":7}},\"status\":\"ok\"}"));
    }

    [Fact]
    public void Mcp_to_http_keeps_the_call_and_adds_jsonrpc_only_when_missing()
    {
        IJsonTransform transform = Compiled("mcp-to-http", "McpToHttp");
        Assert.Equal(
            "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"get\",\"arguments\":{\"a\":1}}}",
            Apply(transform, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"get\",\"arguments\":{\"a\":1}}}"));
        Assert.Equal("{\"id\":1,\"method\":\"ping\",\"jsonrpc\":\"2.0\"}", Apply(transform, "{\"id\":1,\"method\":\"ping\"}"));
    }

    [Fact]
    public void Ucp_profile_response_builds_objects_for_array_defaults_and_swap_removes_the_original()
    {
        IJsonTransform transform = Compiled("ucp-checkout", "ProfileResponse");
        Assert.Equal(
            "{\"business\":{\"id\":\"harmony-demo-merchant\",\"name\":\"Harmony Demo Store\",\"website\":\"https://example.com\"}," +
            "\"ucp\":{\"version\":\"2026-01-11\",\"services\":{\"dev.ucp.shopping\":{\"version\":\"2026-01-11\",\"spec\":\"https://ucp.dev/specification/overview\",\"rest\":{\"schema\":\"https://ucp.dev/services/shopping/rest.openapi.json\",\"endpoint\":\"http://localhost:8085/v1\"}}}," +
            "\"capabilities\":{\"0\":{\"name\":\"dev.ucp.shopping.checkout\",\"version\":\"2026-01-11\",\"spec\":\"https://ucp.dev/specification/checkout\",\"schema\":\"https://ucp.dev/schemas/shopping/checkout.json\"}," +
            "\"1\":{\"name\":\"dev.ucp.shopping.discounts\",\"version\":\"2026-01-11\",\"spec\":\"https://ucp.dev/specification/discounts\",\"schema\":\"https://ucp.dev/schemas/shopping/discounts.json\",\"extends\":\"dev.ucp.shopping.checkout\"}}}}",
            Apply(transform, "{\"a\":1}"));
    }

    [Fact]
    public void Ucp_mock_backend_order_renames_payment_fields_and_defaults_literal_text()
    {
        // The default's "${=randomLong}" is text to Harmony's default operation, not a function call.
        IJsonTransform transform = Compiled("ucp-checkout", "MockBackendOrder");
        Assert.Equal(
            "{\"gateway_token\":\"t\",\"payment_method\":\"card\",\"billing_addr\":{\"zip\":\"2000\"},\"order_number\":\"ORD-${=randomLong}\",\"order_status\":\"PROCESSING\",\"created_at\":\"2026-01-11T12:00:00Z\",\"payment_status\":\"AUTHORIZED\"}",
            Apply(transform, "{\"payment_token\":\"t\",\"payment_method\":\"card\",\"billing_address\":{\"postal_code\":\"2000\"}}"));
    }
}
