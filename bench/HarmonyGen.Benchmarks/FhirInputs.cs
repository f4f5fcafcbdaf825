using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HarmonyGen.Benchmarks;

/// <summary>
/// The transform benchmark's request bodies, compact UTF-8 as a client sends them: the ~4 KB US Core Patient in
/// Inputs/patient.json, and a ~1 MB batch Bundle made from it, the same every run: one Patient (its ids, name and
/// numbers varied) and three vital-sign Observations of it per group of entries, until the Bundle is 1 MiB.
/// </summary>
internal static class FhirInputs
{
    public const int BundleBytes = 1 << 20;

    /// <summary>UTF-8 as it is, as serde_json (Harmony) and the runtime's transform stage write it.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    private static readonly JsonSerializerOptions s_compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly string[] s_families = ["Thornton", "Nguyen", "Okafor", "Kowalski", "Haddad", "Fitzgerald", "Papadopoulos", "Tanaka"];
    private static readonly string[] s_givens = ["Margaret", "Daniel", "Amara", "Piotr", "Leila", "Siobhan", "Nikos", "Yuki", "Grace"];

    private static readonly (string Code, string Display, string Unit, string UcumCode)[] s_vitals =
    [
        ("8867-4", "Heart rate", "beats/minute", "/min"),
        ("29463-7", "Body weight", "kg", "kg"),
        ("8310-5", "Body temperature", "Cel", "Cel"),
    ];

    public static byte[] Patient() => Encoding.UTF8.GetBytes(PatientTemplate().ToJsonString(s_compact));

    public static byte[] Bundle()
    {
        JsonObject patient = PatientTemplate();
        var entries = new JsonArray();
        var bundle = new JsonObject
        {
            ["resourceType"] = "Bundle",
            ["id"] = "batch-20260214-0001",
            ["meta"] = new JsonObject { ["lastUpdated"] = "2026-02-14T09:30:12+11:00" },
            ["type"] = "batch",
            ["timestamp"] = "2026-02-14T09:30:12+11:00",
            ["entry"] = entries,
        };

        int bytes = Encoding.UTF8.GetByteCount(bundle.ToJsonString(s_compact));
        for (int i = 0; bytes < BundleBytes; i++)
        {
            string id = "pat-" + i.ToString("D6", CultureInfo.InvariantCulture);
            JsonObject group = Entry("Patient", id, Varied(patient, i, id));
            entries.Add(group);
            bytes += Encoding.UTF8.GetByteCount(group.ToJsonString(s_compact)) + 1;
            for (int v = 0; v < s_vitals.Length && bytes < BundleBytes; v++)
            {
                JsonObject observation = Entry("Observation", $"obs-{i:D6}-{v}", Observation(i, v, id));
                entries.Add(observation);
                bytes += Encoding.UTF8.GetByteCount(observation.ToJsonString(s_compact)) + 1;
            }
        }

        return Encoding.UTF8.GetBytes(bundle.ToJsonString(s_compact));
    }

    private static JsonObject PatientTemplate() =>
        (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Inputs", "patient.json")))!;

    private static JsonObject Varied(JsonObject template, int i, string id)
    {
        var patient = (JsonObject)template.DeepClone();
        patient["id"] = id;
        patient["identifier"]![0]!["value"] = (429817 + i).ToString("D8", CultureInfo.InvariantCulture);
        patient["name"]![0]!["family"] = s_families[i % s_families.Length];
        patient["name"]![0]!["given"]![0] = s_givens[i % s_givens.Length];
        patient["birthDate"] = new DateOnly(1930, 1, 1).AddDays(i * 97 % 30000).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        patient["telecom"]![1]!["value"] = "04" + (10000000 + (i * 7919 % 90000000)).ToString(CultureInfo.InvariantCulture);
        return patient;
    }

    private static JsonObject Observation(int i, int vital, string patientId)
    {
        (string code, string display, string unit, string ucum) = s_vitals[vital];
        double value = vital switch
        {
            0 => 52 + (i * 7 % 60),
            1 => 45 + (i * 13 % 700) / 10.0,
            _ => 36 + (i * 3 % 25) / 10.0,
        };

        return new JsonObject
        {
            ["resourceType"] = "Observation",
            ["id"] = $"obs-{i:D6}-{vital}",
            ["meta"] = new JsonObject { ["profile"] = new JsonArray("http://hl7.org/fhir/StructureDefinition/vitalsigns") },
            ["status"] = "final",
            ["category"] = new JsonArray(new JsonObject
            {
                ["coding"] = new JsonArray(new JsonObject
                {
                    ["system"] = "http://terminology.hl7.org/CodeSystem/observation-category",
                    ["code"] = "vital-signs",
                    ["display"] = "Vital Signs",
                }),
            }),
            ["code"] = new JsonObject
            {
                ["coding"] = new JsonArray(new JsonObject { ["system"] = "http://loinc.org", ["code"] = code, ["display"] = display }),
                ["text"] = display,
            },
            ["subject"] = new JsonObject { ["reference"] = "Patient/" + patientId },
            ["effectiveDateTime"] = new DateTime(2026, 2, 1, 8, 0, 0, DateTimeKind.Utc).AddMinutes(i * 37 + vital).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["valueQuantity"] = new JsonObject { ["value"] = value, ["unit"] = unit, ["system"] = "http://unitsofmeasure.org", ["code"] = ucum },
        };
    }

    private static JsonObject Entry(string type, string id, JsonObject resource) => new()
    {
        ["fullUrl"] = $"https://clinic.example.org/fhir/{type}/{id}",
        ["resource"] = resource,
        ["request"] = new JsonObject { ["method"] = "PUT", ["url"] = $"{type}/{id}" },
    };
}
