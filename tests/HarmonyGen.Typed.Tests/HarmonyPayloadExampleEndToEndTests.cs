using System;
using System.Collections.Immutable;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using HarmonyGen.Definitions;
using Microsoft.AspNetCore.Builder;
using Xunit;

namespace HarmonyGen.Typed.Tests;

/// <summary>
/// Harmony's examples whose pipelines rewrite the payload (json_extractor and transform): fhir-to-legacy,
/// webhook-to-fhir and mcp-to-http, generated from their unchanged files (tests/conformance/harmony-examples), served
/// on loopback and sent the requests of their READMEs (pipelines/&lt;tree&gt;/README.md of aurabx/harmony-examples, at the
/// commits tests/conformance/harmony-examples/README.md lists; the READMEs are not copied, the generator reads no
/// Markdown). Only the listener and, for mcp-to-http's HTTP backend, the backend's address are replaced; the other two
/// use Harmony's echo service, which answers with the request it received: the transformed body.
/// </summary>
public sealed class HarmonyPayloadExampleEndToEndTests
{
    /// <summary>
    /// fhir-to-legacy's README: <c>curl -X POST http://127.0.0.1:8080/Patient -H "Content-Type: application/fhir+json"
    /// -d '{"resourceType": "Patient", "id": "12345", ...}'</c>, and its "expected transformed output", the flat legacy
    /// record. Its spec reads the patient under <c>data</c> and writes the record under <c>data</c>, so in Harmony's engine
    /// the README's body shifts to nothing (JSON <c>null</c>, which the default operation leaves null), and only the same
    /// patient under <c>data</c> gives the README's fields, under <c>data</c> and in the order the shift writes them
    /// (input order: family before given). Its transform has <c>fail_on_error = false</c>, so a body that is not JSON is
    /// not refused: it reaches the backend byte for byte. The README's "legacy response back to FHIR OperationOutcome"
    /// has no middleware in the pipeline (its transforms/legacy-response-to-fhir.json is named by none, in Harmony too):
    /// the client gets the echo as it is.
    /// </summary>
    [Fact]
    public async Task Fhir_to_legacy_flattens_its_readme_patient_when_it_comes_under_data()
    {
        await using WebApplication app = await HarmonyExampleEndToEndTests.StartAsync(Gateways.HarmonyFhirToLegacy.Definition);
        string url = app.Urls.Single();
        using var client = new HttpClient();
        const string patient = """
            {
              "resourceType": "Patient",
              "id": "12345",
              "name": [{"family": "Smith", "given": ["John", "William"]}],
              "birthDate": "1990-01-15",
              "gender": "male",
              "identifier": [{"system": "http://hospital.org/mrn", "value": "MRN-001234"}],
              "telecom": [{"system": "phone", "value": "+1-555-123-4567", "use": "home"}],
              "address": [{"line": ["123 Main Street", "Apt 4B"], "city": "Boston", "state": "MA", "postalCode": "02101", "country": "USA"}]
            }
            """;

        JsonElement flat = await EchoedAsync(client, url + "/Patient", patient, "application/fhir+json");
        Assert.Equal("null", flat.GetProperty("body").GetString());
        Assert.Equal("/", flat.GetProperty("path").GetString());

        JsonElement wrapped = await EchoedAsync(client, url + "/Patient", "{\"data\": " + patient + "}", "application/fhir+json");
        Assert.Equal(
            "{\"data\":{\"patient_id\":\"12345\",\"last_name\":\"Smith\",\"first_name\":\"John\",\"middle_name\":\"William\",\"date_of_birth\":\"1990-01-15\",\"sex\":\"male\"," +
            "\"identifiers\":[{\"type\":\"http://hospital.org/mrn\",\"value\":\"MRN-001234\"}],\"contacts\":[{\"type\":\"phone\",\"value\":\"+1-555-123-4567\",\"use\":\"home\"}]," +
            "\"address_line1\":\"123 Main Street\",\"address_line2\":\"Apt 4B\",\"city\":\"Boston\",\"state\":\"MA\",\"zip_code\":\"02101\",\"country\":\"USA\",\"api_version\":\"1.0\",\"record_type\":\"patient\"}}",
            wrapped.GetProperty("body").GetString());
        Assert.StartsWith("application/fhir+json", wrapped.GetProperty("headers").GetProperty("Content-Type").GetString());

        JsonElement text = await EchoedAsync(client, url + "/Patient", "id=12345", "text/plain");
        Assert.Equal("id=12345", text.GetProperty("body").GetString());

        HttpResponseMessage elsewhere = await client.PostAsync(url + "/Observation", Json("{}"));
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
        await app.StopAsync();
    }

    /// <summary>
    /// webhook-to-fhir's README: its patient, appointment and lab webhooks, each to its own pipeline and transform
    /// (fail_on_error = false) and to the echo service, which answers with the FHIR resource the transform wrote. The
    /// resources are Harmony's engine's (TransformExampleTests derives each step): a default never writes inside an
    /// array the shift made, so arrays the shift did not write come out as objects keyed "0"; the appointment spec's
    /// <c>@(3,participant[0].actor.reference)</c> counts one level short, so the references are <c>Patient/</c> and
    /// <c>Practitioner/</c> without their ids (the README implies <c>Patient/12345</c>, <c>Practitioner/dr-001</c>).
    /// The pipeline file's own test body (a <c>name</c>, no first or last name) splits the name into
    /// <c>name_parts</c>, which the next shift drops: the Patient has only the default's name entry. A webhook
    /// that is not JSON is not refused (fail_on_error = false) but reaches the echo unchanged; a webhook type with no
    /// pipeline is 404. The README's "Transform: FHIR -> Ack" is no middleware of the pipelines (fhir-to-webhook-ack.json
    /// is named by none): the client gets the echo.
    /// </summary>
    [Fact]
    public async Task Webhook_to_fhir_turns_each_readme_webhook_into_its_fhir_resource()
    {
        GatewayDefinition example = Gateways.HarmonyWebhookToFhir.Definition;
        Assert.Equal(new[] { "webhook_patient", "webhook_appointment", "webhook_lab_result" }, example.Pipelines.Select(p => p.Name));
        await using WebApplication app = await HarmonyExampleEndToEndTests.StartAsync(example);
        string url = app.Urls.Single();
        using var client = new HttpClient();

        var patient = new HttpRequestMessage(HttpMethod.Post, url + "/webhooks/patient")
        {
            Content = Json("""
                {
                  "event": "patient.created",
                  "timestamp": "2024-01-15T10:30:00Z",
                  "data": {"id": "ext-12345", "first_name": "John", "last_name": "Smith", "email": "john.smith@example.com", "phone": "+1-555-123-4567", "dob": "1990-01-15", "gender": "male"}
                }
                """),
        };
        patient.Headers.Add("X-Webhook-Event", "patient.created");
        HttpResponseMessage patientAnswer = await client.SendAsync(patient);
        Assert.Equal(HttpStatusCode.OK, patientAnswer.StatusCode);
        using JsonDocument patientEcho = JsonDocument.Parse(await patientAnswer.Content.ReadAsStringAsync());
        Assert.Equal(
            "{\"meta\":{\"lastUpdated\":\"2024-01-15T10:30:00Z\",\"profile\":{\"0\":\"http://hl7.org/fhir/StructureDefinition/Patient\"}}," +
            "\"identifier\":[{\"value\":\"ext-12345\"}],\"name\":[{\"given\":[\"John\"],\"family\":\"Smith\"}]," +
            "\"telecom\":[{\"value\":\"john.smith@example.com\"},{\"value\":\"+1-555-123-4567\"}],\"birthDate\":\"1990-01-15\",\"gender\":\"male\",\"resourceType\":\"Patient\",\"active\":true}",
            patientEcho.RootElement.GetProperty("body").GetString());
        Assert.Equal("patient.created", patientEcho.RootElement.GetProperty("headers").GetProperty("X-Webhook-Event").GetString());

        JsonElement appointment = await EchoedAsync(client, url + "/webhooks/appointment", """
            {
              "event": "appointment.booked",
              "data": {"id": "apt-67890", "patient_id": "12345", "practitioner_id": "dr-001", "start_time": "2024-01-20T09:00:00Z", "end_time": "2024-01-20T09:30:00Z", "duration": 30, "type": "General Consultation", "status": "booked"}
            }
            """);
        Assert.Equal(
            "{\"identifier\":[{\"value\":\"apt-67890\"}],\"participant\":[{\"actor\":{\"reference\":\"Patient/\"}},{\"actor\":{\"reference\":\"Practitioner/\"}}]," +
            "\"start\":\"2024-01-20T09:00:00Z\",\"end\":\"2024-01-20T09:30:00Z\",\"minutesDuration\":30,\"serviceType\":[{\"coding\":[{\"display\":\"General Consultation\"}]}],\"status\":\"booked\"," +
            "\"resourceType\":\"Appointment\",\"meta\":{\"profile\":{\"0\":\"http://hl7.org/fhir/StructureDefinition/Appointment\"}}}",
            appointment.GetProperty("body").GetString());

        JsonElement lab = await EchoedAsync(client, url + "/webhooks/lab", """
            {
              "event": "lab.result.ready",
              "data": {"id": "lab-99999", "patient_id": "12345", "test_code": "2339-0", "test_name": "Glucose [Mass/volume] in Blood", "value": 95, "unit": "mg/dL",
                       "reference_range_low": 70, "reference_range_high": 100, "status": "final", "interpretation": "N",
                       "collected_at": "2024-01-15T08:00:00Z", "issued": "2024-01-15T14:30:00Z", "lab_id": "lab-acme"}
            }
            """);
        Assert.Equal(
            "{\"identifier\":[{\"value\":\"lab-99999\"}],\"subject\":{\"reference\":\"Patient/12345\",\"type\":\"Patient\"}," +
            "\"code\":{\"coding\":[{\"code\":\"2339-0\",\"display\":\"Glucose [Mass/volume] in Blood\"}]},\"valueQuantity\":{\"unit\":\"mg/dL\",\"system\":\"http://unitsofmeasure.org\"}," +
            "\"referenceRange\":[{\"low\":{\"value\":70},\"high\":{\"value\":100}}],\"status\":\"final\",\"interpretation\":[{\"coding\":[{\"code\":\"N\"}]}]," +
            "\"effectiveDateTime\":\"2024-01-15T08:00:00Z\",\"issued\":\"2024-01-15T14:30:00Z\",\"performer\":[{\"reference\":\"Organization/lab-acme\"}]," +
            "\"resourceType\":\"Observation\",\"meta\":{\"profile\":{\"0\":\"http://hl7.org/fhir/StructureDefinition/Observation\"}}," +
            "\"category\":{\"0\":{\"coding\":{\"0\":{\"system\":\"http://terminology.hl7.org/CodeSystem/observation-category\",\"code\":\"laboratory\",\"display\":\"Laboratory\"}}}}}",
            lab.GetProperty("body").GetString());

        // The test body in pipelines/webhook-to-fhir.toml's header comment.
        JsonElement named = await EchoedAsync(client, url + "/webhooks/patient", "{\"event\":\"patient.created\",\"data\":{\"id\":\"123\",\"name\":\"John Smith\",\"email\":\"john@example.com\"}}");
        Assert.Equal(
            "{\"identifier\":[{\"value\":\"123\"}],\"telecom\":[{\"value\":\"john@example.com\"}],\"resourceType\":\"Patient\"," +
            "\"meta\":{\"profile\":{\"0\":\"http://hl7.org/fhir/StructureDefinition/Patient\"}},\"name\":{\"0\":{\"use\":\"official\"}},\"active\":true}",
            named.GetProperty("body").GetString());

        JsonElement text = await EchoedAsync(client, url + "/webhooks/lab", "result=95", "text/plain");
        Assert.Equal("result=95", text.GetProperty("body").GetString());

        HttpResponseMessage unknown = await client.PostAsync(url + "/webhooks/document", Json("{}"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        await app.StopAsync();
    }

    /// <summary>
    /// mcp-to-http's README: its <c>tools/call</c> request POSTed to /mcp passes mcp_security (ip_allow lists
    /// 127.0.0.1/32), and the transform (fail_on_error = true) hands the HTTP backend the same call, compact, with
    /// <c>jsonrpc</c> added only when missing (its default). The backend (127.0.0.1:8081 in the example) is a loopback
    /// capture server here; the request reaches it at <c>/</c>, the path after the endpoint's prefix, not the README's
    /// <c>/api</c> (the target has no base_path). The README's step 4, "backend response is wrapped back into MCP JSON-RPC", is no stage of
    /// the pipeline (the transform's apply is left): the client gets the backend's answer as it is, in Harmony too.
    /// Its "POST only" and "application/json only" rules are allow-mode, which in Harmony add allows and never deny:
    /// from 127.0.0.1 a GET passes the policy (ip_allow allows it) and, having no body, the transform, so it reaches the
    /// backend (demo.sh allows for this: "GET request was allowed"). What refuses: a body that is not JSON (415, from
    /// the transform), and from 127.0.0.2 (the client's socket bound there: loopback, but outside ip_allow's 127.0.0.1/32),
    /// a GET, which no rule allows (403). Neither reaches the backend. A POST from 127.0.0.2 is allowed all the same, by method_post_only (the method and content_type rules as
    /// Harmony's docs define them, which HarmonyGen enforces: docs/configuration-decisions.md, policies; the stored
    /// policies.rs does not know them yet and would treat them as never matching, refusing that POST too).
    /// </summary>
    [Fact]
    public async Task Mcp_to_http_hands_the_backend_its_readme_call_and_refuses_what_no_rule_allows()
    {
        await using CaptureServer backend = await CaptureServer.StartAsync("{\"status\":\"success\"}");
        GatewayDefinition example = Gateways.HarmonyMcpToHttp.Definition;
        Assert.Equal("http://127.0.0.1:8081", Assert.Single(example.Backends).BaseUrl?.TrimEnd('/')); // its [targets.http_backend]
        GatewayDefinition rewired = example with { Backends = example.Backends.Select(b => b with { BaseUrl = backend.BaseUrl }).ToImmutableArray() };
        await using WebApplication app = await HarmonyExampleEndToEndTests.StartAsync(rewired);
        string url = app.Urls.Single();
        using var client = new HttpClient();

        HttpResponseMessage call = await client.PostAsync(url + "/mcp", Json("""
            {
              "jsonrpc": "2.0",
              "id": "req-001",
              "method": "tools/call",
              "params": {"name": "api_call", "arguments": {"endpoint": "/users", "method": "GET"}}
            }
            """));
        Assert.Equal(HttpStatusCode.OK, call.StatusCode);
        Assert.Equal("{\"status\":\"success\"}", await call.Content.ReadAsStringAsync());
        HttpResponseMessage ping = await client.PostAsync(url + "/mcp", Json("{\"id\": 1, \"method\": \"ping\"}"));
        Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
        Assert.Equal(
            new[]
            {
                ("/", "POST", "application/json; charset=utf-8", "{\"jsonrpc\":\"2.0\",\"id\":\"req-001\",\"method\":\"tools/call\",\"params\":{\"name\":\"api_call\",\"arguments\":{\"endpoint\":\"/users\",\"method\":\"GET\"}}}"),
                ("/", "POST", "application/json; charset=utf-8", "{\"id\":1,\"method\":\"ping\",\"jsonrpc\":\"2.0\"}"),
            },
            backend.Requests.Select(r => (r.Path, r.Method, r.ContentType!, r.Body)));

        HttpResponseMessage get = await client.GetAsync(url + "/mcp");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(("/", "GET", ""), backend.Requests.Last() is var last ? (last.Path, last.Method, last.Body) : default);

        HttpResponseMessage text = await client.PostAsync(url + "/mcp", new StringContent("tools/call", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        Assert.Equal("application/problem+json", text.Content.Headers.ContentType?.MediaType);
        HttpResponseMessage broken = await client.PostAsync(url + "/mcp", Json("{\"jsonrpc\": \"2.0\", "));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, broken.StatusCode);
        Assert.Equal(3, backend.Requests.Count);

        // The same gateway, called from another loopback address: no network of ip_allow lists 127.0.0.2.
        using var outsider = new HttpClient(new SocketsHttpHandler { ConnectCallback = FromOutsideAsync });
        HttpResponseMessage outside = await outsider.GetAsync(url + "/mcp");
        Assert.Equal(HttpStatusCode.Forbidden, outside.StatusCode);
        Assert.Equal("application/problem+json", outside.Content.Headers.ContentType?.MediaType);
        Assert.Equal(3, backend.Requests.Count);
        Assert.Equal(HttpStatusCode.OK, (await outsider.PostAsync(url + "/mcp", Json("{\"id\": 2, \"method\": \"ping\"}"))).StatusCode);
        Assert.Equal(4, backend.Requests.Count);
        await app.StopAsync();
    }

    /// <summary>A connection from 127.0.0.2: the socket is bound there before it connects (any 127/8 address is local on Linux).</summary>
    private static async ValueTask<System.IO.Stream> FromOutsideAsync(SocketsHttpConnectionContext context, System.Threading.CancellationToken cancellation)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
            await socket.ConnectAsync(context.DnsEndPoint, cancellation);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>POSTs <paramref name="body"/> and returns the echo service's description of the request it received.</summary>
    private static async Task<JsonElement> EchoedAsync(HttpClient client, string url, string body, string type = "application/json")
    {
        HttpResponseMessage answer = await client.PostAsync(url, new StringContent(body, Encoding.UTF8, type));
        string text = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.StatusCode == HttpStatusCode.OK, $"{url}: {(int)answer.StatusCode} {text}");
        using JsonDocument echo = JsonDocument.Parse(text);
        Assert.Equal("echo", echo.RootElement.GetProperty("service").GetString());
        return echo.RootElement.Clone();
    }
}
