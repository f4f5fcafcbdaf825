using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using HarmonyGen.Runtime.Tests.Infrastructure;
using Xunit;

namespace HarmonyGen.Runtime.Tests;

/// <summary>W3C trace context across the gateway, and what the gateway adds to a recorded trace (docs/operations.md).</summary>
public sealed class TraceContextTests
{
    [Fact]
    public async Task Incoming_traceparent_reaches_the_backend_with_the_same_trace_id_and_a_new_parent()
    {
        (GatewayScenario gateway, RecordingBackend backend) = await StartPathGatewayAsync();
        await using GatewayScenario _ = gateway;
        var incoming = TraceParent.New();

        (await gateway.Client.CallAsync(WithTrace(gateway.Url("/api/Patient"), incoming, "vendor=opaque-value"))).AssertOk();

        RecordedRequest seen = Assert.Single(backend.Requests);
        var sent = TraceParent.Parse(seen.Headers["traceparent"]);
        Assert.Equal(incoming.TraceId, sent.TraceId);
        Assert.NotEqual(incoming.SpanId, sent.SpanId); // the gateway's span is the backend's parent, not the client's
        Assert.Equal("01", sent.Flags); // the caller's sampling decision travels on
        Assert.Equal("vendor=opaque-value", seen.Headers["tracestate"]);
    }

    [Fact]
    public async Task Trace_id_survives_both_hops_of_a_mesh()
    {
        await using MeshScenario mesh = await MeshScenario.StartAsync(new MeshSetup());
        var incoming = TraceParent.New();

        (await mesh.Client.CallAsync(WithTrace(mesh.AUrl("/Patient"), incoming))).AssertOk();

        RecordedRequest seen = Assert.Single(mesh.Backend.Requests);
        Assert.Equal(incoming.TraceId, TraceParent.Parse(seen.Headers["traceparent"]).TraceId);
        Assert.False(seen.Headers.ContainsKey("Authorization")); // the mesh token stayed a hop credential
    }

    /// <summary>
    /// With no incoming trace context and nothing listening, the gateway still starts a trace: the backend gets a
    /// fresh, unsampled traceparent (flags 00), so its logs can be correlated with the gateway's.
    /// </summary>
    [Fact]
    public async Task Without_incoming_traceparent_the_backend_gets_a_fresh_unsampled_one()
    {
        (GatewayScenario gateway, RecordingBackend backend) = await StartPathGatewayAsync();
        await using GatewayScenario _ = gateway;

        (await gateway.Client.FetchAsync(gateway.Url("/api/one"))).AssertOk();
        (await gateway.Client.FetchAsync(gateway.Url("/api/two"))).AssertOk();

        TraceParent[] sent = backend.Requests.Select(r => TraceParent.Parse(r.Headers["traceparent"])).ToArray();
        Assert.Equal(2, sent.Length);
        Assert.NotEqual(sent[0].TraceId, sent[1].TraceId); // one trace per request, not a shared one
        Assert.All(sent, t => Assert.Equal("00", t.Flags));
    }

    [Fact]
    public async Task Recorded_server_span_names_the_route_and_mesh_and_validation_is_a_child_span()
    {
        await using MeshScenario mesh = await MeshScenario.StartAsync(new MeshSetup());
        var accepted = TraceParent.New();
        var refused = TraceParent.New();
        string token = mesh.IssueToken(mesh.BOrigin);
        string tampered = GatewayMetricsTests.TamperedSignature(token);
        using var spans = new SpanRecorder(accepted.TraceId, refused.TraceId);

        HttpRequestMessage good = WithTrace(mesh.BUrl("/Patient"), accepted);
        good.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        (await mesh.Client.CallAsync(good)).AssertOk();
        HttpRequestMessage bad = WithTrace(mesh.BUrl("/Patient"), refused);
        bad.Headers.TryAddWithoutValidation("Authorization", "Bearer " + tampered);
        Assert.Equal(HttpStatusCode.Forbidden, (await mesh.Client.CallAsync(bad)).Status);

        // B's server spans are the children of the client's; the recording backend (ASP.NET Core too) records its own below them.
        static bool ServerOf(Activity a, TraceParent client) => a.TraceId.ToHexString() == client.TraceId && a.ParentSpanId.ToHexString() == client.SpanId;
        await Eventually.TrueAsync(() => spans.Stopped.Any(a => ServerOf(a, accepted)) && spans.Stopped.Any(a => ServerOf(a, refused)));
        Activity[] all = spans.Stopped.ToArray();
        Activity server = all.Single(a => ServerOf(a, accepted));
        Assert.Equal("Microsoft.AspNetCore.Hosting.HttpRequestIn", server.OperationName);
        Assert.Equal("records", server.GetTagItem("harmony.gateway.pipeline"));
        Assert.Equal("b_in", server.GetTagItem("harmony.gateway.ingress"));
        Assert.Equal("care", server.GetTagItem("harmony.mesh.name"));
        Activity validate = all.Single(a => a.TraceId.ToHexString() == accepted.TraceId && a.OperationName == "harmony.mesh.validate");
        Assert.Equal("HarmonyGen.Gateway", validate.Source.Name);
        Assert.Equal(server.SpanId, validate.ParentSpanId);
        Assert.Equal("care", validate.GetTagItem("harmony.mesh.name"));

        Activity refusedServer = all.Single(a => ServerOf(a, refused));
        Assert.Equal("bad_signature", refusedServer.GetTagItem("harmony.mesh.rejection.reason"));
        Activity refusedValidate = all.Single(a => a.TraceId.ToHexString() == refused.TraceId && a.OperationName == "harmony.mesh.validate");
        Assert.Equal(ActivityStatusCode.Error, refusedValidate.Status);
        Assert.Equal("bad_signature", refusedValidate.GetTagItem("harmony.mesh.rejection.reason"));

        // No tag of any recorded span carries a token or a piece of one.
        string[] secrets = { token, tampered, token.Split('.')[1], token.Split('.')[2], tampered.Split('.')[2] };
        Assert.All(all.SelectMany(a => a.TagObjects), tag =>
            Assert.DoesNotContain(secrets, s => tag.Value?.ToString()?.Contains(s, StringComparison.Ordinal) == true));
        Assert.Single(mesh.Backend.Requests);
    }

    private static HttpRequestMessage WithTrace(string url, TraceParent parent, string? state = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("traceparent", parent.ToString());
        if (state is not null)
        {
            request.Headers.TryAddWithoutValidation("tracestate", state);
        }

        return request;
    }

    /// <summary>A gateway with one path route, <c>/api</c>, to a recording backend.</summary>
    internal static async Task<(GatewayScenario Gateway, RecordingBackend Backend)> StartPathGatewayAsync(HarmonyGen.Hosting.HarmonyGatewayOptions? options = null)
    {
        RecordingBackend backend = null!;
        GatewayScenario gateway = await GatewayScenario.StartAsync(async (servers, port) =>
        {
            backend = await servers.StartBackendAsync();
            return new GatewayBuilder("g")
                .Network("net", port)
                .Pipeline("p", "net", new[] { "api" }, new[] { "b" })
                .Endpoint("api", "/api")
                .Backend("b", backend.Url("/base"))
                .Build();
        }, options);
        return (gateway, backend);
    }

    /// <summary>A W3C traceparent: version, trace-id, parent (span) id, flags.</summary>
    private sealed record TraceParent(string TraceId, string SpanId, string Flags)
    {
        public static TraceParent New() => new(ActivityTraceId.CreateRandom().ToHexString(), ActivitySpanId.CreateRandom().ToHexString(), "01");

        public static TraceParent Parse(string header)
        {
            string[] parts = header.Split('-');
            Assert.Equal(4, parts.Length);
            Assert.Equal("00", parts[0]);
            return new TraceParent(parts[1], parts[2], parts[3]);
        }

        public override string ToString() => $"00-{TraceId}-{SpanId}-{Flags}";
    }

    /// <summary>
    /// Records the spans of the given traces only (ASP.NET Core's server span and the gateway's own), so the other
    /// gateways that tests run in this process at the same time are neither recorded nor changed.
    /// </summary>
    private sealed class SpanRecorder : IDisposable
    {
        private readonly ActivityListener _listener;
        private readonly List<Activity> _stopped = new();

        public SpanRecorder(params string[] traceIds)
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name is "HarmonyGen.Gateway" or "Microsoft.AspNetCore",
                Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                    traceIds.Contains(options.TraceId.ToHexString()) ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.None,
                ActivityStopped = activity =>
                {
                    lock (_stopped)
                    {
                        _stopped.Add(activity);
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public IReadOnlyList<Activity> Stopped
        {
            get
            {
                lock (_stopped)
                {
                    return _stopped.ToArray();
                }
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
