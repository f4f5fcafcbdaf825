using System;
using System.Buffers.Text;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using HarmonyGen.Hosting;
using HarmonyGen.Mesh;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using SampleGateway;

// Two members of the care network in one process, each compiled from its own TOML root (clinic/, hospital/),
// and the hospital's records service behind them. The mesh keys are DEMO-ONLY (keys/README.md).
// `--describe` prints both gateways' mesh graphs (Mermaid) and exits before anything binds a port.
if (HarmonyGateway.Describe(args, Gateways.Clinic.Definition, Gateways.Hospital.Definition))
{
    return;
}

WebApplication records = DemoRecordsService.Build();
WebApplication hospital = HarmonyGateway.Build<Gateways.Hospital>(args: args);
WebApplication clinic = HarmonyGateway.Build<Gateways.Clinic>(args: args);
await Task.WhenAll(records.StartAsync(), hospital.StartAsync(), clinic.StartAsync());

// A token the clinic could have sent, with one character of its payload changed: the signature no longer matches.
string token = MeshTokens.Issue(Gateways.Clinic.Definition, "care_network", "http://127.0.0.1:5090");
string[] parts = token.Split('.');
string payload = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1])).Replace("\"sub\":\"clinic\"", "\"sub\":\"clinix\"");
string tampered = $"{parts[0]}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload))}.{parts[2]}";

// The clinic's own code can call the hospital through the same egress: the handler signs as the clinic gateway does.
var egress = new MeshEgressHandler(Gateways.Clinic.Definition, Gateways.Clinic.Egress.HospitalFhirEgress) { InnerHandler = new SocketsHttpHandler() };
using (var hospitalRecords = new HttpClient(egress) { BaseAddress = egress.BaseAddress })
{
    using HttpResponseMessage response = await hospitalRecords.GetAsync("Patient/123?_format=json");
    Console.WriteLine($"The clinic's code, through egress '{egress.Egress.Name}' (MeshEgressHandler): {(int)response.StatusCode}");
}

const string Patient = "/fhir/Patient/123?_format=json";
Console.WriteLine("Care network running: clinic gateway on http://127.0.0.1:5080, hospital gateway on http://127.0.0.1:5090.");
Console.WriteLine("Try it (in this order):");
Console.WriteLine();
Console.WriteLine("# 1. through the clinic's mesh egress: the hospital accepts the clinic's token (200)");
Console.WriteLine($"curl -s -w '%{{http_code}}\\n' 'http://127.0.0.1:5080/hospital{Patient}'");
Console.WriteLine("# 2. straight to the hospital without a mesh token (403)");
Console.WriteLine($"curl -s -w '%{{http_code}}\\n' 'http://127.0.0.1:5090{Patient}'");
Console.WriteLine("# 3. straight to the hospital with a tampered token (403)");
Console.WriteLine($"curl -s -w '%{{http_code}}\\n' -H 'Authorization: Bearer {tampered}' 'http://127.0.0.1:5090{Patient}'");
Console.WriteLine();
Console.WriteLine("Press Ctrl+C to stop.");

await Task.WhenAll(records.WaitForShutdownAsync(), hospital.WaitForShutdownAsync(), clinic.WaitForShutdownAsync());
