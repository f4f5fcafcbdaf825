using System.Net;
using System.Threading.Tasks;
using HarmonyGen.Runtime.Tests.Infrastructure;
using HarmonyGen.Definitions;
using Xunit;

namespace HarmonyGen.Runtime.Tests;

/// <summary>
/// A request that needs a mesh answer the gateway cannot get fails with 503 (egress) or 403 (ingress), never
/// unauthenticated (SPEC §4, Providers): here a member without the signing key. Provider meshes that cannot reach
/// their provider: <see cref="ProviderFailureTests"/>.
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
}
