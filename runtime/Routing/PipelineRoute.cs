using System.Collections.Generic;
using HarmonyGen.Forwarding;
using HarmonyGen.Limits;
using HarmonyGen.Mesh;
using HarmonyGen.Middleware;
using HarmonyGen.Definitions;

namespace HarmonyGen.Routing;

/// <summary>
/// A pipeline as the request path needs it, built once at start-up: its backend (with any egress), its mesh
/// authentication, its concurrency gate and its middleware stages. A matched route leads to one of these.
/// </summary>
/// <param name="Gate">The <c>max_concurrent_requests</c> counter; null without a cap.</param>
internal sealed record PipelineRoute(string Name, BackendRoute? Backend, PipelineMeshAuth MeshAuth, ConcurrencyGate? Gate, PipelineStages Stages)
{
    public static PipelineRoute Create(GatewayDefinition definition, PipelineDefinition pipeline, IReadOnlyDictionary<string, MeshCredentials> meshes, PipelineStages stages) => new(
        pipeline.Name,
        BackendRoute.Create(definition, pipeline, meshes),
        PipelineMeshAuth.Create(definition, pipeline),
        pipeline.MaxConcurrentRequests is { } max ? new ConcurrencyGate(max, pipeline.Name) : null,
        stages);
}
