using System.Collections.Immutable;
using HarmonyGen.Definitions;

namespace HarmonyGen.Routing;

/// <summary>
/// Where a request goes, decided once per request: the pipeline and endpoint, the prefix to strip, and the mesh
/// rules of the ingress it came through (none for an endpoint path route).
/// </summary>
internal sealed record RouteTarget(
    string Pipeline,
    string Endpoint,
    string PathPrefix,
    string? Ingress,
    MeshMode Mode,
    ImmutableArray<string> Meshes,
    string? IngressOrigin);
