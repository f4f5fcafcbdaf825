using HarmonyGen.Diagnostics;

namespace HarmonyGen.Routing;

/// <summary>
/// What the match stage decided for one request: a route and its pipeline, the management API (with its sub-path),
/// or no route at all (<see cref="Rejection"/> is then the 404). A struct of references: matching allocates nothing.
/// </summary>
internal readonly struct RouteMatch
{
    private RouteMatch(RouteTarget? target, PipelineRoute? pipeline, string? managementPath, Rejection? rejection)
    {
        Target = target;
        Pipeline = pipeline;
        ManagementPath = managementPath;
        Rejection = rejection;
    }

    /// <summary>The route, when one matched (with <see cref="Pipeline"/>).</summary>
    public RouteTarget? Target { get; }

    public PipelineRoute? Pipeline { get; }

    /// <summary>The management API's sub-path (<c>/health/live</c>) when the request is one of its, on its network.</summary>
    public string? ManagementPath { get; }

    /// <summary>The 404 of a request that nothing of the gateway matches.</summary>
    public Rejection? Rejection { get; }

    public static RouteMatch NotFound { get; } = new(null, null, null, Rejection.NoRoute);

    public static RouteMatch Routed(RouteTarget target, PipelineRoute pipeline) => new(target, pipeline, null, null);

    public static RouteMatch Management(string subPath) => new(null, null, subPath, null);
}
