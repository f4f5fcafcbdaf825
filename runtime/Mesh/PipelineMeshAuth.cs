using System;
using System.Collections.Immutable;
using System.Linq;
using HarmonyGen.Routing;
using HarmonyGen.Definitions;

namespace HarmonyGen.Mesh;

/// <summary>
/// What ingress authentication knows of one pipeline, decided at start-up: whether a request that reaches it by an
/// endpoint path route (no ingress) still needs a mesh token, which meshes may sign that token, and the only origins
/// such a request's <c>Host</c> may name as the token's expected <c>aud</c>.
/// </summary>
/// <param name="Required">
/// True for a <c>mesh_auth</c> middleware, and for a pipeline with a mesh-mode ingress: a request that misses the
/// ingress (another <c>Host</c> header, say) and falls back to a path route must not reach the backend around it.
/// </param>
/// <param name="Meshes">The meshes of the pipeline's enabled ingresses.</param>
/// <param name="IngressOrigins">The origins of the pipeline's ingress URLs.</param>
internal sealed record PipelineMeshAuth(bool Required, ImmutableArray<string> Meshes, ImmutableArray<string> IngressOrigins)
{
    public static PipelineMeshAuth Create(GatewayDefinition definition, PipelineDefinition pipeline) => new(
        pipeline.RequiresMeshAuth
            || definition.Ingresses.Any(i => i.Enabled && i.Pipeline == pipeline.Name && i.EffectiveMode == MeshMode.Mesh),
        definition.Ingresses
            .Where(i => i.Enabled && i.Pipeline == pipeline.Name)
            .SelectMany(i => i.Meshes)
            .Distinct(StringComparer.Ordinal)
            .ToImmutableArray(),
        definition.IngressRoutes
            .Where(r => r.Pipeline == pipeline.Name)
            .Select(r => Origin.Of(r.Scheme, r.Host, r.Port))
            .Distinct(StringComparer.Ordinal)
            .ToImmutableArray());
}
