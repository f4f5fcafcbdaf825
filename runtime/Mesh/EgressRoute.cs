using System.Collections.Generic;
using System.Linq;
using HarmonyGen.Routing;
using HarmonyGen.Definitions;

namespace HarmonyGen.Mesh;

/// <summary>
/// The egress that covers a pipeline's backend, decided at start-up: its definition, the mesh whose token it adds
/// (null when no enabled mesh lists it) and the audience of that token, the backend's origin.
/// </summary>
internal sealed record EgressRoute(EgressDefinition Definition, MeshCredentials? Mesh, string Audience)
{
    /// <summary>The enabled egress of <paramref name="pipeline"/> to <paramref name="backend"/>, or null when there is none.</summary>
    public static EgressRoute? Create(GatewayDefinition definition, PipelineDefinition pipeline, BackendDefinition backend, IReadOnlyDictionary<string, MeshCredentials> meshes)
    {
        EgressDefinition? covering = definition.Egresses.FirstOrDefault(e => e.Enabled && e.Pipeline == pipeline.Name && e.Backend == backend.Name && !e.Meshes.IsDefaultOrEmpty);
        if (covering is not null && meshes.TryGetValue(covering.Meshes[0], out MeshCredentials? credentials) && backend.BaseUrl is not null)
        {
            return new EgressRoute(covering, credentials, Origin.Of(backend.BaseUrl));
        }

        if (definition.Egresses.FirstOrDefault(e => e.Enabled && e.Pipeline == pipeline.Name && e.Backend == backend.Name) is { } uncovered)
        {
            // mode = "mesh" fails closed, as it does on an ingress: an egress that no enabled mesh lists (or whose
            // only mesh is disabled) still refuses requests without mesh context. A resolved provider reference may
            // still put it in a mesh at run time, which then adds the token.
            return new EgressRoute(uncovered, null, backend.BaseUrl is null ? string.Empty : Origin.Of(backend.BaseUrl));
        }

        return null;
    }
}
