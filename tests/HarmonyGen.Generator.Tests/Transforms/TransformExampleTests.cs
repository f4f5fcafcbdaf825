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
/// the output is Harmony's, member order included, derived step by step from fluvio-jolt's shift, default and remove,
/// and Java JOLT's modify. Where a tree's README gives a request body (webhook-to-fhir), that body is the input.
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

    private static readonly System.Text.Json.JsonSerializerOptions s_readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Apply(IJsonTransform transform, string input) => transform.Apply(JsonNode.Parse(input))?.ToJsonString(s_readable) ?? "null";

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

    [Fact]
    public void Webhook_patient_to_fhir_with_the_readmes_body_and_split_missing_its_name_writes_nothing()
    {
        // The modify's split(' ', @(1,full_name)): the body has no name, so nothing is written; the next shift keeps
        // only the FHIR fields (name_parts never reaches the output either way).
        IJsonTransform transform = Compiled("webhook-to-fhir", "WebhookPatientToFhir");
        Assert.Equal(
            "{\"meta\":{\"lastUpdated\":\"2024-01-15T10:30:00Z\",\"profile\":{\"0\":\"http://hl7.org/fhir/StructureDefinition/Patient\"}}," +
            "\"identifier\":[{\"value\":\"ext-12345\"}],\"name\":[{\"given\":[\"John\"],\"family\":\"Smith\"}]," +
            "\"telecom\":[{\"value\":\"john.smith@example.com\"},{\"value\":\"+1-555-123-4567\"}],\"birthDate\":\"1990-01-15\",\"gender\":\"male\",\"resourceType\":\"Patient\",\"active\":true}",
            Apply(transform, "{\"event\":\"patient.created\",\"timestamp\":\"2024-01-15T10:30:00Z\",\"data\":{\"id\":\"ext-12345\",\"first_name\":\"John\",\"last_name\":\"Smith\",\"email\":\"john.smith@example.com\",\"phone\":\"+1-555-123-4567\",\"dob\":\"1990-01-15\",\"gender\":\"male\"}}"));
    }

    [Fact]
    public void Webhook_lab_to_fhir_with_the_readmes_body_prefixes_the_references()
    {
        // @(2,subject.reference) from subject.reference and @(3,performer[0].reference) from performer.0.reference
        // both reach the root; "0" walks into the performer array.
        IJsonTransform transform = Compiled("webhook-to-fhir", "WebhookLabToFhir");
        Assert.Equal(
            "{\"identifier\":[{\"value\":\"lab-99999\"}],\"subject\":{\"reference\":\"Patient/12345\",\"type\":\"Patient\"}," +
            "\"code\":{\"coding\":[{\"code\":\"2339-0\",\"display\":\"Glucose [Mass/volume] in Blood\"}]},\"valueQuantity\":{\"unit\":\"mg/dL\",\"system\":\"http://unitsofmeasure.org\"}," +
            "\"referenceRange\":[{\"low\":{\"value\":70},\"high\":{\"value\":100}}],\"status\":\"final\",\"interpretation\":[{\"coding\":[{\"code\":\"N\"}]}]," +
            "\"effectiveDateTime\":\"2024-01-15T08:00:00Z\",\"issued\":\"2024-01-15T14:30:00Z\",\"performer\":[{\"reference\":\"Organization/lab-acme\"}]," +
            "\"resourceType\":\"Observation\",\"meta\":{\"profile\":{\"0\":\"http://hl7.org/fhir/StructureDefinition/Observation\"}}," +
            "\"category\":{\"0\":{\"coding\":{\"0\":{\"system\":\"http://terminology.hl7.org/CodeSystem/observation-category\",\"code\":\"laboratory\",\"display\":\"Laboratory\"}}}}}",
            Apply(transform, "{\"event\":\"lab.result.ready\",\"data\":{\"id\":\"lab-99999\",\"patient_id\":\"12345\",\"test_code\":\"2339-0\",\"test_name\":\"Glucose [Mass/volume] in Blood\",\"value\":95,\"unit\":\"mg/dL\",\"reference_range_low\":70,\"reference_range_high\":100,\"status\":\"final\",\"interpretation\":\"N\",\"collected_at\":\"2024-01-15T08:00:00Z\",\"issued\":\"2024-01-15T14:30:00Z\",\"lab_id\":\"lab-acme\"}}"));
    }

    [Fact]
    public void Webhook_appointment_to_fhir_reads_one_level_short_so_the_references_lose_their_ids()
    {
        // The spec's @(3,participant[0].actor.reference) is written at participant.0.actor.reference, four levels
        // below the root: level 3 is the participant array, which has no key "participant", so concat gets null and
        // writes the prefix alone, as Java JOLT's walked path counts. @(4,...) would keep the ids.
        IJsonTransform transform = Compiled("webhook-to-fhir", "WebhookAppointmentToFhir");
        Assert.Equal(
            "{\"identifier\":[{\"value\":\"apt-67890\"}],\"participant\":[{\"actor\":{\"reference\":\"Patient/\"}},{\"actor\":{\"reference\":\"Practitioner/\"}}]," +
            "\"start\":\"2024-01-20T09:00:00Z\",\"end\":\"2024-01-20T09:30:00Z\",\"minutesDuration\":30,\"serviceType\":[{\"coding\":[{\"display\":\"General Consultation\"}]}],\"status\":\"booked\"," +
            "\"resourceType\":\"Appointment\",\"meta\":{\"profile\":{\"0\":\"http://hl7.org/fhir/StructureDefinition/Appointment\"}}}",
            Apply(transform, "{\"event\":\"appointment.booked\",\"data\":{\"id\":\"apt-67890\",\"patient_id\":\"12345\",\"practitioner_id\":\"dr-001\",\"start_time\":\"2024-01-20T09:00:00Z\",\"end_time\":\"2024-01-20T09:30:00Z\",\"duration\":30,\"type\":\"General Consultation\",\"status\":\"booked\"}}"));
    }

    [Fact]
    public void Au_erequesting_builds_the_fhir_uri_from_the_query_and_lists_the_tasks_by_index()
    {
        IJsonTransform request = Compiled("au-erequesting", "HttpRequestToFhir");
        Assert.Equal(
            "{\"context\":{\"target_details\":{\"uri\":\"/Task?owner=org-1\"}}}",
            Apply(request, "{\"context\":{\"request_details\":{\"query_params\":{\"owner\":[\"org-1\"],\"type\":[\"Task\"]}}}}"));

        IJsonTransform response = Compiled("au-erequesting", "FhirResponseToHttp");
        Assert.Equal(
            "{\"totalTasks\":2,\"tasks\":[{\"taskId\":\"t1\",\"status\":\"ready\",\"orderId\":\"o1\",\"patientRef\":\"Patient/1\"},{\"taskId\":\"t2\",\"status\":\"draft\"}]}",
            Apply(response, "{\"data\":{\"total\":2,\"entry\":[{\"resource\":{\"id\":\"t1\",\"status\":\"ready\",\"groupIdentifier\":{\"value\":\"o1\"},\"for\":{\"reference\":\"Patient/1\"}}},{\"resource\":{\"id\":\"t2\",\"status\":\"draft\"}}]}}"));
    }

    [Fact]
    public void Fhir_to_legacy_and_soap_to_json_put_each_array_element_at_its_index()
    {
        IJsonTransform legacy = Compiled("fhir-to-legacy", "FhirPatientToLegacy");
        Assert.Equal(
            "{\"data\":{\"patient_id\":\"p1\",\"identifiers\":[{\"type\":\"mrn\",\"value\":\"1\"},{\"type\":\"ssn\",\"value\":\"2\"}],\"api_version\":\"1.0\",\"record_type\":\"patient\"}}",
            Apply(legacy, "{\"data\":{\"id\":\"p1\",\"identifier\":[{\"system\":\"mrn\",\"value\":\"1\"},{\"system\":\"ssn\",\"value\":\"2\"}]}}"));

        IJsonTransform soap = Compiled("soap-to-json", "SoapToJsonTransform");
        Assert.Equal(
            "{\"order\":{\"id\":\"o1\",\"items\":[{\"product_id\":\"a\",\"quantity\":1},{\"product_id\":\"b\",\"quantity\":2}],\"status\":\"pending\",\"currency\":\"USD\"},\"customer\":{\"type\":\"customer\"},\"shipping\":{\"method\":\"standard\"}}",
            Apply(soap, "{\"orderDetails\":{\"orderId\":\"o1\",\"items\":[{\"productId\":\"a\",\"quantity\":1},{\"productId\":\"b\",\"quantity\":2}]}}"));
    }

    [Fact]
    public void Ucp_cart_specs_map_line_items_by_index()
    {
        // No middleware of the tree names it; it is compiled as it stands.
        IJsonTransform toBackend = FromFile("ucp-checkout", "mock_backend_cart.json");
        Assert.Equal(
            "{\"items\":[{\"sku\":\"s1\",\"unit_price\":5,\"qty\":2}],\"cart_id\":\"cart_${=randomLong}\",\"status\":\"OPEN\",\"currency_code\":\"USD\",\"pricing\":{\"subtotal_cents\":10000,\"tax_cents\":1000,\"shipping_cents\":500,\"total_cents\":11500},\"allowed_methods\":{\"0\":\"CREDIT_CARD\",\"1\":\"DIGITAL_WALLET\"}}",
            Apply(toBackend, "{\"line_items\":[{\"item\":{\"id\":\"s1\",\"price\":5},\"quantity\":2}]}"));
    }
}

