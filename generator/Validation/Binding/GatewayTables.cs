using HarmonyGen.Generator.Parsing;

namespace HarmonyGen.Generator.Validation;

// The first step of validation: the merged tree read into typed tables, each value type-checked, every value
// keeping its TomlValue (text and span) so that the rules can point at it. Built inside the Validate step and
// thrown away with it; nothing here refers to Roslyn symbols, syntax or compilations.

internal sealed record LocatedInt(int Value, LocationInfo Location);

internal sealed record LocatedLong(long Value, LocationInfo Location);

internal sealed record LocatedBool(bool Value, LocationInfo Location);

internal sealed record ProxyTable
{
    public string? Id { get; init; }

    public TomlValue? IdValue { get; init; }

    public TomlValue? PipelinesPath { get; init; }

    public TomlValue? MeshPath { get; init; }

    public TomlValue? PrimaryProvider { get; init; }

    /// <summary>Harmony's folder of transform specs (default <c>transforms</c>), relative to config.toml: where <c>spec_path</c> is looked up.</summary>
    public TomlValue? TransformsPath { get; init; }

    public required LocationInfo Location { get; init; }

    public LocatedInt? DrainTimeoutSeconds { get; init; }

    public ContentLimitsTable? ContentLimits { get; init; }

    /// <summary><c>trusted_proxies</c> (HarmonyGen extension): the peers whose X-Forwarded-For names the client.</summary>
    public EquatableArray<TomlValue> TrustedProxies { get; init; } = EquatableArray<TomlValue>.Empty;

    /// <summary>Regexes of field names whose values Harmony's log_dump (and webhook) redact, ignoring case.</summary>
    public EquatableArray<TomlValue> SensitiveFieldPatterns { get; init; } = EquatableArray<TomlValue>.Empty;
}

/// <summary><c>[proxy.content_limits]</c>: sizes are an integer (bytes) or a string such as <c>"10MB"</c>, parsed by the validator.</summary>
internal sealed record ContentLimitsTable(LocationInfo Location, TomlValue? MaxBodySize, TomlValue? MaxHeaderSize);

/// <summary><c>[management]</c>: Harmony's management API table.</summary>
internal sealed record ManagementTable(LocationInfo Location, LocatedBool? Enabled, TomlValue? BasePath, TomlValue? Network);

internal sealed record ListenerTable
{
    public TomlValue? BindAddress { get; init; }

    public LocatedInt? BindPort { get; init; }

    public TomlValue? CertPath { get; init; }

    public TomlValue? KeyPath { get; init; }

    public required LocationInfo Location { get; init; }
}

internal sealed record NetworkTable(string Name, LocationInfo Location, ListenerTable? Http, ListenerTable? Http3);

internal sealed record PipelineTable
{
    public required string Name { get; init; }

    public required LocationInfo Location { get; init; }

    public string? Description { get; init; }

    public required EquatableArray<TomlValue> Networks { get; init; }

    public required EquatableArray<TomlValue> Endpoints { get; init; }

    public required EquatableArray<TomlValue> Backends { get; init; }

    public required MiddlewareChainTable Middleware { get; init; }

    public LocatedInt? MaxConcurrentRequests { get; init; }
}

internal sealed record EndpointTable(string Name, LocationInfo Location, TomlValue? Service, TomlValue? PathPrefix);

internal sealed record BackendTable
{
    public required string Name { get; init; }

    public required LocationInfo Location { get; init; }

    public TomlValue? Service { get; init; }

    public TomlValue? BaseUrl { get; init; }

    public TomlValue? TargetRef { get; init; }

    public LocatedInt? TimeoutSeconds { get; init; }
}

internal sealed record TargetTable
{
    public required string Name { get; init; }

    public required LocationInfo Location { get; init; }

    public TomlValue? Host { get; init; }

    public LocatedInt? Port { get; init; }

    public TomlValue? Protocol { get; init; }

    public TomlValue? BasePath { get; init; }

    public LocatedInt? TimeoutSeconds { get; init; }

    /// <summary>True for <c>protocol = "http3"</c> (or Harmony's <c>"h3"</c>): HTTPS, preferring HTTP/3.</summary>
    public bool Http3 => Protocol?.Text is "http3" or "h3";
}

/// <summary>An ingress or egress, nested under a pipeline or top-level with <c>pipeline = "P"</c>.</summary>
internal sealed record MeshPointTable
{
    public required string Name { get; init; }

    public required LocationInfo Location { get; init; }

    public required bool IsIngress { get; init; }

    /// <summary>The pipeline it belongs to: the one it is nested under, or the one <c>pipeline = "P"</c> names.</summary>
    public string? Pipeline { get; init; }

    /// <summary>The <c>pipeline</c> key of a top-level ingress or egress.</summary>
    public TomlValue? PipelineValue { get; init; }

    public TomlValue? Type { get; init; }

    public TomlValue? Mode { get; init; }

    /// <summary>An ingress's <c>endpoint</c> or an egress's <c>backend</c>.</summary>
    public TomlValue? Target { get; init; }

    public required EquatableArray<TomlValue> Urls { get; init; }

    public string? Description { get; init; }

    public required bool Enabled { get; init; }
}

internal sealed record RemoteIngressTable(string Name, LocationInfo Location, EquatableArray<TomlValue> Urls);

internal sealed record MeshTable
{
    public required string Name { get; init; }

    public required LocationInfo Location { get; init; }

    public TomlValue? Type { get; init; }

    public TomlValue? Provider { get; init; }

    public TomlValue? JwtSecret { get; init; }

    public TomlValue? PrivateKeyPath { get; init; }

    public TomlValue? PublicKeyPath { get; init; }

    public TomlValue? PreviousSecret { get; init; }

    public TomlValue? PreviousPublicKeyPath { get; init; }

    /// <summary><c>jwt_audience</c> (HarmonyGen extension): signers add <c>aud</c>, verifiers require it.</summary>
    public LocatedBool? JwtAudience { get; init; }

    /// <summary><c>caller_header</c> (HarmonyGen extension): the header a backend finds the caller's <c>sub</c> in.</summary>
    public TomlValue? CallerHeader { get; init; }

    /// <summary><c>caller_mesh_header</c> (HarmonyGen extension): the header a backend finds the caller's mesh in.</summary>
    public TomlValue? CallerMeshHeader { get; init; }

    public TomlValue? Id { get; init; }

    public TomlValue? JwksUrl { get; init; }

    public required EquatableArray<TomlValue> Ingress { get; init; }

    public required EquatableArray<TomlValue> Egress { get; init; }

    public string? Description { get; init; }

    public required bool Enabled { get; init; }
}

/// <param name="ApiKey">The key that holds the API address: <c>api</c>, or <c>cloud_api_base_url</c> in the legacy <c>[runbeam]</c>.</param>
internal sealed record ProviderTable(string Name, LocationInfo Location, TomlValue? Api, LocatedInt? PollIntervalSeconds, string ApiKey = "api");

/// <summary>One gateway root's tables, from every file of the root.</summary>
internal sealed record GatewayTables
{
    public required string ConfigPath { get; init; }

    public required ProxyTable Proxy { get; init; }

    public required EquatableArray<NetworkTable> Networks { get; init; }

    public required EquatableArray<PipelineTable> Pipelines { get; init; }

    public required EquatableArray<EndpointTable> Endpoints { get; init; }

    public required EquatableArray<BackendTable> Backends { get; init; }

    public required EquatableArray<TargetTable> Targets { get; init; }

    public required EquatableArray<MeshPointTable> MeshPoints { get; init; }

    public required EquatableArray<RemoteIngressTable> RemoteIngresses { get; init; }

    public required EquatableArray<MeshTable> Meshes { get; init; }

    public required EquatableArray<ProviderTable> Providers { get; init; }

    public required EquatableArray<MiddlewareTable> Middleware { get; init; }

    public required EquatableArray<PolicyTable> Policies { get; init; }

    public required EquatableArray<RuleTable> Rules { get; init; }

    public required EquatableArray<string> SourceFiles { get; init; }

    public ManagementTable? Management { get; init; }
}
