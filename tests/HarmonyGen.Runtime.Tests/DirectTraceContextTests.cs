using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using HarmonyGen.Diagnostics;
using HarmonyGen.Hosting;
using HarmonyGen.Runtime.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Xunit;

namespace HarmonyGen.Runtime.Tests;

/// <summary>
/// While nothing records spans the gateway writes the backend's trace context itself (docs/operations.md): what the
/// backend receives must be what the span-per-request path gives it, for every kind of incoming trace context.
/// Not run in parallel: <see cref="DirectTraceContext.Written"/> is process-wide and a listener changes the path taken.
/// </summary>
[Collection(nameof(DirectTraceContextTests))]
[CollectionDefinition(nameof(DirectTraceContextTests), DisableParallelization = true)]
public sealed class DirectTraceContextTests
{
    private const string Trace = "0af7651916cd43dd8448eb211c80319c";
    private const string Span = "b7ad6b7169203331";

    /// <summary>Incoming trace headers, each case a list of (name, value); a name may repeat.</summary>
    public static TheoryData<string, string[]> Incoming() => new()
    {
        { "sampled, with tracestate and baggage", ["traceparent", $"00-{Trace}-{Span}-01", "tracestate", "vendor=opaque,other=x", "baggage", "user=alice,tenant=7"] },
        { "not sampled", ["traceparent", $"00-{Trace}-{Span}-00"] },
        { "unknown flag bits", ["traceparent", $"00-{Trace}-{Span}-03"] },
        { "absent", [] },
        { "tracestate and baggage without traceparent", ["tracestate", "vendor=opaque", "baggage", "user=alice"] },
        { "uppercase hex", ["traceparent", $"00-{Trace.ToUpperInvariant()}-{Span}-01", "tracestate", "vendor=opaque"] },
        { "version ff", ["traceparent", $"ff-{Trace}-{Span}-01"] },
        { "all-zero trace id", ["traceparent", $"00-{new string('0', 32)}-{Span}-01"] },
        { "all-zero parent id", ["traceparent", $"00-{Trace}-{new string('0', 16)}-01"] },
        { "future version with more fields", ["traceparent", $"01-{Trace}-{Span}-01-future"] },
        { "version 00 with more fields", ["traceparent", $"00-{Trace}-{Span}-01-future"] },
        { "too short", ["traceparent", $"00-{Trace}-{Span[..15]}-01"] },
        { "not trace context", ["traceparent", "hello"] },
        { "two traceparent headers", ["traceparent", $"00-{Trace}-{Span}-01", "traceparent", $"00-{Trace}-{Span}-00"] },
        { "legacy Correlation-Context", ["traceparent", $"00-{Trace}-{Span}-01", "Correlation-Context", "user=alice"] },
        { "legacy Request-Id", ["Request-Id", "|abc.1."] },
        { "version 01, 55 characters", ["traceparent", $"01-{Trace}-{Span}-01"] },
        { "two tracestate headers", ["traceparent", $"00-{Trace}-{Span}-01", "tracestate", "a=1", "tracestate", "b=2"] },
        { "long tracestate", ["traceparent", $"00-{Trace}-{Span}-01", "tracestate", string.Join(",", Enumerable.Range(0, 40).Select(i => $"vendor{i}=" + new string('x', 20)))] },
        { "tracestate that is not a list", ["traceparent", $"00-{Trace}-{Span}-01", "tracestate", "not a tracestate!"] },
        { "baggage only", ["baggage", "user=alice"] },
        { "baggage with escapes", ["traceparent", $"00-{Trace}-{Span}-01", "baggage", "k%201=v%2C1;prop,other=2"] },
    };

    [Theory]
    [MemberData(nameof(Incoming))]
    public async Task Backend_receives_what_the_span_per_request_path_sends(string name, string[] headers)
    {
        _ = name;
        (GatewayScenario direct, RecordingBackend directBackend) = await StartAsync(directTraceContext: true);
        await using GatewayScenario directScope = direct;
        (GatewayScenario spans, RecordingBackend spansBackend) = await StartAsync(directTraceContext: false);
        await using GatewayScenario spansScope = spans;

        long before = DirectTraceContext.Written;
        Observed fromDirect = await SendAsync(direct, directBackend, headers);
        long written = DirectTraceContext.Written - before;
        Observed fromSpans = await SendAsync(spans, spansBackend, headers);

        Assert.Equal(1, written); // the fast path ran for the first gateway...
        Assert.Equal(before + 1, DirectTraceContext.Written); // ...and not for the second
        Assert.Equal(fromSpans, fromDirect);
    }

    [Fact]
    public async Task A_listener_on_the_client_side_brings_the_spans_back_in_the_callers_trace()
    {
        (GatewayScenario gateway, RecordingBackend backend) = await StartAsync(directTraceContext: true);
        await using GatewayScenario _ = gateway;
        var clientSpans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                options.TraceId.ToHexString() == Trace ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.None,
            ActivityStopped = activity =>
            {
                lock (clientSpans)
                {
                    clientSpans.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        long before = DirectTraceContext.Written;
        var request = new HttpRequestMessage(HttpMethod.Get, gateway.Url("/api/Patient"));
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{Trace}-{Span}-01");
        (await gateway.Client.CallAsync(request)).AssertOk();

        Assert.Equal(before, DirectTraceContext.Written);
        string sent = Assert.Single(backend.Requests).Headers["traceparent"];
        await Eventually.TrueAsync(() => { lock (clientSpans) { return clientSpans.Count == 1; } });
        Activity client = clientSpans.Single();
        Assert.Equal($"00-{Trace}-{client.SpanId.ToHexString()}-01", sent); // the recorded client span is the backend's parent
        Assert.NotEqual(Span, client.ParentSpanId.ToHexString()); // and its own parent is the gateway's server span
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("--Logging:LogLevel:HarmonyGen=Debug", true)]
    [InlineData("--Logging:LogLevel:Microsoft.AspNetCore=Information", false)]
    [InlineData("--Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics=Warning", false)]
    [InlineData("--Logging:Console:LogLevel:Default=Information", false)]
    public void Configured_hosting_logs_keep_the_span_per_request_path(string? argument, bool installed)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(argument is null ? [] : [argument]);
        Assert.Equal(installed, HostingTraceFilter.Install(builder) is not null);
    }

    private static async Task<Observed> SendAsync(GatewayScenario gateway, RecordingBackend backend, string[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, gateway.Url("/api/Patient"));
        for (int i = 0; i < headers.Length; i += 2)
        {
            request.Headers.TryAddWithoutValidation(headers[i], headers[i + 1]);
        }

        (await gateway.Client.CallAsync(request)).AssertOk();
        RecordedRequest seen = Assert.Single(backend.Requests);
        return Observed.From(seen.Headers, headers);
    }

    /// <summary>
    /// What the backend got, relative to what was sent: whether the caller's trace id carried on, the flags, and the
    /// other trace headers verbatim. Span ids are random on both paths, so only their shape and novelty are kept.
    /// </summary>
    private sealed record Observed(string Version, string TraceRelation, bool NewParent, string? Flags, string? TraceState, string? Baggage, string? CorrelationContext, string? RequestId)
    {
        public static Observed From(Dictionary<string, string> seen, string[] sent)
        {
            if (!seen.TryGetValue("traceparent", out string? parent))
            {
                return new Observed("none", "none", false, null, seen.GetValueOrDefault("tracestate"), seen.GetValueOrDefault("baggage"),
                    seen.GetValueOrDefault("Correlation-Context"), seen.TryGetValue("Request-Id", out string? id) ? Shape(id) : null);
            }

            string[] parts = parent.Split('-');
            Assert.Equal(4, parts.Length);
            Assert.Matches("^[0-9a-f]{32}$", parts[1]);
            Assert.Matches("^[0-9a-f]{16}$", parts[2]);
            return new Observed(
                parts[0],
                parts[1] == Trace ? "caller's" : "fresh",
                parts[2] != Span,
                parts[3],
                seen.GetValueOrDefault("tracestate"),
                seen.GetValueOrDefault("baggage"),
                seen.GetValueOrDefault("Correlation-Context"),
                seen.TryGetValue("Request-Id", out string? requestId) ? Shape(requestId) : null);
        }

        /// <summary>A hierarchical Request-Id without its random parts: the caller's root, or a new one.</summary>
        private static string Shape(string requestId) => requestId.StartsWith("|abc.", StringComparison.Ordinal) ? "under the caller's" : "new";
    }

    /// <summary>TraceContextTests' one-route gateway, with the direct trace context on or off.</summary>
    private static Task<(GatewayScenario Gateway, RecordingBackend Backend)> StartAsync(bool directTraceContext)
    {
        HarmonyGatewayOptions options = GatewayOptions.For();
        options.DirectTraceContext = directTraceContext;
        return TraceContextTests.StartPathGatewayAsync(options);
    }
}
