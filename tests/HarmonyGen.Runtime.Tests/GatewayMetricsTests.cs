using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using HarmonyGen.Runtime.Tests.Infrastructure;
using HarmonyGen.Definitions;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace HarmonyGen.Runtime.Tests;

/// <summary>
/// The "HarmonyGen.Gateway" instruments, read with a MeterListener bound to one gateway's meter while real traffic
/// crosses gateways on loopback (docs/operations.md lists every instrument and tag).
/// </summary>
public sealed class GatewayMetricsTests
{
    private const string Duration = "harmony.gateway.request.duration";
    private const string Rejections = "harmony.mesh.auth.rejections";
    private const string EgressTokens = "harmony.mesh.egress.tokens";
    private const string CacheLookups = "harmony.mesh.validation_cache.lookups";
    private const string BackendErrors = "harmony.gateway.backend.errors";

    [Fact]
    public async Task Request_duration_names_pipeline_ingress_method_and_status()
    {
        await using MeshScenario mesh = await MeshScenario.StartAsync(new MeshSetup { EndpointPrefixOnB = "/api" });
        using var onA = new MeterRecorder(mesh.A.Runtime.Meter);
        using var onB = new MeterRecorder(mesh.B.Runtime.Meter);

        (await mesh.Client.CallAsync(MeshScenario.Post(mesh.AUrl("/Patient"), new byte[] { 1, 2, 3 }))).AssertOk();
        Assert.Equal(HttpStatusCode.Forbidden, (await mesh.Client.FetchAsync($"{mesh.BOrigin}/api/Patient")).Status); // path route, no token
        Assert.Equal(HttpStatusCode.NotFound, (await mesh.Client.FetchAsync($"{mesh.BOrigin}/nowhere")).Status);

        // The handler records after the response is sent, so the client may see the answer first.
        await Eventually.TrueAsync(() => onA.Of(Duration).Count >= 1 && onB.Of(Duration).Count >= 3);
        RecordedMeasurement outbound = Assert.Single(onA.Of(Duration));
        Assert.Equal("s", outbound.Unit);
        Assert.True(outbound.Value > 0);
        Assert.Equal(("outbound", "a_in", "POST", "200"), Tags(outbound));

        RecordedMeasurement[] inbound = onB.Of(Duration).ToArray();
        Assert.Equal(3, inbound.Length);
        Assert.Contains(("records", "b_in", "POST", "200"), inbound.Select(Tags)); // A's forward, through B's ingress
        Assert.Contains(("records", "none", "GET", "403"), inbound.Select(Tags)); // the endpoint path route
        Assert.Contains(("none", "none", "GET", "404"), inbound.Select(Tags));
    }

    [Fact]
    public async Task AspNetCore_request_duration_carries_the_gateway_route_tags()
    {
        await using MeshScenario mesh = await MeshScenario.StartAsync(new MeshSetup());
        IMeterFactory factoryOfA = mesh.A.App.Services.GetRequiredService<IMeterFactory>();
        using var aspNetCore = new MeterRecorder(m => m.Name == "Microsoft.AspNetCore.Hosting" && ReferenceEquals(m.Scope, factoryOfA));

        (await mesh.Client.FetchAsync(mesh.AUrl("/Patient"))).AssertOk();

        await Eventually.TrueAsync(() => aspNetCore.Of("http.server.request.duration").Count == 1);
        RecordedMeasurement measured = aspNetCore.Of("http.server.request.duration").Single();
        Assert.Equal("outbound", measured.Tag("harmony.gateway.pipeline"));
        Assert.Equal("a_in", measured.Tag("harmony.gateway.ingress"));
        Assert.Equal("200", measured.Tag("http.response.status_code"));
    }

    [Fact]
    public async Task Every_refused_mesh_request_is_counted_by_reason()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using MeshScenario mesh = await MeshScenario.StartAsync(new MeshSetup { Clock = clock });
        using var onB = new MeterRecorder(mesh.B.Runtime.Meter);
        string expiring = mesh.IssueToken(mesh.BOrigin);
        string otherMember = mesh.IssueToken("http://127.0.0.1:1");
        string tampered = TamperedSignature(mesh.IssueToken(mesh.BOrigin));

        Assert.Equal(HttpStatusCode.Forbidden, (await mesh.Client.FetchAsync(mesh.BUrl("/Patient"))).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await mesh.Client.FetchAsync(mesh.BUrl("/Patient"), "Bearer " + otherMember)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await mesh.Client.FetchAsync(mesh.BUrl("/Patient"), "Bearer " + tampered)).Status);
        clock.Advance(TimeSpan.FromMinutes(10)); // past exp + leeway
        Assert.Equal(HttpStatusCode.Forbidden, (await mesh.Client.FetchAsync(mesh.BUrl("/Patient"), "Bearer " + expiring)).Status);

        Assert.Equal(
            new[] { "missing", "wrong_audience", "bad_signature", "expired" },
            onB.Of(Rejections).Select(m => m.Tag("harmony.mesh.rejection.reason")).ToArray());
        Assert.All(onB.Of(Rejections), m =>
        {
            Assert.Equal(1, m.Value);
            Assert.Equal("records", m.Tag("harmony.gateway.pipeline"));
            Assert.Equal("b_in", m.Tag("harmony.gateway.ingress"));
            Assert.DoesNotContain(m.Tags.Values, v => v is string s && (s.Contains(expiring, StringComparison.Ordinal) || s.Contains("eyJ", StringComparison.Ordinal)));
        });
        Assert.Empty(mesh.Backend.Requests);
    }

    [Fact]
    public async Task Egress_token_is_issued_once_then_reused_and_the_ingress_cache_misses_once_then_hits()
    {
        const int requests = 5;
        await using MeshScenario mesh = await MeshScenario.StartAsync(new MeshSetup());
        using var onA = new MeterRecorder(mesh.A.Runtime.Meter);
        using var onB = new MeterRecorder(mesh.B.Runtime.Meter);

        for (int i = 0; i < requests; i++)
        {
            (await mesh.Client.FetchAsync(mesh.AUrl("/Patient"))).AssertOk();
        }

        (string, string)[] local = { ("harmony.mesh.name", MeshScenario.Mesh), ("harmony.mesh.provider", "local") };
        Assert.Equal(1, onA.Sum(EgressTokens, [("harmony.mesh.token.outcome", "issued"), .. local]));
        Assert.Equal(requests - 1, onA.Sum(EgressTokens, [("harmony.mesh.token.outcome", "reused"), .. local]));
        Assert.Equal(requests, onA.Of(EgressTokens).Count);

        Assert.Equal(1, onB.Sum(CacheLookups, ("harmony.cache.outcome", "miss")));
        Assert.Equal(requests - 1, onB.Sum(CacheLookups, ("harmony.cache.outcome", "hit")));
        Assert.Empty(onA.Of(CacheLookups)); // A's ingress is not a mesh-mode one and the client sends no token
        Assert.Empty(onB.Of(Rejections));
    }

    [Fact]
    public async Task Provider_tokens_are_counted_as_issued_by_the_provider_then_reused()
    {
        const int requests = 4;
        await using ProviderMeshScenario mesh = await ProviderMeshScenario.StartAsync(new ProviderMeshSetup());
        using var onA = new MeterRecorder(mesh.A.Runtime.Meter);

        for (int i = 0; i < requests; i++)
        {
            (await mesh.Client.FetchAsync(mesh.AUrl("/Patient"))).AssertOk();
        }

        Assert.Equal(1, onA.Sum(EgressTokens, ("harmony.mesh.token.outcome", "issued"), ("harmony.mesh.provider", "runbeam")));
        Assert.Equal(requests - 1, onA.Sum(EgressTokens, ("harmony.mesh.token.outcome", "reused"), ("harmony.mesh.provider", "runbeam")));
        Assert.All(onA.Of(EgressTokens), m => Assert.Equal(ProviderMeshScenario.Mesh, m.Tag("harmony.mesh.name")));
    }

    [Fact]
    public async Task Backend_errors_tell_a_timeout_from_a_refused_connection()
    {
        using var absent = new PortReservation(); // bound, not listening: connections are refused
        RecordingBackend slow = null!;
        int port = 0;
        await using GatewayScenario gateway = await GatewayScenario.StartAsync(async (servers, p) =>
        {
            slow = await servers.StartBackendAsync();
            slow.Delay = TimeSpan.FromSeconds(3);
            port = p;
            return new GatewayBuilder("g")
                .Network("net", p)
                .Pipeline("slow_pipeline", "net", new[] { "slow_api" }, new[] { "slow_backend" })
                .Endpoint("slow_api", "/slow")
                .Backend("slow_backend", slow.Url("/base"), 1)
                .Pipeline("down_pipeline", "net", new[] { "down_api" }, new[] { "down_backend" })
                .Endpoint("down_api", "/down")
                .Backend("down_backend", $"http://127.0.0.1:{absent.Port}/base", 5)
                .Build();
        });
        using var metrics = new MeterRecorder(gateway.Gateway.Runtime.Meter);

        Assert.Equal(HttpStatusCode.GatewayTimeout, (await gateway.Client.FetchAsync(gateway.Url("/slow/x"))).Status);
        Assert.Equal(HttpStatusCode.BadGateway, (await gateway.Client.FetchAsync(gateway.Url("/down/x"))).Status);

        RecordedMeasurement[] errors = metrics.Of(BackendErrors).ToArray();
        Assert.Equal(2, errors.Length);
        Assert.Equal(("timeout", "slow_backend"), (errors[0].Tag("error.type"), errors[0].Tag("harmony.gateway.backend")));
        Assert.Equal(("connection", "down_backend"), (errors[1].Tag("error.type"), errors[1].Tag("harmony.gateway.backend")));
        Assert.All(errors, e => Assert.Equal(1, e.Value));
    }

    /// <summary>The token with one character of its signature changed: well-formed, signed by nobody.</summary>
    internal static string TamperedSignature(string token)
    {
        int at = token.LastIndexOf('.') + 4;
        return token[..at] + (token[at] == 'A' ? 'B' : 'A') + token[(at + 1)..];
    }

    private static (string?, string?, string?, string?) Tags(RecordedMeasurement m) =>
        (m.Tag("harmony.gateway.pipeline"), m.Tag("harmony.gateway.ingress"), m.Tag("http.request.method"), m.Tag("http.response.status_code"));
}
