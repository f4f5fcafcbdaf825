using System.Collections.Immutable;
using HarmonyGen.Spec;

namespace HarmonyGen.Routing;

/// <summary>
/// Where a request goes, decided once per request: the pipeline and endpoint, the prefix to strip, and the mesh
/// rules of the ingress it came through (none for an endpoint path route).
/// </summary>
/// <param name="Route">The pipeline as the request path needs it, found at start-up so a match looks nothing up by name; null when the matcher was built without them (tests, benchmarks).</param>
internal sealed record RouteTarget(
    string Pipeline,
    string Endpoint,
    string PathPrefix,
    string? Ingress,
    MeshMode Mode,
    ImmutableArray<string> Meshes,
    string? IngressOrigin,
    PipelineRoute? Route = null);
