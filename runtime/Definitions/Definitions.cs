using System.Collections.Immutable;

namespace HarmonyGen.Definitions;

/// <summary>A Kestrel listener (<c>[network.N.http]</c> or <c>[network.N.http3]</c>).</summary>
public sealed record ListenerDefinition(string BindAddress, int BindPort, ConfigValue? CertPath = null, ConfigValue? KeyPath = null);

/// <summary>A named network: the listeners its pipelines are served on.</summary>
public sealed record NetworkDefinition(string Name, ListenerDefinition? Http, ListenerDefinition? Http3);

/// <summary>A pipeline: endpoints in, backends out, on some networks.</summary>
/// <param name="MaxConcurrentRequests">
/// <c>max_concurrent_requests</c>: once this many requests of the pipeline are in flight, the next is answered 503 with
/// <c>Retry-After</c> and never reaches the backend. Null: no cap.
/// </param>
/// <param name="RequiresMeshAuth">True when a <c>mesh_auth</c> middleware makes every ingress of the pipeline behave as <c>mode = "mesh"</c>.</param>
public sealed record PipelineDefinition(
    string Name,
    string? Description,
    ImmutableArray<string> Networks,
    ImmutableArray<string> Endpoints,
    ImmutableArray<string> Backends,
    ImmutableArray<string> Middleware,
    bool RequiresMeshAuth,
    int? MaxConcurrentRequests = null)
{
    /// <summary>
    /// The middleware that run on the request chain (Harmony's <c>left</c>), in the order they run; only those with a
    /// run-time stage (<c>passthru</c> has none, <c>mesh_auth</c> is ingress authentication). Empty for most pipelines.
    /// </summary>
    public ImmutableArray<MiddlewareDefinition> RequestStages { get; init; } = ImmutableArray<MiddlewareDefinition>.Empty;

    /// <summary>The middleware that run on the response chain (Harmony's <c>right</c>), in the order they run.</summary>
    public ImmutableArray<MiddlewareDefinition> ResponseStages { get; init; } = ImmutableArray<MiddlewareDefinition>.Empty;
}

/// <summary>
/// A middleware a pipeline's chain runs at run time: one derived record per type HarmonyGen runs
/// (<see cref="PoliciesMiddlewareDefinition"/>, ...). The same middleware named on both chains appears on both.
/// </summary>
/// <param name="Name">The middleware's name in the TOML (<c>[middleware.NAME]</c>, or the built-in's name).</param>
public abstract record MiddlewareDefinition(string Name);

/// <summary>An endpoint: what a pipeline serves, with an optional path prefix for path routing.</summary>
public sealed record EndpointDefinition(string Name, EndpointService Service, string? PathPrefix);

/// <summary>A backend: where a pipeline forwards to. <c>target_ref</c> is resolved into <see cref="BaseUrl"/> at compile time.</summary>
public sealed record BackendDefinition(string Name, BackendService Service, string? BaseUrl, int TimeoutSeconds);

/// <summary>A mesh ingress: URLs that route into a pipeline's endpoint.</summary>
/// <param name="Meshes">The enabled meshes that list this ingress.</param>
/// <param name="EffectiveMode"><see cref="Mode"/>, raised to <see cref="MeshMode.Mesh"/> by a <c>mesh_auth</c> middleware.</param>
public sealed record IngressDefinition(
    string Name,
    string Pipeline,
    string Endpoint,
    TransportType Type,
    MeshMode Mode,
    MeshMode EffectiveMode,
    ImmutableArray<string> Urls,
    bool Enabled,
    string? Description,
    ImmutableArray<string> Meshes);

/// <summary>A mesh egress: a pipeline backend whose outgoing requests carry a mesh token.</summary>
/// <param name="Meshes">The enabled meshes that list this egress (at most one).</param>
public sealed record EgressDefinition(
    string Name,
    string Pipeline,
    string Backend,
    TransportType Type,
    MeshMode Mode,
    bool Enabled,
    string? Description,
    ImmutableArray<string> Meshes);

/// <summary>Another member's ingress (<c>[remote_ingress.R]</c>), listed by a mesh so that egress traffic to it is recognised.</summary>
public sealed record RemoteIngressDefinition(string Name, ImmutableArray<string> Urls);

/// <summary>A reference to a resource held by a provider (<c>runbeam.name.X</c> and the longer forms), resolved at run time.</summary>
/// <param name="Text">The reference as written.</param>
/// <param name="Team">The team segment, when the reference names one.</param>
/// <param name="ResourceType">The resource type segment (ingress, egress, ...), when the reference names one.</param>
/// <param name="ByName">True for <c>name</c> references, false for <c>id</c> references.</param>
public sealed record ProviderReference(string Text, string Provider, string? Team, string? ResourceType, bool ByName, string Value);

/// <summary>A mesh: members that authenticate to each other with JWTs.</summary>
/// <param name="MeshId">The <c>mesh_id</c> claim: <c>id</c> when set, else the mesh name.</param>
/// <param name="Algorithm">HS256 for a shared secret, RS256 for a key pair or a provider.</param>
/// <param name="PrivateKeyPath">Path of the PEM signing key, read at start-up; the key's bytes are never compiled in.</param>
/// <param name="PreviousSecret">HS256 only: the secret being rotated out, still accepted when verifying, never used to sign.</param>
/// <param name="PreviousPublicKeyPath">RS256 only: the public key being rotated out, still accepted when verifying.</param>
/// <param name="JwtAudience">
/// <c>jwt_audience</c> (a HarmonyGen extension, for meshes of HarmonyGen members only): tokens this member signs also
/// carry <c>aud</c>, and its ingresses refuse a token of this mesh without one. Off by default, because Harmony's token
/// library refuses every token that carries <c>aud</c>.
/// </param>
/// <param name="CallerHeader"><c>caller_header</c>: the request header that tells a backend the validated token's <c>sub</c>.</param>
/// <param name="CallerMeshHeader"><c>caller_mesh_header</c>: the request header that tells a backend the validated token's mesh.</param>
public sealed record MeshDefinition(
    string Name,
    string MeshId,
    MeshProvider Provider,
    TransportType Type,
    MeshAlgorithm Algorithm,
    ConfigValue? SharedSecret,
    ConfigValue? PrivateKeyPath,
    ConfigValue? PublicKeyPath,
    string? JwksUrl,
    ImmutableArray<string> Ingresses,
    ImmutableArray<string> RemoteIngresses,
    ImmutableArray<string> Egresses,
    ImmutableArray<ProviderReference> ProviderReferences,
    bool Enabled,
    string? Description,
    ConfigValue? PreviousSecret = null,
    ConfigValue? PreviousPublicKeyPath = null,
    bool JwtAudience = false,
    string CallerHeader = MeshDefinition.DefaultCallerHeader,
    string CallerMeshHeader = MeshDefinition.DefaultCallerMeshHeader)
{
    /// <summary>The default of <see cref="CallerHeader"/>.</summary>
    public const string DefaultCallerHeader = "X-Harmony-Mesh-Caller";

    /// <summary>The default of <see cref="CallerMeshHeader"/>.</summary>
    public const string DefaultCallerMeshHeader = "X-Harmony-Mesh";
}

/// <summary>A configured provider (<c>[provider.N]</c>, or the legacy <c>[runbeam]</c>).</summary>
public sealed record ProviderDefinition(string Name, string? Api, int PollIntervalSeconds);

/// <summary>
/// One entry of the ingress route table: an enabled ingress URL, normalised. The table is ordered so that the
/// first entry that matches a request is the right one (longest path prefix first).
/// </summary>
/// <param name="Scheme">Lower-case <c>http</c> or <c>https</c>.</param>
/// <param name="Host">Lower-case host name or address.</param>
/// <param name="Port">The URL's port, or the scheme's default when the URL names none.</param>
/// <param name="PathPrefix">Segment-boundary prefix without a trailing slash; <c>/</c> matches every path.</param>
public sealed record IngressRoute(string Scheme, string Host, int Port, string PathPrefix, string Ingress, string Pipeline, string Endpoint, MeshMode Mode);

/// <summary>A path route from an endpoint's <c>path_prefix</c>, used when no ingress matches; ordered longest first.</summary>
public sealed record EndpointRoute(string PathPrefix, string Pipeline, string Endpoint, ImmutableArray<string> Networks);

/// <summary>
/// <c>[management]</c>: the read-only management API (health, route table, pipelines, meshes), served under
/// <see cref="BasePath"/> only on connections of <see cref="Network"/>.
/// </summary>
/// <param name="BasePath">Normalised: a leading <c>/</c>, no trailing one (<c>/admin</c>); <c>/</c> for the root.</param>
public sealed record ManagementDefinition(bool Enabled, string BasePath, string Network);

/// <summary><c>[proxy.content_limits]</c> and <c>[proxy] drain_timeout_secs</c>. A null member keeps the runtime's default.</summary>
/// <param name="MaxBodySize">Largest request body in bytes (<c>max_body_size</c>); larger is answered 413.</param>
/// <param name="MaxHeaderSize">Largest total of request header bytes (<c>max_header_size</c>); larger is answered 431.</param>
/// <param name="DrainTimeoutSeconds">How long requests in flight may finish after a stop signal (<c>drain_timeout_secs</c>).</param>
public sealed record LimitsDefinition(long? MaxBodySize = null, int? MaxHeaderSize = null, int? DrainTimeoutSeconds = null);

/// <summary>Everything the runtime needs to serve one gateway root, generated from its TOML at compile time.</summary>
/// <param name="ConfigurationErrors">
/// How many HG errors the configuration had. Such a gateway is generated (so that C# using it still binds) but the
/// build fails; should someone silence the errors, the runtime still refuses to start it.
/// </param>
/// <param name="TrustedProxies">
/// <c>[proxy] trusted_proxies</c>: the peers whose <c>X-Forwarded-For</c> names the client (<c>Hosting.TrustedProxies</c>);
/// empty (the default, and Harmony's behaviour) believes the connection's peer only.
/// </param>
/// <param name="MeshGraph">
/// The gateway's networks, pipelines, backends, ingresses, egresses and meshes as a Mermaid <c>flowchart</c>, generated
/// from the same validated configuration (no key material); <see langword="null"/> for a hand-built definition.
/// </param>
public sealed record GatewayDefinition(
    string ProxyId,
    ImmutableArray<NetworkDefinition> Networks,
    ImmutableArray<PipelineDefinition> Pipelines,
    ImmutableArray<EndpointDefinition> Endpoints,
    ImmutableArray<BackendDefinition> Backends,
    ImmutableArray<IngressDefinition> Ingresses,
    ImmutableArray<EgressDefinition> Egresses,
    ImmutableArray<RemoteIngressDefinition> RemoteIngresses,
    ImmutableArray<MeshDefinition> Meshes,
    ImmutableArray<ProviderDefinition> Providers,
    ImmutableArray<IngressRoute> IngressRoutes,
    ImmutableArray<EndpointRoute> EndpointRoutes,
    int ConfigurationErrors = 0,
    ManagementDefinition? Management = null,
    LimitsDefinition? Limits = null,
    string? MeshGraph = null,
    ImmutableArray<IpNetworkDefinition> TrustedProxies = default);

/// <summary>Implemented by each generated gateway type (<c>Gateways.Clinic</c>).</summary>
public interface IHarmonyGateway
{
    /// <summary>The gateway's validated configuration.</summary>
    static abstract GatewayDefinition Definition { get; }
}
