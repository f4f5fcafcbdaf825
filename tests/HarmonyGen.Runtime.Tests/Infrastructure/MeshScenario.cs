using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using HarmonyGen.Hosting;
using HarmonyGen.Definitions;

namespace HarmonyGen.Runtime.Tests.Infrastructure;

/// <summary>How a two-gateway mesh test is wired.</summary>
internal sealed record MeshSetup
{
    public MeshAlgorithm Algorithm { get; init; } = MeshAlgorithm.HS256;

    /// <summary>Mode of B's ingress (the side that receives mesh traffic).</summary>
    public MeshMode IngressMode { get; init; } = MeshMode.Mesh;

    /// <summary>Mode of A's egress (the side that sends mesh traffic).</summary>
    public MeshMode EgressMode { get; init; } = MeshMode.Default;

    /// <summary>Whether the mesh lists A's ingress, A's egress and B's ingress. When false the mesh exists (on both) but lists none of them.</summary>
    public bool InMesh { get; init; } = true;

    public bool MeshEnabled { get; init; } = true;

    public bool EgressEnabled { get; init; } = true;

    public bool IngressEnabled { get; init; } = true;

    /// <summary>B's endpoint <c>path_prefix</c>: a path route to the same pipeline, used when no ingress matches.</summary>
    public string? EndpointPrefixOnB { get; init; }

    /// <summary>Adds a second mesh, "partners", on B with its own keys and its own ingress at <c>/partners</c>.</summary>
    public bool PartnerMesh { get; init; }

    /// <summary>Whether B's <c>/partners</c> ingress (of the partner mesh) is enabled.</summary>
    public bool PartnerIngressEnabled { get; init; } = true;

    public TimeProvider? Clock { get; init; }

    public int BackendTimeoutSeconds { get; init; } = 30;

    /// <summary>Key rotation: the keys gateway A (the signer) declares as the mesh's previous ones; null for none.</summary>
    public MeshKeys? PreviousKeysOnA { get; init; }

    /// <summary>RS256 key rotation: gateway A signs with this pair's private key while its public key stays the current one.</summary>
    public MeshKeys? PrivateKeyOnA { get; init; }

    /// <summary>Key rotation: the keys gateway B (the verifier) declares as the mesh's previous ones; null for none.</summary>
    public MeshKeys? PreviousKeysOnB { get; init; }

    /// <summary><c>jwt_audience</c> on A's mesh (A's tokens carry aud).</summary>
    public bool JwtAudienceOnA { get; init; }

    /// <summary><c>jwt_audience</c> on B's mesh (B requires aud).</summary>
    public bool JwtAudienceOnB { get; init; }

    /// <summary>A middleware B's pipeline runs on both sides (a <c>log_dump</c>); null for none.</summary>
    public MiddlewareDefinition? StageOnB { get; init; }
}

/// <summary>
/// The two-gateway mesh of the sample, on free loopback ports: a client calls gateway A ("clinic") at
/// <c>/out/...</c>; A's egress forwards to gateway B ("hospital") at <c>/in/...</c>, signing with the mesh "care";
/// B's ingress checks the token and forwards to the recording backend at <c>/base/...</c>.
/// </summary>
internal sealed class MeshScenario : IAsyncDisposable
{
    public const string Mesh = "care";
    public const string PartnerMeshName = "partners";

    private ServerSet _servers = null!;

    private MeshScenario(MeshSetup setup, MeshKeys keys, MeshKeys partnerKeys)
    {
        Setup = setup;
        Keys = keys;
        PartnerKeys = partnerKeys;
    }

    public MeshSetup Setup { get; }

    public MeshKeys Keys { get; }

    public MeshKeys PartnerKeys { get; }

    public RecordingBackend Backend { get; private set; } = null!;

    public RunningGateway A { get; private set; } = null!;

    public RunningGateway B { get; private set; } = null!;

    public int PortA { get; private set; }

    public int PortB { get; private set; }

    public HttpClient Client { get; } = Http.CreateClient();

    /// <summary>A third member of the mesh (it holds the signing key), for tokens a caller presents.</summary>
    public GatewayDefinition Upstream { get; private set; } = null!;

    public string AOrigin => $"http://127.0.0.1:{PortA}";

    public string BOrigin => $"http://127.0.0.1:{PortB}";

    public string AUrl(string rest = "") => $"{AOrigin}/out{rest}";

    public string BUrl(string rest = "") => $"{BOrigin}/in{rest}";

    public static async Task<MeshScenario> StartAsync(MeshSetup setup)
    {
        var keys = MeshKeys.Create(setup.Algorithm);
        var partnerKeys = MeshKeys.Other(setup.Algorithm);
        (ServerSet servers, MeshScenario scenario) = await ServerSet.StartAsync(async servers =>
        {
            var s = new MeshScenario(setup, keys, partnerKeys) { _servers = servers };
            await s.StartServersAsync().ConfigureAwait(false);
            return s;
        }).ConfigureAwait(false);
        return scenario;
    }

    private async Task StartServersAsync()
    {
        Backend = await _servers.StartBackendAsync().ConfigureAwait(false);
        using var portA = new PortReservation();
        using var portB = new PortReservation();
        PortA = portA.Port;
        PortB = portB.Port;

        string[] Listed(params string[] names) => Setup.InMesh ? names : Array.Empty<string>();

        var b = new GatewayBuilder("hospital")
            .Network("edge", PortB)
            .Pipeline("records", "edge", new[] { "api" }, new[] { "records_service" })
            .Endpoint("api", Setup.EndpointPrefixOnB)
            .Backend("records_service", Backend.Url("/base"), Setup.BackendTimeoutSeconds)
            .Ingress("b_in", "records", BUrl(), Setup.IngressMode, enabled: Setup.IngressEnabled)
            .Mesh(Rotating(Keys.Verifier(Mesh, ingresses: Listed("b_in"), enabled: Setup.MeshEnabled), Setup.PreviousKeysOnB) with { JwtAudience = Setup.JwtAudienceOnB });
        if (Setup.StageOnB is { } stage)
        {
            b.Stage("records", stage, request: true, response: true);
        }

        if (Setup.PartnerMesh)
        {
            b.Ingress("b_partners", "records", $"{BOrigin}/partners", MeshMode.Mesh, enabled: Setup.PartnerIngressEnabled)
                .Mesh(PartnerKeys.Verifier(PartnerMeshName, ingresses: new[] { "b_partners" }));
        }

        GatewayDefinition a = new GatewayBuilder("clinic")
            .Network("lan", PortA)
            .Pipeline("outbound", "lan", new[] { "out_api" }, new[] { "hospital_gateway" })
            .Endpoint("out_api", "/out")
            .Backend("hospital_gateway", BUrl(), Setup.BackendTimeoutSeconds)
            .Ingress("a_in", "outbound", AUrl())
            .Egress("to_hospital", "outbound", "hospital_gateway", Setup.EgressMode, Setup.EgressEnabled)
            .RemoteIngress("b_in", BUrl())
            .Mesh(SigningWith(Rotating(Keys.Signer(Mesh, ingresses: Listed("a_in"), egresses: Listed("to_hospital"), remoteIngresses: Listed("b_in"), enabled: Setup.MeshEnabled), Setup.PreviousKeysOnA), Setup.PrivateKeyOnA) with { JwtAudience = Setup.JwtAudienceOnA })
            .Build();

        Upstream = new GatewayBuilder("upstream")
            .Mesh(Keys.Signer(Mesh, remoteIngresses: new[] { "a_in" }))
            .Build();

        portB.Release();
        B = await _servers.StartGatewayAsync(b.Build(), GatewayOptions.For(Setup.Clock, WithPrevious(Setup.PreviousKeysOnB, Keys, PartnerKeys))).ConfigureAwait(false);
        portA.Release();
        A = await _servers.StartGatewayAsync(a, GatewayOptions.For(Setup.Clock, WithPrevious(Setup.PreviousKeysOnA, Keys))).ConfigureAwait(false);
    }

    private static MeshDefinition SigningWith(MeshDefinition mesh, MeshKeys? keys) =>
        keys is null ? mesh : mesh with { PrivateKeyPath = ConfigValue.FromLiteral(keys.PrivateKeyPath!, $"mesh.{mesh.Name}.jwt_private_key_path (test)") };

    private static MeshDefinition Rotating(MeshDefinition mesh, MeshKeys? previous) => previous is null ? mesh : previous.AsPreviousOf(mesh);

    private static MeshKeys[] WithPrevious(MeshKeys? previous, params MeshKeys[] keys) => previous is null ? keys : keys.Append(previous).ToArray();

    /// <summary>A correct mesh token of "care" for <paramref name="audience"/>, minted as a member would (<see cref="MeshTokens.Issue"/>).</summary>
    public string IssueToken(string audience) =>
        MeshTokens.Issue(Upstream, Mesh, audience, GatewayOptions.For(Setup.Clock, Keys));

    /// <summary>The request the matrix sends: a POST with a query, custom headers and a binary body.</summary>
    public static HttpRequestMessage Post(string url, byte[] body, string? authorization = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/fhir+json");
        request.Headers.TryAddWithoutValidation("X-Custom-Header", "custom value 1");
        request.Headers.TryAddWithoutValidation("X-Request-Id", "req-42");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return request;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _servers.DisposeAsync().ConfigureAwait(false);
    }
}
