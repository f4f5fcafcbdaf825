namespace HarmonyGen.Generator.Spec;

// Stage 3's output: the validated gateway, shaped for emission. Names are resolved, references checked, the route
// table computed. It holds no TOML values, spans or line numbers: only what the generated code says, so that an
// edit that moves text without changing meaning leaves the spec, and the generated C#, equal.

/// <summary>Everything the emitter writes for one gateway root.</summary>
internal sealed record GatewaySpec
{
    public required string Namespace { get; init; }

    /// <summary>The C# name of the generated gateway type (<c>Gateways.Clinic</c>).</summary>
    public required string TypeName { get; init; }

    public required string ProxyId { get; init; }

    public required string ConfigFile { get; init; }

    public required EquatableArray<string> SourceFiles { get; init; }

    public required EquatableArray<NetworkSpec> Networks { get; init; }

    public required EquatableArray<PipelineSpec> Pipelines { get; init; }

    public required EquatableArray<EndpointSpec> Endpoints { get; init; }

    public required EquatableArray<BackendSpec> Backends { get; init; }

    public required EquatableArray<IngressSpec> Ingresses { get; init; }

    public required EquatableArray<EgressSpec> Egresses { get; init; }

    public required EquatableArray<RemoteIngressSpec> RemoteIngresses { get; init; }

    public required EquatableArray<MeshSpec> Meshes { get; init; }

    public required EquatableArray<ProviderSpec> Providers { get; init; }

    public required EquatableArray<IngressRouteSpec> IngressRoutes { get; init; }

    public required EquatableArray<EndpointRouteSpec> EndpointRoutes { get; init; }

    /// <summary>How many HG errors the configuration has: compiled in, so that the runtime refuses to start it.</summary>
    public int ErrorCount { get; init; }

    public ManagementSpec? Management { get; init; }

    public LimitsSpec? Limits { get; init; }

    /// <summary><c>[proxy] trusted_proxies</c>; empty believes the connection's peer only, as Harmony does.</summary>
    public EquatableArray<IpNetworkSpec> TrustedProxies { get; init; } = EquatableArray<IpNetworkSpec>.Empty;

    /// <summary>The middleware tables, then built-in types pipelines name without one. A pipeline's policies are emitted with it (Emit/PolicyEmitter.cs).</summary>
    public EquatableArray<MiddlewareSpec> Middleware { get; init; } = EquatableArray<MiddlewareSpec>.Empty;

    /// <summary>The JOLT spec files the transform middleware use, one compiled class each (Emit/TransformEmitter.cs).</summary>
    public EquatableArray<TransformSpec> Transforms { get; init; } = EquatableArray<TransformSpec>.Empty;
}

/// <summary>
/// The result of validating one root: a spec when the root can be emitted, and every diagnostic. The two leave the
/// generator by separate outputs, so that diagnostics moving (a line inserted above) never re-emit C#.
/// </summary>
/// <param name="Hops">This root's ends of mesh hops, for the contract between the project's roots; null without a spec.</param>
internal sealed record ValidatedGateway(GatewaySpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics, string ConfigPath = "", Validation.MeshHops? Hops = null);

/// <summary>Project-level settings the generator reads from MSBuild.</summary>
internal sealed record GeneratorOptions(string Namespace, string? ProjectDirectory);
