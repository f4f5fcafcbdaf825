using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using HarmonyGen.Definitions;
using HarmonyGen.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace HarmonyGen.Typed.Tests;

/// <summary>
/// gateways/filtered, generated from its TOML by this project's build: its path_filter refuses with 404 before the
/// backend, and its two log_dumps (one with options, one named alone) write the entries their TOML asks for, redacted.
/// </summary>
public sealed class MiddlewareEndToEndTests
{
    [Fact]
    public async Task The_generated_path_filter_and_log_dumps_run_as_their_TOML_says()
    {
        GatewayDefinition generated = Gateways.TypedFiltered.Definition;
        PipelineDefinition records = Assert.Single(generated.Pipelines);
        Assert.Equal(new[] { "inbound", "fhir_paths", "dump" }, records.RequestStages.Select(s => s.Name));
        Assert.Equal(new[] { "dump", "inbound" }, records.ResponseStages.Select(s => s.Name));

        await using CaptureServer backend = await CaptureServer.StartAsync();
        var options = new HarmonyGatewayOptions();
        options.PortOverrides["lan"] = 0;
        await using WebApplication app = HarmonyGateway.Build(generated with { Backends = generated.Backends.Select(b => b with { BaseUrl = backend.BaseUrl }).ToImmutableArray() }, options);
        var logs = new Recorder();
        app.Services.GetRequiredService<ILoggerFactory>().AddProvider(logs);
        await app.StartAsync();
        string url = app.Urls.Single();
        using var client = new HttpClient();

        var allowed = new HttpRequestMessage(HttpMethod.Get, url + "/fhir/Patient/7?_format=json");
        allowed.Headers.TryAddWithoutValidation("Authorization", "Bearer secret-token-1");
        allowed.Headers.TryAddWithoutValidation("X-Patient-Id", "secret-id-2");
        allowed.Headers.TryAddWithoutValidation("X-Patient-Name", "secret-name-3");
        HttpResponseMessage ok = await client.SendAsync(allowed);
        HttpResponseMessage refused = await client.GetAsync(url + "/fhir/Observation/1");

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal("/Patient/7", Assert.Single(backend.Requests).Path);

        string[] lines = logs.Lines;
        Assert.Contains(lines, l => l.Contains("Dump incoming (inbound) request GET /fhir/Patient/7?_format=json", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Dump dump (dump) response 200 to GET /fhir/Patient/7", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Dump incoming (inbound) response 200 to GET /fhir/Patient/7", StringComparison.Ordinal));
        // The refused request was logged by inbound (before the filter) and by nothing after it.
        Assert.Contains(lines, l => l.Contains("Dump incoming (inbound) request GET /fhir/Observation/1", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("(dump) request GET /fhir/Observation", StringComparison.Ordinal));
        // Authorization always, X-Patient-Name by [proxy] sensitive_field_patterns (every log_dump), X-Patient-Id by
        // inbound's own redact_headers: the built-in dump, which has none, writes it, as Harmony's would.
        Assert.All(lines, line => Assert.DoesNotContain(new[] { "secret-token-1", "secret-name-3" }, s => line.Contains(s, StringComparison.Ordinal)));
        Assert.All(lines.Where(l => l.Contains("(inbound)", StringComparison.Ordinal)), line => Assert.DoesNotContain("secret-id-2", line, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("(dump)", StringComparison.Ordinal) && l.Contains("\"X-Patient-Id\":\"secret-id-2\"", StringComparison.Ordinal));
        await app.StopAsync();
    }

    private sealed class Recorder : ILoggerProvider, ILogger
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public string[] Lines => _lines.ToArray();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            string values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
            _lines.Enqueue($"{formatter(state, exception)} [{values}]");
        }

        public void Dispose()
        {
        }
    }
}
