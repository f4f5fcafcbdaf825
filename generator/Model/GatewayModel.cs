using HarmonyGen.Generator.Parsing;

namespace HarmonyGen.Generator.Model;

// Stage 2: the configuration as typed, value-equatable records. Every value keeps its TomlValue (text and span)
// so that the validator can point at it; nothing here refers to Roslyn symbols, syntax or compilations.

internal sealed record LocatedInt(int Value, LocationInfo Location);

internal sealed record LocatedBool(bool Value, LocationInfo Location);

internal sealed record ProxyModel(
    string? Id,
    TomlValue? IdValue,
    TomlValue? PipelinesPath,
    TomlValue? MeshPath,
    TomlValue? PrimaryProvider,
    LocationInfo Location,
    LocatedInt? DrainTimeoutSeconds = null,
    ContentLimitsModel? ContentLimits = null);

/// <summary><c>[proxy.content_limits]</c>: sizes are an integer (bytes) or a string such as <c>"10MB"</c>, parsed by the validator.</summary>
internal sealed record ContentLimitsModel(LocationInfo Location, TomlValue? MaxBodySize, TomlValue? MaxHeaderSize);

/// <summary><c>[management]</c>: Harmony's management API table.</summary>
internal sealed record ManagementModel(LocationInfo Location, LocatedBool? Enabled, TomlValue? BasePath, TomlValue? Network);

internal sealed record ListenerModel(TomlValue? BindAddress, LocatedInt? BindPort, TomlValue? CertPath, TomlValue? KeyPath, LocationInfo Location);

internal sealed record NetworkModel(string Name, LocationInfo Location, ListenerModel? Http, ListenerModel? Http3);

internal sealed record PipelineModel(
    string Name,
    LocationInfo Location,
    string? Description,
    EquatableArray<TomlValue> Networks,
    EquatableArray<TomlValue> Endpoints,
    EquatableArray<TomlValue> Backends,
    EquatableArray<TomlValue> Middleware,
    LocatedInt? MaxConcurrentRequests = null);

internal sealed record EndpointModel(string Name, LocationInfo Location, TomlValue? Service, TomlValue? PathPrefix);

internal sealed record BackendModel(string Name, LocationInfo Location, TomlValue? Service, TomlValue? BaseUrl, TomlValue? TargetRef, LocatedInt? TimeoutSeconds);

internal sealed record TargetModel(string Name, LocationInfo Location, TomlValue? Host, LocatedInt? Port, TomlValue? Protocol, TomlValue? BasePath, LocatedInt? TimeoutSeconds);

/// <summary>An ingress or egress, nested under a pipeline or top-level with <c>pipeline = "P"</c>.</summary>
internal sealed record MeshPointModel(
    string Name,
    LocationInfo Location,
    bool IsIngress,
    string? Pipeline,
    TomlValue? PipelineValue,
    TomlValue? Type,
    TomlValue? Mode,
    TomlValue? Target,
    EquatableArray<TomlValue> Urls,
    string? Description,
    bool Enabled);

internal sealed record RemoteIngressModel(string Name, LocationInfo Location, EquatableArray<TomlValue> Urls);

internal sealed record MeshModel(
    string Name,
    LocationInfo Location,
    TomlValue? Type,
    TomlValue? Provider,
    TomlValue? JwtSecret,
    TomlValue? PrivateKeyPath,
    TomlValue? PublicKeyPath,
    TomlValue? PreviousSecret,
    TomlValue? PreviousPublicKeyPath,
    TomlValue? Id,
    TomlValue? JwksUrl,
    EquatableArray<TomlValue> Ingress,
    EquatableArray<TomlValue> Egress,
    string? Description,
    bool Enabled);

/// <param name="ApiKey">The key that holds the API address: <c>api</c>, or <c>cloud_api_base_url</c> in the legacy <c>[runbeam]</c>.</param>
internal sealed record ProviderModel(string Name, LocationInfo Location, TomlValue? Api, LocatedInt? PollIntervalSeconds, string ApiKey = "api");

internal sealed record MiddlewareModel(string Name, LocationInfo Location, TomlValue? Type, EquatableArray<TomlValue> Policies);

internal sealed record PolicyModel(string Name, LocationInfo Location, EquatableArray<TomlValue> Rules, bool Enabled);

internal sealed record RuleModel(string Name, LocationInfo Location, TomlValue? Type, bool Enabled);

/// <summary>One gateway root and every table found in its files.</summary>
internal sealed record GatewayModel(
    string ConfigPath,
    ProxyModel Proxy,
    EquatableArray<NetworkModel> Networks,
    EquatableArray<PipelineModel> Pipelines,
    EquatableArray<EndpointModel> Endpoints,
    EquatableArray<BackendModel> Backends,
    EquatableArray<TargetModel> Targets,
    EquatableArray<MeshPointModel> MeshPoints,
    EquatableArray<RemoteIngressModel> RemoteIngresses,
    EquatableArray<MeshModel> Meshes,
    EquatableArray<ProviderModel> Providers,
    EquatableArray<MiddlewareModel> Middleware,
    EquatableArray<PolicyModel> Policies,
    EquatableArray<RuleModel> Rules,
    EquatableArray<string> SourceFiles,
    ManagementModel? Management = null);

/// <summary>The result of binding one root: the model (absent when the root is unusable) and what binding found wrong.</summary>
/// <param name="TypeName">The C# name of the generated gateway type (<c>Gateways.Clinic</c>).</param>
/// <param name="IsDuplicate">True when another root already generates this type name: validated, never emitted.</param>
internal sealed record BoundGateway(GatewayModel? Model, EquatableArray<DiagnosticInfo> Diagnostics, string ConfigPath, string TypeName, bool IsDuplicate = false);
