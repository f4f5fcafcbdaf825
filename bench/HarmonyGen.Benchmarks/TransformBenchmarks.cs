using System;
using System.Buffers;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using HarmonyGen.Benchmarks.Interpreter;
using HarmonyGen.Transforms;
using CompiledTransforms = HarmonyGen.Benchmarks.Gateways.BenchTransforms.Transforms;

namespace HarmonyGen.Benchmarks;

/// <summary>
/// A FHIR body through a transform: the class this project's build compiled from TransformGateway/transforms/ (the
/// baseline) against <see cref="InterpretedTransform"/> walking the same spec file. <c>Request</c> is what the
/// runtime's transform stage does with a body: parse its bytes into a JsonNode, transform, write the output compact
/// as UTF-8 with a Utf8JsonWriter (relaxed escaping, as serde_json writes), here into a reused buffer where the
/// stage uses a pooled one; <c>Transform</c> is the transform alone, over an input parsed once.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(MicroRunConfig))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class TransformBenchmarks
{
    private const int WarmUpCalls = 100;

    private readonly ArrayBufferWriter<byte> _buffer = new(2 << 20);
    private Utf8JsonWriter _writer = null!;
    private byte[] _body = [];
    private JsonNode? _parsed;
    private IJsonTransform _compiled = null!;
    private IJsonTransform _interpreted = null!;

    [Params("Patient 4 KB", "Bundle 1 MB")]
    public string Input { get; set; } = "Patient 4 KB";

    [GlobalSetup]
    public void Setup()
    {
        bool patient = Input.StartsWith("Patient", StringComparison.Ordinal);
        _compiled = patient ? CompiledTransforms.PatientToLegacy.Instance : CompiledTransforms.BundleToLegacy.Instance;
        string spec = Path.Combine(AppContext.BaseDirectory, "TransformGateway", "transforms", patient ? "patient-to-legacy.json" : "bundle-to-legacy.json");
        _interpreted = InterpretedTransform.Load(File.ReadAllText(spec));
        _body = patient ? FhirInputs.Patient() : FhirInputs.Bundle();
        _writer = new Utf8JsonWriter(_buffer, FhirInputs.WriterOptions);
        _parsed = JsonNode.Parse(_body);
        AssertSameOutput(patient);
        WarmUp();
    }

    [GlobalCleanup]
    public void Cleanup() => _writer.Dispose();

    [Benchmark(Baseline = true, Description = "compiled"), BenchmarkCategory("Request")]
    public int CompiledRequest() => Request(_compiled);

    [Benchmark(Description = "interpreted"), BenchmarkCategory("Request")]
    public int InterpretedRequest() => Request(_interpreted);

    [Benchmark(Baseline = true, Description = "compiled"), BenchmarkCategory("Transform")]
    public JsonNode? CompiledApply() => _compiled.Apply(_parsed);

    [Benchmark(Description = "interpreted"), BenchmarkCategory("Transform")]
    public JsonNode? InterpretedApply() => _interpreted.Apply(_parsed);

    private int Request(IJsonTransform transform)
    {
        JsonNode? output = transform.Apply(JsonNode.Parse(_body));
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        if (output is null)
        {
            _writer.WriteNullValue();
        }
        else
        {
            output.WriteTo(_writer);
        }

        _writer.Flush();
        return _buffer.WrittenCount;
    }

    /// <summary>
    /// Both must write the same bytes for this input, or the comparison means nothing; the output must be the mapping
    /// the spec is for (a spec both get wrong the same way would pass the first check); and a transform must leave the
    /// parsed input as it was, or <c>Transform</c> would measure a different input each time.
    /// </summary>
    private void AssertSameOutput(bool patient)
    {
        string before = _parsed!.ToJsonString();
        byte[] compiled = RequestBytes(_compiled);
        byte[] interpreted = RequestBytes(_interpreted);
        if (!compiled.AsSpan().SequenceEqual(interpreted))
        {
            throw new InvalidOperationException($"{Input}: the interpreter's output differs from the compiled transform's:\n{Text(compiled)}\n{Text(interpreted)}");
        }

        if (_compiled.Apply(_parsed)?.ToJsonString() != _interpreted.Apply(_parsed)?.ToJsonString() || _parsed.ToJsonString() != before)
        {
            throw new InvalidOperationException($"{Input}: a transform of the parsed input differs from the request's, or changed the input");
        }

        JsonNode output = JsonNode.Parse(compiled)!;
        bool mapped = patient
            ? (string?)output["patient_id"] == "pat-000001" && (string?)output["birth_sex"] == "F" && output["phone_numbers"]!.AsArray().Count == 2 && output["version"] is null
            : output["records"]!.AsArray().Count == _parsed["entry"]!.AsArray().Count && output["records"]!.AsArray().All(r => r?["kind"] is not null);
        if (!mapped)
        {
            throw new InvalidOperationException($"{Input}: the output is not the legacy record the spec maps to:\n{Text(compiled)}");
        }

        string entries = patient ? string.Empty : $" ({_parsed["entry"]!.AsArray().Count:N0} entries)";
        Console.WriteLine($"// {Input}: {_body.Length:N0} bytes in{entries}, {compiled.Length:N0} bytes out; compiled and interpreted outputs identical");
    }

    /// <summary>
    /// Runs every case until JIT tiering has settled. The 1 MiB cases make one or two calls per iteration, so
    /// BenchmarkDotNet's own warm-up is a handful of calls, and the first case measured ran System.Text.Json's parser
    /// still unoptimised: five times slower than the same call measured later in the process.
    /// </summary>
    private void WarmUp()
    {
        Func<object?>[] cases = [() => CompiledRequest(), () => InterpretedRequest(), CompiledApply, InterpretedApply];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (int calls = 0; calls < WarmUpCalls || clock.ElapsedMilliseconds < 500; calls++)
        {
            foreach (Func<object?> call in cases)
            {
                call();
            }
        }
    }

    private byte[] RequestBytes(IJsonTransform transform)
    {
        Request(transform);
        return _buffer.WrittenSpan.ToArray();
    }

    private static string Text(byte[] utf8) => System.Text.Encoding.UTF8.GetString(utf8, 0, Math.Min(utf8.Length, 4000));
}
