using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using HarmonyGen.Routing;
using HarmonyGen.Runtime.Tests.Infrastructure;
using HarmonyGen.Definitions;
using Xunit;

namespace HarmonyGen.Runtime.Tests;

/// <summary>Ingress matching (SPEC §4): segment boundaries, longest prefix, Host rules, and paths that try to climb out.</summary>
public sealed class RoutingTests
{
    private readonly Xunit.Abstractions.ITestOutputHelper _output;

    public RoutingTests(Xunit.Abstractions.ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task Prefix_matches_on_segment_boundaries_only()
    {
        RecordingBackend backend = null!;
        await using GatewayScenario gateway = await GatewayScenario.StartAsync(async (servers, port) =>
        {
            backend = await servers.StartBackendAsync();
            return OnePipeline(port, backend.Url("/fhir"), $"http://127.0.0.1:{port}/r4");
        });

        foreach (string miss in new[] { "/r4x", "/r4x/Patient", "/r4.json", "/r4-old/Patient", "/r", "/", "/other/r4" })
        {
            (await gateway.Client.FetchAsync(gateway.Url(miss))).AssertProblem(HttpStatusCode.NotFound);
        }

        Assert.Empty(backend.Requests);

        foreach ((string path, string expected) in new[] { ("/r4", "/fhir"), ("/r4/", "/fhir/"), ("/r4/Patient", "/fhir/Patient"), ("/r4/Patient/1/", "/fhir/Patient/1/") })
        {
            (await gateway.Client.FetchAsync(gateway.Url(path))).AssertOk();
            Assert.Equal(expected, backend.Requests[^1].Path);
        }
    }

    [Fact]
    public async Task Longest_prefix_wins_whatever_the_declaration_order()
    {
        RecordingBackend general = null!, patients = null!;
        await using GatewayScenario gateway = await GatewayScenario.StartAsync(async (servers, port) =>
        {
            general = await servers.StartBackendAsync();
            patients = await servers.StartBackendAsync();
            return new GatewayBuilder("router")
                .Network("net", port)
                .Pipeline("general", "net", new[] { "all" }, new[] { "general_backend" })
                .Pipeline("patients", "net", new[] { "patient" }, new[] { "patient_backend" })
                .Endpoint("all")
                .Endpoint("patient")
                .Backend("general_backend", general.Url("/one"))
                .Backend("patient_backend", patients.Url("/two"))
                .Ingress("r4", "general", $"http://127.0.0.1:{port}/r4") // declared first, shorter
                .Ingress("r4_patient", "patients", $"http://127.0.0.1:{port}/r4/Patient")
                .Build();
        });

        (string Path, RecordingBackend Backend, string Expected)[] cases =
        {
            ("/r4/Patient/1", patients, "/two/1"),
            ("/r4/Patient", patients, "/two"),
            ("/r4/Observation/9", general, "/one/Observation/9"),
            ("/r4/PatientX", general, "/one/PatientX"),
            ("/r4", general, "/one"),
        };
        foreach ((string path, RecordingBackend target, string expected) in cases)
        {
            int before = target.Requests.Count;
            (await gateway.Client.FetchAsync(gateway.Url(path + "?q=1"))).AssertOk();
            Assert.Equal(before + 1, target.Requests.Count);
            Assert.Equal(expected, target.Requests[^1].Path);
            Assert.Equal("?q=1", target.Requests[^1].Query);
        }

        Assert.Equal(2, patients.Requests.Count);
        Assert.Equal(3, general.Requests.Count);
    }

    [Fact]
    public async Task Host_matches_case_insensitively_and_port_must_match()
    {
        RecordingBackend backend = null!;
        await using GatewayScenario gateway = await GatewayScenario.StartAsync(async (servers, port) =>
        {
            backend = await servers.StartBackendAsync();
            return OnePipeline(port, backend.Url("/fhir"), $"http://fhir.example:{port}/r4");
        });

        foreach (string host in new[] { $"FHIR.Example:{gateway.Port}", $"fhir.example:{gateway.Port}", $"Fhir.EXAMPLE:{gateway.Port}" })
        {
            (await gateway.Client.FetchAsync(gateway.Url("/r4/Patient"), host: host)).AssertOk();
        }

        foreach (string host in new[] { $"fhir.example.evil:{gateway.Port}", $"other.example:{gateway.Port}", "fhir.example:1", "fhir.example", $"127.0.0.1:{gateway.Port}" })
        {
            (await gateway.Client.FetchAsync(gateway.Url("/r4/Patient"), host: host)).AssertProblem(HttpStatusCode.NotFound);
        }

        Assert.Equal(3, backend.Requests.Count);
    }

    [Fact]
    public async Task Ingress_url_without_a_port_matches_a_Host_without_a_port()
    {
        RecordingBackend backend = null!;
        await using GatewayScenario gateway = await GatewayScenario.StartAsync(async (servers, port) =>
        {
            backend = await servers.StartBackendAsync();
            return OnePipeline(port, backend.Url("/fhir"), "http://fhir.example/r4"); // port 80 implied
        });

        (await gateway.Client.FetchAsync(gateway.Url("/r4/Patient"), host: "fhir.example")).AssertOk();
        (await gateway.Client.FetchAsync(gateway.Url("/r4/Patient"), host: "fhir.example:80")).AssertOk();
        (await gateway.Client.FetchAsync(gateway.Url("/r4/Patient"), host: $"fhir.example:{gateway.Port}")).AssertProblem(HttpStatusCode.NotFound);
        (await gateway.Client.FetchAsync(gateway.Url("/r4/Patient"), host: "fhir.example:443")).AssertProblem(HttpStatusCode.NotFound);
        Assert.Equal(2, backend.Requests.Count);
    }

    /// <summary>Default ports of both schemes, on the matcher itself: binding 80 and 443 needs root.</summary>
    [Theory]
    [InlineData("http://fhir.example/r4", "http", 80, true)]
    [InlineData("http://fhir.example:80/r4", "http", 80, true)]
    [InlineData("https://fhir.example/r4", "https", 443, true)]
    [InlineData("https://fhir.example:443/r4", "https", 443, true)]
    [InlineData("https://fhir.example/r4", "http", 443, false)]
    [InlineData("https://fhir.example/r4", "https", 80, false)]
    [InlineData("http://fhir.example/r4", "https", 80, false)]
    [InlineData("http://fhir.example/r4", "http", 8080, false)]
    [InlineData("https://fhir.example:8443/r4", "https", 443, false)]
    [InlineData("https://fhir.example:8443/r4", "https", 8443, true)]
    public void IngressMatcher_implies_the_default_port_of_the_scheme(string url, string scheme, int requestPort, bool matches)
    {
        GatewayDefinition definition = new GatewayBuilder("g")
            .Network("net", 1)
            .Pipeline("p", "net", new[] { "e" }, new[] { "b" })
            .Endpoint("e")
            .Backend("b", "http://127.0.0.1:9/")
            .Ingress("i", "p", url)
            .Build();
        var matcher = new IngressMatcher(definition.IngressRoutes, definition.EndpointRoutes, _ => ImmutableArray<string>.Empty, r => r.Mode);

        RouteTarget? target = matcher.Match(scheme, "FHIR.example", requestPort, "/r4/Patient");

        Assert.Equal(matches, target is not null);
        if (target is not null)
        {
            Assert.Equal("i", target.Ingress);
            Assert.Equal(new Uri(url).GetLeftPart(UriPartial.Authority), target.IngressOrigin);
        }
    }

    [Theory]
    [InlineData("/r4/..%2Fadmin")]
    [InlineData("/r4/..%2fadmin")]
    [InlineData("/r4/%2e%2e/admin")]
    [InlineData("/r4/%2E%2E%2Fadmin")]
    [InlineData("/r4/%2e%2e%2fadmin")]
    [InlineData("/r4/.%2e/admin")]
    [InlineData("/r4/%2e./admin")]
    [InlineData("/r4/a/..%2F..%2F..%2Fadmin")]
    [InlineData("/r4/Patient/%2e%2e/%2e%2e/%2e%2e/admin")]
    [InlineData("/r4/..%5Cadmin")]
    [InlineData("/r4/..\\admin")]
    [InlineData("/r4/%252e%252e/admin")]
    [InlineData("/r4/%252e%252e%252fadmin")]
    [InlineData("/r4/../admin")]
    [InlineData("/r4/./../admin")]
    [InlineData("/r4/%2e%2e")]
    [InlineData("/r4/..")]
    [InlineData("/r4/..%2F")]
    [InlineData("/r4/Patient/%2e%2e/Observation")]
    [InlineData("/r4/a/./b/../c")]
    public async Task Encoded_dot_segments_cannot_climb_out_of_the_backend_base_path(string target)
    {
        RecordingBackend backend = null!;
        await using GatewayScenario gateway = await GatewayScenario.StartAsync(async (servers, port) =>
        {
            backend = await servers.StartBackendAsync();
            return OnePipeline(port, backend.Url("/fhir/api"), $"http://127.0.0.1:{port}/r4");
        });

        (int status, string response) = await RawHttp.GetAsync(gateway.Port, target, $"127.0.0.1:{gateway.Port}");
        _output.WriteLine($"{target} -> {status}; backend saw: {string.Join(", ", backend.Requests.Select(r => r.RawTarget))}");

        Assert.True(status is 200 or 400 or 404, $"{target}: unexpected {response}");
        Assert.True(status < 500, response);
        if (status != 200)
        {
            Assert.Contains("application/problem+json", response, StringComparison.OrdinalIgnoreCase);
            Assert.Empty(backend.Requests);
        }

        foreach (RecordedRequest seen in backend.Requests)
        {
            // However often the backend (or anything behind it) decodes the path, it stays under the base path.
            Assert.StartsWith("/fhir/api", FullyResolved(seen.RawTarget.Split('?')[0]), StringComparison.Ordinal);
            Assert.StartsWith("/fhir/api", FullyResolved(seen.Path), StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Percent-encoded characters that mean something in a URL (<c>?</c>, <c>#</c>, <c>%</c>, space) are path data:
    /// they reach the backend still encoded, in the path, and the real query stays the query.
    /// </summary>
    [Theory]
    [InlineData("/r4/Patient%3Fid=1?x=1", "/fhir/Patient%3Fid=1", "?x=1")]
    [InlineData("/r4/a%23b?x=1", "/fhir/a%23b", "?x=1")]
    [InlineData("/r4/a%20b", "/fhir/a%20b", "")]
    [InlineData("/r4/100%25", "/fhir/100%25", "")]
    [InlineData("/r4/a%2Fb?x=%2F", "/fhir/a%2Fb", "?x=%2F")]
    [InlineData("/r4/J%C3%BCrgen", "/fhir/J%C3%BCrgen", "")]
    public async Task Encoded_reserved_characters_stay_in_the_path(string target, string expectedRawPath, string expectedQuery)
    {
        RecordingBackend backend = null!;
        await using GatewayScenario gateway = await GatewayScenario.StartAsync(async (servers, port) =>
        {
            backend = await servers.StartBackendAsync();
            return OnePipeline(port, backend.Url("/fhir"), $"http://127.0.0.1:{port}/r4");
        });

        (int status, string response) = await RawHttp.GetAsync(gateway.Port, target, $"127.0.0.1:{gateway.Port}");

        Assert.True(status == 200, response);
        RecordedRequest seen = Assert.Single(backend.Requests);
        string[] raw = seen.RawTarget.Split('?', 2);
        Assert.Equal(expectedRawPath, raw[0], ignoreCase: true);
        Assert.Equal(expectedQuery, seen.Query);
    }

    [Fact]
    public async Task Endpoint_path_prefix_routes_when_no_ingress_matches()
    {
        RecordingBackend backend = null!;
        await using GatewayScenario gateway = await GatewayScenario.StartAsync(async (servers, port) =>
        {
            backend = await servers.StartBackendAsync();
            return new GatewayBuilder("g")
                .Network("net", port)
                .Pipeline("p", "net", new[] { "e" }, new[] { "b" })
                .Endpoint("e", "/api/")
                .Backend("b", backend.Url("/base/"))
                .Build();
        });

        (await gateway.Client.FetchAsync(gateway.Url("/api/things?a=b"), host: "anything.example")).AssertOk();
        Assert.Equal("/base/things", backend.Requests[^1].Path);
        Assert.Equal("?a=b", backend.Requests[^1].Query);
        (await gateway.Client.FetchAsync(gateway.Url("/apix"))).AssertProblem(HttpStatusCode.NotFound);
        Assert.Single(backend.Requests);
    }

    /// <summary>The scheme is the connection's: a client's <c>X-Forwarded-Proto</c> does not make plain HTTP match an https ingress.</summary>
    [Fact]
    public async Task X_Forwarded_Proto_from_a_client_does_not_change_the_scheme()
    {
        RecordingBackend backend = null!;
        await using GatewayScenario gateway = await GatewayScenario.StartAsync(async (servers, port) =>
        {
            backend = await servers.StartBackendAsync();
            return OnePipeline(port, backend.Url("/fhir"), $"https://127.0.0.1:{port}/r4");
        });

        var request = new System.Net.Http.HttpRequestMessage(System.Net.Http.HttpMethod.Get, gateway.Url("/r4/Patient"));
        request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "https");
        (await gateway.Client.CallAsync(request)).AssertProblem(HttpStatusCode.NotFound);
        Assert.Empty(backend.Requests);
    }

    /// <summary>A pipeline serves only on its networks: another network's listener does not reach it, whatever the Host header says.</summary>
    [Fact]
    public async Task Pipeline_is_served_only_on_its_networks()
    {
        RecordingBackend backend = null!;
        int internalPort = 0, publicPort = 0;
        (ServerSet servers, _) = await ServerSet.StartAsync(async servers =>
        {
            backend = await servers.StartBackendAsync();
            using var internalNet = new PortReservation();
            using var publicNet = new PortReservation();
            (internalPort, publicPort) = (internalNet.Port, publicNet.Port);
            GatewayDefinition definition = new GatewayBuilder("two-networks")
                .Network("internal", internalPort)
                .Network("public", publicPort)
                .Pipeline("admin", "internal", new[] { "admin_api" }, new[] { "b" })
                .Endpoint("admin_api", "/admin")
                .Backend("b", backend.Url("/base"))
                .Ingress("admin_in", "admin", $"http://127.0.0.1:{internalPort}/admin")
                .Build();
            internalNet.Release();
            publicNet.Release();
            return await servers.StartGatewayAsync(definition, GatewayOptions.For());
        });
        await using ServerSet cleanup = servers;
        using var client = Http.CreateClient();

        (await client.FetchAsync($"http://127.0.0.1:{publicPort}/admin/users", host: $"127.0.0.1:{internalPort}")).AssertProblem(HttpStatusCode.NotFound);
        (await client.FetchAsync($"http://127.0.0.1:{publicPort}/admin/users")).AssertProblem(HttpStatusCode.NotFound);
        Assert.Empty(backend.Requests);
        (await client.FetchAsync($"http://127.0.0.1:{internalPort}/admin/users")).AssertOk();
        Assert.Equal("/base/users", Assert.Single(backend.Requests).Path);
    }

    private static GatewayDefinition OnePipeline(int port, string backendUrl, string ingressUrl) =>
        new GatewayBuilder("router")
            .Network("net", port)
            .Pipeline("p", "net", new[] { "e" }, new[] { "b" })
            .Endpoint("e")
            .Backend("b", backendUrl)
            .Ingress("i", "p", ingressUrl)
            .Build();

    /// <summary>The path as the most lenient consumer would see it: decoded until stable, backslashes as slashes, dot segments resolved.</summary>
    private static string FullyResolved(string path)
    {
        string decoded = path;
        for (int i = 0; i < 5; i++)
        {
            decoded = Uri.UnescapeDataString(decoded);
        }

        var segments = new List<string>();
        foreach (string segment in decoded.Replace('\\', '/').Split('/').Skip(1))
        {
            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }
            }
            else if (segment != ".")
            {
                segments.Add(segment);
            }
        }

        return "/" + string.Join('/', segments);
    }
}
