namespace HarmonyGen.Generator.Spec;

internal sealed record PipelineSpec
{
    public required string Name { get; init; }

    public required string MemberName { get; init; }

    public required string File { get; init; }

    public string? Description { get; init; }

    public required EquatableArray<string> Networks { get; init; }

    public required EquatableArray<string> Endpoints { get; init; }

    public required EquatableArray<string> Backends { get; init; }

    /// <summary>
    /// Every middleware the pipeline names, in Harmony's order: a plain list as written, or <c>left</c> then
    /// <c>right</c>. What the runtime's PipelineDefinition carries until it runs the two chains apart.
    /// </summary>
    public required EquatableArray<string> Middleware { get; init; }

    /// <summary>The request chain (Harmony's <c>left</c>), in the order it runs: a plain list as written, or <c>middleware.left</c>.</summary>
    public required EquatableArray<string> RequestMiddleware { get; init; }

    /// <summary>
    /// The response chain (Harmony's <c>right</c>), in the order it runs: <c>middleware.right</c> as written, or a plain
    /// list reversed, as Harmony runs it.
    /// </summary>
    public required EquatableArray<string> ResponseMiddleware { get; init; }

    /// <summary>A <c>mesh_auth</c> middleware makes every ingress of the pipeline behave as <c>mode = "mesh"</c>.</summary>
    public required bool RequiresMeshAuth { get; init; }

    /// <summary>
    /// False when the pipeline has endpoints but none of its networks has a listener: nothing can reach it (HG0508).
    /// Decided once by the validator; the emitter writes it for the analyzers.
    /// </summary>
    public required bool Listening { get; init; }

    public int? MaxConcurrentRequests { get; init; }
}

internal sealed record EndpointSpec
{
    public required string Name { get; init; }

    public required string MemberName { get; init; }

    public required string File { get; init; }

    public required EndpointService Service { get; init; }

    public string? PathPrefix { get; init; }
}

internal sealed record BackendSpec
{
    public required string Name { get; init; }

    public required string MemberName { get; init; }

    public required string File { get; init; }

    public required BackendService Service { get; init; }

    public string? BaseUrl { get; init; }

    public required int TimeoutSeconds { get; init; }
}
