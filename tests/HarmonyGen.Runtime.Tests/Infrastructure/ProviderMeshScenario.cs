using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using HarmonyGen.Hosting;
using HarmonyGen.Definitions;

namespace HarmonyGen.Runtime.Tests.Infrastructure;

/// <summary>How a two-gateway runbeam mesh test is wired.</summary>
internal sealed record ProviderMeshSetup
{
    /// <summary>Mode of B's ingress.</summary>
    public MeshMode IngressMode { get; init; } = MeshMode.Mesh;

    /// <summary>
    /// How long a provider call may take on A (the one that fetches tokens). Generous by default: on a loaded machine a
    /// call to the stand-in can take a second, and a timed-out start-up fetch would turn a test about something else
    /// into a 503. Tests of a slow provider set it short.
    /// </summary>
    public TimeSpan ProviderTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a provider call may take on B (JWKS and references).</summary>
    public TimeSpan ProviderTimeoutOnB { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Runs on the stand-in before the gateways start (make it down, slow, set resolutions).</summary>
    public Action<StandInProvider>? BeforeStart { get; init; }

    /// <summary>When set, B's mesh lists its ingress only through this reference (not by name).</summary>
    public string? IngressReferenceOnB { get; init; }

    /// <summary>When set, A's mesh lists its egress only through this reference (not by name).</summary>
    public string? EgressReferenceOnA { get; init; }

    /// <summary>More references on B's mesh (another member's ingress, say).</summary>
    public string[] MoreReferencesOnB { get; init; } = Array.Empty<string>();

    public int PollIntervalSeconds { get; init; } = 30;

    /// <summary>Whether the meshes name the stand-in's JWKS as <c>jwks_url</c> (else the default under the API is used).</summary>
    public bool ExplicitJwksUrl { get; init; }
}

/// <summary>
/// The sample's two-gateway mesh with <c>provider = "runbeam"</c>, on free loopback ports, against a
/// <see cref="StandInProvider"/>: a client calls gateway A ("clinic") at <c>/out/...</c>; A's egress fetches a token
/// from the provider and forwards to gateway B ("hospital") at <c>/in/...</c>; B checks the token against the
/// provider's JWKS and forwards to the recording backend at <c>/base/...</c>. Mesh "care" has id "mesh-123". All
/// three share one <see cref="ManualClock"/>.
/// </summary>
internal sealed class ProviderMeshScenario : IAsyncDisposable
{
    public const string Mesh = "care";
    public const string MeshId = "mesh-123";
    public const string ClinicMachineToken = "mt-clinic-7d1e";
    public const string HospitalMachineToken = "mt-hospital-2b9c";

    private ServerSet _servers = null!;

    private ProviderMeshScenario(ProviderMeshSetup setup, ManualClock clock)
    {
        Setup = setup;
        Clock = clock;
    }

    public ProviderMeshSetup Setup { get; }

    public ManualClock Clock { get; }

    public StandInProvider Provider { get; private set; } = null!;

    public RecordingBackend Backend { get; private set; } = null!;

    public RunningGateway A { get; private set; } = null!;

    public RunningGateway B { get; private set; } = null!;

    public int PortA { get; private set; }

    public int PortB { get; private set; }

    public HttpClient Client { get; } = Http.CreateClient();

    public string AOrigin => $"http://127.0.0.1:{PortA}";

    public string BOrigin => $"http://127.0.0.1:{PortB}";

    public string AUrl(string rest = "") => $"{AOrigin}/out{rest}";

    public string BUrl(string rest = "") => $"{BOrigin}/in{rest}";

    public static async Task<ProviderMeshScenario> StartAsync(ProviderMeshSetup? setup = null)
    {
        setup ??= new ProviderMeshSetup();
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        (ServerSet _, ProviderMeshScenario scenario) = await ServerSet.StartAsync(async servers =>
        {
            var s = new ProviderMeshScenario(setup, clock) { _servers = servers };
            await s.StartServersAsync().ConfigureAwait(false);
            return s;
        }).ConfigureAwait(false);
        return scenario;
    }

    private async Task StartServersAsync()
    {
        Provider = _servers.Add(await StandInProvider.StartAsync(Clock).ConfigureAwait(false));
        Provider.MachineTokens[ClinicMachineToken] = "clinic";
        Provider.MachineTokens[HospitalMachineToken] = "hospital";
        Setup.BeforeStart?.Invoke(Provider);
        Backend = await _servers.StartBackendAsync().ConfigureAwait(false);
        using var portA = new PortReservation();
        using var portB = new PortReservation();
        PortA = portA.Port;
        PortB = portB.Port;
        string? jwks = Setup.ExplicitJwksUrl ? Provider.JwksUrl : null;

        string[] bReferences = (Setup.IngressReferenceOnB is { } i ? new[] { i } : Array.Empty<string>()).Concat(Setup.MoreReferencesOnB).ToArray();
        GatewayDefinition b = new GatewayBuilder("hospital")
            .Network("edge", PortB)
            .Pipeline("records", "edge", new[] { "api" }, new[] { "records_service" })
            .Endpoint("api")
            .Backend("records_service", Backend.Url("/base"))
            .Ingress("b_in", "records", BUrl(), Setup.IngressMode)
            .Provider("runbeam", Provider.Api, Setup.PollIntervalSeconds)
            .Mesh(Define(Mesh, MeshId, ingresses: Setup.IngressReferenceOnB is null ? new[] { "b_in" } : null, references: bReferences, jwksUrl: jwks))
            .Build();

        GatewayDefinition a = new GatewayBuilder("clinic")
            .Network("lan", PortA)
            .Pipeline("outbound", "lan", new[] { "out_api" }, new[] { "hospital_gateway" })
            .Endpoint("out_api", "/out")
            .Backend("hospital_gateway", BUrl())
            .Ingress("a_in", "outbound", AUrl())
            .Egress("to_hospital", "outbound", "hospital_gateway")
            .Provider("runbeam", Provider.Api, Setup.PollIntervalSeconds)
            .Mesh(Define(Mesh, MeshId, egresses: Setup.EgressReferenceOnA is null ? new[] { "to_hospital" } : null, references: Setup.EgressReferenceOnA is { } e ? new[] { e } : null, jwksUrl: jwks))
            .Build();

        portB.Release();
        // B verifies only, unless it resolves references: then it needs a machine token too.
        B = await _servers.StartGatewayAsync(b, Options(bReferences.Length > 0 ? HospitalMachineToken : null, Setup.ProviderTimeoutOnB)).ConfigureAwait(false);
        portA.Release();
        A = await _servers.StartGatewayAsync(a, Options(ClinicMachineToken, Setup.ProviderTimeout)).ConfigureAwait(false);
    }

    /// <summary>Gateway options on the shared clock, with the machine token in <c>HARMONY_PROVIDER_RUNBEAM_TOKEN</c>.</summary>
    public HarmonyGatewayOptions Options(string? machineToken, TimeSpan providerTimeout) =>
        ProviderOptions(Clock, providerTimeout, machineToken is null ? new() : new() { ["HARMONY_PROVIDER_RUNBEAM_TOKEN"] = machineToken });

    public static HarmonyGatewayOptions ProviderOptions(TimeProvider clock, TimeSpan providerTimeout, Dictionary<string, string> environment)
    {
        HarmonyGatewayOptions options = GatewayOptions.For(clock);
        options.Environment = name => environment.TryGetValue(name, out string? value) ? value : null;
        options.ProviderTimeout = providerTimeout;
        return options;
    }

    /// <summary>A token the provider would issue to a member for B's ingress.</summary>
    public string TokenForB(Action<System.Text.Json.Nodes.JsonObject>? change = null) => Provider.Issue(MeshId, BUrl("/Patient"), "upstream", change);

    /// <summary>A <c>provider = "runbeam"</c> mesh as the generator emits it: RS256, no key material.</summary>
    public static MeshDefinition Define(string name, string id, string[]? ingresses = null, string[]? egresses = null, string[]? references = null, string? jwksUrl = null, string[]? remoteIngresses = null) =>
        new(
            Name: name,
            MeshId: id,
            Provider: MeshProvider.Runbeam,
            Type: TransportType.Http,
            Algorithm: MeshAlgorithm.RS256,
            SharedSecret: null,
            PrivateKeyPath: null,
            PublicKeyPath: null,
            JwksUrl: jwksUrl,
            Ingresses: (ingresses ?? Array.Empty<string>()).ToImmutableArray(),
            RemoteIngresses: (remoteIngresses ?? Array.Empty<string>()).ToImmutableArray(),
            Egresses: (egresses ?? Array.Empty<string>()).ToImmutableArray(),
            ProviderReferences: (references ?? Array.Empty<string>()).Select(Reference).ToImmutableArray(),
            Enabled: true,
            Description: "test provider mesh");

    /// <summary>A provider reference as the generator binds it (docs/diagnostics.md, HG0402).</summary>
    public static ProviderReference Reference(string text)
    {
        string[] p = text.Split('.');
        return p.Length switch
        {
            3 => new ProviderReference(text, p[0], null, null, p[1] == "name", p[2]),
            4 => new ProviderReference(text, p[0], p[1], null, false, p[3]),
            5 => new ProviderReference(text, p[0], p[1], p[2], p[3] == "name", p[4]),
            _ => throw new ArgumentException($"'{text}' is not a provider reference", nameof(text)),
        };
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _servers.DisposeAsync().ConfigureAwait(false);
    }
}
