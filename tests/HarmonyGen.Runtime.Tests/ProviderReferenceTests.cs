using System;
using System.Net;
using System.Threading.Tasks;
using HarmonyGen.Runtime.Tests.Infrastructure;
using Xunit;

namespace HarmonyGen.Runtime.Tests;

/// <summary>
/// Provider references (<c>runbeam.name.X</c> and the longer forms) resolved at run time: at start-up, before the
/// gateway serves, and at every poll. A reference that resolves to an ingress or egress of this gateway makes the mesh
/// apply to it as a local name would; one that resolves to another member's ingress adds its URLs. An answer that is
/// not to be trusted changes nothing, and an egress whose membership is not known yet fails closed.
/// </summary>
public sealed class ProviderReferenceTests
{
    private const string IngressReference = "runbeam.team1.ingress.name.records_in";
    private const string EgressReference = "runbeam.team1.egress.id.eg-42";

    private static string Bearer(string token) => "Bearer " + token;

    [Fact]
    public async Task An_ingress_listed_by_reference_is_guarded_by_the_mesh()
    {
        await using ProviderMeshScenario mesh = await ProviderMeshScenario.StartAsync(new ProviderMeshSetup
        {
            IngressReferenceOnB = IngressReference,
            BeforeStart = p => p.Resolutions[IngressReference] = StandInProvider.Local("ingress", "hospital", "b_in"),
        });

        // Resolved at start-up: the first request already finds B's ingress in the mesh.
        (await mesh.Client.FetchAsync(mesh.AUrl("/Patient"))).AssertOk();
        Assert.Equal(1, mesh.Provider.ResolveCalls);
        (await mesh.Client.FetchAsync(mesh.BUrl("/Patient"))).AssertProblem(HttpStatusCode.Forbidden);
        Assert.Single(mesh.Backend.Requests);
    }

    [Fact]
    public async Task An_egress_listed_by_reference_carries_the_meshs_token()
    {
        await using ProviderMeshScenario mesh = await ProviderMeshScenario.StartAsync(new ProviderMeshSetup
        {
            EgressReferenceOnA = EgressReference,
            BeforeStart = p => p.Resolutions[EgressReference] = StandInProvider.Local("egress", "clinic", "to_hospital"),
        });
        (await mesh.Client.FetchAsync(mesh.AUrl("/Patient"))).AssertOk();
        Assert.Equal(1, mesh.Provider.TokenCalls);
        Assert.Equal(1, mesh.Provider.ResolveCalls);
    }

    public static TheoryData<string, string> UntrustedResolutions => new()
    {
        { "not JSON", "resolved: yes" },
        { "no data", "{}" },
        { "no type", "{\"data\":{\"proxy_id\":\"clinic\",\"name\":\"to_hospital\"}}" },
        { "not a mesh member type", "{\"data\":{\"type\":\"pipeline\",\"proxy_id\":\"clinic\",\"name\":\"outbound\"}}" },
        { "another type than the reference names", "{\"data\":{\"type\":\"ingress\",\"proxy_id\":\"other\",\"urls\":[\"http://other.example/in\"]}}" },
        { "an egress this gateway does not have", StandInProvider.Local("egress", "clinic", "to_nowhere") },
        { "a URL that is not http(s)", "{\"data\":{\"type\":\"egress\",\"proxy_id\":\"clinic\",\"name\":\"to_hospital\",\"urls\":[\"ftp://x.example/\"]}}" },
        { "types that are not strings", "{\"data\":{\"type\":7,\"proxy_id\":\"clinic\",\"name\":\"to_hospital\"}}" },
    };

    [Theory]
    [MemberData(nameof(UntrustedResolutions))]
    public async Task An_untrusted_resolution_is_refused_and_its_egress_fails_closed_until_a_good_one(string what, string answer)
    {
        _ = what;
        await using ProviderMeshScenario mesh = await ProviderMeshScenario.StartAsync(new ProviderMeshSetup
        {
            EgressReferenceOnA = EgressReference,
            BeforeStart = p => p.Resolutions[EgressReference] = answer,
        });

        // The egress may be the one the reference names: it is not sent without the token it may need.
        (await mesh.Client.FetchAsync(mesh.AUrl("/Patient"))).AssertProblem(HttpStatusCode.ServiceUnavailable);
        Assert.Empty(mesh.Backend.Requests);
        Assert.Equal(0, mesh.Provider.TokenCalls);

        mesh.Provider.Resolutions[EgressReference] = StandInProvider.Local("egress", "clinic", "to_hospital");
        await mesh.A.Runtime.ResolveReferencesAsync();
        (await mesh.Client.FetchAsync(mesh.AUrl("/Patient"))).AssertOk();
    }

    [Fact]
    public async Task A_poll_that_fails_keeps_the_last_resolution()
    {
        await using ProviderMeshScenario mesh = await ProviderMeshScenario.StartAsync(new ProviderMeshSetup
        {
            IngressReferenceOnB = IngressReference,
            BeforeStart = p => p.Resolutions[IngressReference] = StandInProvider.Local("ingress", "hospital", "b_in"),
        });
        (await mesh.Client.FetchAsync(mesh.AUrl("/Patient"))).AssertOk();

        mesh.Provider.Down = true;
        await mesh.B.Runtime.ResolveReferencesAsync();
        mesh.Provider.Down = false;
        mesh.Provider.Resolutions[IngressReference] = "{\"data\":null}";
        await mesh.B.Runtime.ResolveReferencesAsync();
        Assert.Equal(3, mesh.Provider.ResolveCalls);

        // B still counts its ingress in the mesh: a token from the provider is still accepted there.
        (await mesh.Client.FetchAsync(mesh.BUrl("/Patient"), Bearer(mesh.TokenForB()))).AssertOk();
    }

    [Fact]
    public async Task A_reference_the_provider_no_longer_knows_takes_its_membership_away()
    {
        await using ProviderMeshScenario mesh = await ProviderMeshScenario.StartAsync(new ProviderMeshSetup
        {
            EgressReferenceOnA = EgressReference,
            BeforeStart = p => p.Resolutions[EgressReference] = StandInProvider.Local("egress", "clinic", "to_hospital"),
        });
        (await mesh.Client.FetchAsync(mesh.AUrl("/Patient"))).AssertOk();

        mesh.Provider.Resolutions.TryRemove(EgressReference, out _); // 404 from now on
        await mesh.A.Runtime.ResolveReferencesAsync();

        // The egress is in no mesh any more: the request leaves without a token and B's mesh-mode ingress refuses it.
        (await mesh.Client.FetchAsync(mesh.AUrl("/Patient"))).AssertProblem(HttpStatusCode.Forbidden);
        Assert.Single(mesh.Backend.Requests);
    }

    [Fact]
    public async Task Another_members_ingress_adds_its_urls_to_the_mesh_and_a_bad_url_adds_nothing()
    {
        const string partner = "runbeam.team2.ingress.name.partner";
        const string broken = "runbeam.team2.ingress.name.broken";
        await using ProviderMeshScenario mesh = await ProviderMeshScenario.StartAsync(new ProviderMeshSetup
        {
            MoreReferencesOnB = new[] { partner, broken },
            BeforeStart = p =>
            {
                p.Resolutions[partner] = StandInProvider.RemoteIngress("partner-gw", "https://partner.example/fhir", "https://partner.example:8443/r4");
                p.Resolutions[broken] = StandInProvider.RemoteIngress("partner-gw", "https://partner.example/fhir?debug=1");
            },
        });

        Assert.Equal(
            new[] { "https://partner.example/fhir", "https://partner.example:8443/r4" },
            mesh.B.Runtime.ProviderMembership.RemoteIngressUrls[ProviderMeshScenario.Mesh]);
        (await mesh.Client.FetchAsync(mesh.AUrl("/Patient"))).AssertOk();
    }

    [Fact]
    public async Task References_are_resolved_again_every_poll_interval()
    {
        await using ProviderMeshScenario mesh = await ProviderMeshScenario.StartAsync(new ProviderMeshSetup
        {
            PollIntervalSeconds = 1,
            IngressReferenceOnB = IngressReference,
            BeforeStart = p => p.Resolutions[IngressReference] = StandInProvider.Local("ingress", "hospital", "b_in"),
        });
        Assert.Equal(1, mesh.Provider.ResolveCalls); // at start-up

        // The poll runs on the gateway's clock: each second of it resolves the reference again, and nothing else does.
        await Task.Delay(1500);
        Assert.Equal(1, mesh.Provider.ResolveCalls);
        mesh.Clock.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => mesh.Provider.ResolveCalls == 2);
        mesh.Clock.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => mesh.Provider.ResolveCalls == 3);

        // A poll that brings a withdrawal takes effect: B's ingress leaves the mesh and refuses A's token.
        (await mesh.Client.FetchAsync(mesh.AUrl("/Patient"))).AssertOk();
        mesh.Provider.Resolutions.TryRemove(IngressReference, out _);
        mesh.Clock.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => mesh.Provider.ResolveCalls == 4 && mesh.B.Runtime.ProviderMembership.MeshesOfIngress("b_in", default).IsDefaultOrEmpty);
        (await mesh.Client.FetchAsync(mesh.AUrl("/Patient"))).AssertProblem(HttpStatusCode.Forbidden);
        Assert.Single(mesh.Backend.Requests);
    }
}
