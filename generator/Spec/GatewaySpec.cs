namespace HarmonyGen.Generator.Spec;

// Stage 3: the validated gateway, shaped for emission. Names are resolved, references checked, the route table
// computed. No TOML values or spans remain: only what the generated code says, plus "file:line" for its comments.

/// <summary>A string read literally or from an environment variable at start-up.</summary>
internal sealed record ConfigValueSpec(string? Literal, string? EnvironmentVariable, string TomlKey);

internal sealed record ListenerSpec(string BindAddress, int BindPort, ConfigValueSpec? CertPath, ConfigValueSpec? KeyPath);

internal sealed record NetworkSpec(string Name, string MemberName, string Source, ListenerSpec? Http, ListenerSpec? Http3);

internal sealed record PipelineSpec(
    string Name,
    string MemberName,
    string Source,
    string? Description,
    EquatableArray<string> Networks,
    EquatableArray<string> Endpoints,
    EquatableArray<string> Backends,
    EquatableArray<string> Middleware,
    bool RequiresMeshAuth,
    int? MaxConcurrentRequests = null);

internal sealed record EndpointSpec(string Name, string MemberName, string Source, string Service, string? PathPrefix);

internal sealed record BackendSpec(string Name, string MemberName, string Source, string Service, string? BaseUrl, int TimeoutSeconds);

internal sealed record IngressSpec(
    string Name,
    string MemberName,
    string Source,
    string Pipeline,
    string Endpoint,
    string Type,
    string Mode,
    string EffectiveMode,
    EquatableArray<string> Urls,
    bool Enabled,
    string? Description,
    EquatableArray<string> Meshes);

internal sealed record EgressSpec(
    string Name,
    string MemberName,
    string Source,
    string Pipeline,
    string Backend,
    string Type,
    string Mode,
    bool Enabled,
    string? Description,
    EquatableArray<string> Meshes);

internal sealed record RemoteIngressSpec(string Name, string MemberName, string Source, EquatableArray<string> Urls);

internal sealed record ProviderReferenceSpec(string Text, string Provider, string? Team, string? ResourceType, bool ByName, string Value);

internal sealed record MeshSpec(
    string Name,
    string MemberName,
    string Source,
    string MeshId,
    string Provider,
    string Type,
    string Algorithm,
    ConfigValueSpec? SharedSecret,
    ConfigValueSpec? PrivateKeyPath,
    ConfigValueSpec? PublicKeyPath,
    string? JwksUrl,
    EquatableArray<string> Ingresses,
    EquatableArray<string> RemoteIngresses,
    EquatableArray<string> Egresses,
    EquatableArray<ProviderReferenceSpec> ProviderReferences,
    bool Enabled,
    string? Description,
    ConfigValueSpec? PreviousSecret = null,
    ConfigValueSpec? PreviousPublicKeyPath = null);

internal sealed record ProviderSpec(string Name, string? Api, int PollIntervalSeconds);

internal sealed record IngressRouteSpec(string Scheme, string Host, int Port, string PathPrefix, string Ingress, string Pipeline, string Endpoint, string Mode, string Source);

internal sealed record EndpointRouteSpec(string PathPrefix, string Pipeline, string Endpoint, EquatableArray<string> Networks, string Source);

/// <summary><c>[management]</c>, validated: <see cref="BasePath"/> normalised to <c>/admin</c> (or <c>/</c>).</summary>
internal sealed record ManagementSpec(bool Enabled, string BasePath, string Network, string Source);

/// <summary><c>[proxy.content_limits]</c> and <c>[proxy] drain_timeout_secs</c>; null members keep the runtime's defaults.</summary>
internal sealed record LimitsSpec(long? MaxBodySize, int? MaxHeaderSize, int? DrainTimeoutSeconds)
{
    public bool IsEmpty => MaxBodySize is null && MaxHeaderSize is null && DrainTimeoutSeconds is null;
}

/// <summary>Everything the emitter writes for one gateway root.</summary>
internal sealed record GatewaySpec(
    string Namespace,
    string TypeName,
    string ProxyId,
    string ConfigFile,
    EquatableArray<string> SourceFiles,
    EquatableArray<NetworkSpec> Networks,
    EquatableArray<PipelineSpec> Pipelines,
    EquatableArray<EndpointSpec> Endpoints,
    EquatableArray<BackendSpec> Backends,
    EquatableArray<IngressSpec> Ingresses,
    EquatableArray<EgressSpec> Egresses,
    EquatableArray<RemoteIngressSpec> RemoteIngresses,
    EquatableArray<MeshSpec> Meshes,
    EquatableArray<ProviderSpec> Providers,
    EquatableArray<IngressRouteSpec> IngressRoutes,
    EquatableArray<EndpointRouteSpec> EndpointRoutes,
    int ErrorCount = 0,
    ManagementSpec? Management = null,
    LimitsSpec? Limits = null);

/// <summary>The result of validating one root: a spec when nothing is wrong enough to stop the build, and every diagnostic.</summary>
internal sealed record ValidatedGateway(GatewaySpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics, string ConfigPath = "");

/// <summary>Project-level settings the generator reads from MSBuild.</summary>
internal sealed record GeneratorOptions(string Namespace, string? ProjectDirectory);
