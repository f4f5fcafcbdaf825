using System;
using System.Collections.Immutable;
using System.Net;
using System.Threading.Tasks;
using HarmonyGen.Runtime.Tests.Infrastructure;
using HarmonyGen.Spec;
using Xunit;

namespace HarmonyGen.Runtime.Tests;

/// <summary>
/// A request that needs a mesh answer the gateway cannot get fails with 503 (egress) or 403 (ingress), never
/// unauthenticated (SPEC §4, Providers): a member without the signing key, and a runbeam mesh, which this runtime
/// does not reach yet.
/// </summary>
public sealed class MeshUnavailableTests
{
    [Fact]
    public async Task Egress_of_a_mesh_this_gateway_cannot_sign_for_gives_503_and_sends_nothing()
    {
        MeshKeys keys = MeshKeys.Create(MeshAlgorithm.RS256);
        RecordingBackend backend = null!;
        await using GatewayScenario gateway = await GatewayScenario.StartAsync(async (servers, port) =>
        {
            backend = await servers.StartBackendAsync();
            return new GatewayBuilder("verifier-only")
                .Network("lan", port)
                .Pipeline("p", "lan", new[] { "e" }, new[] { "member" })
                .Endpoint("e", "/out")
                .Backend("member", backend.Url("/in"))
                .Egress("to_member", "p")
                .Mesh(keys.Verifier("care", egresses: new[] { "to_member" })) // public key only
                .Build();
        });

        (await gateway.Client.FetchAsync(gateway.Url("/out/Patient"))).AssertProblem(HttpStatusCode.ServiceUnavailable);
        Assert.Empty(backend.Requests);
    }

    [Fact]
    public async Task Runbeam_mesh_refuses_its_mesh_mode_ingress_and_its_egress()
    {
        var runbeam = new MeshDefinition(
            "cloud", "mesh-123", MeshProvider.Runbeam, TransportType.Http, MeshAlgorithm.RS256, null, null, null,
            "http://127.0.0.1:9/.well-known/jwks.json",
            ImmutableArray.Create("in"), ImmutableArray<string>.Empty, ImmutableArray.Create("out"), ImmutableArray<ProviderReference>.Empty,
            Enabled: true, Description: null);
        RecordingBackend backend = null!;
        await using GatewayScenario gateway = await GatewayScenario.StartAsync(async (servers, port) =>
        {
            backend = await servers.StartBackendAsync();
            return new GatewayBuilder("cloudy")
                .Network("lan", port)
                .Pipeline("inbound", "lan", new[] { "records" }, new[] { "records_service" })
                .Pipeline("outbound", "lan", new[] { "partner" }, new[] { "partner_gateway" })
                .Endpoint("records")
                .Endpoint("partner", "/out")
                .Backend("records_service", backend.Url("/base"))
                .Backend("partner_gateway", backend.Url("/partner"))
                .Ingress("in", "inbound", $"http://127.0.0.1:{port}/in", MeshMode.Mesh)
                .Egress("out", "outbound")
                .Mesh(runbeam)
                .Build();
        });

        // An RS256 token signed with some key: there is no key to check it against, so it is refused.
        string token = Jwt.Sign(MeshKeys.Create(MeshAlgorithm.RS256), Jwt.Claims("cloud", gateway.Origin, DateTimeOffset.UtcNow, meshId: "mesh-123"));
        (await gateway.Client.FetchAsync(gateway.Url("/in/Patient"), "Bearer " + token)).AssertProblem(HttpStatusCode.Forbidden);
        (await gateway.Client.FetchAsync(gateway.Url("/out/Patient"))).AssertProblem(HttpStatusCode.ServiceUnavailable);
        Assert.Empty(backend.Requests);
    }
}
