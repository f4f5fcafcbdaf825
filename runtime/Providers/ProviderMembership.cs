using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using HarmonyGen.Definitions;

namespace HarmonyGen.Providers;

/// <summary>
/// What resolved provider references add to the compiled mesh membership, as one immutable snapshot that the
/// request path reads without locks and the resolver replaces after each poll. A reference that resolves to an
/// ingress or egress of this gateway makes its mesh apply to it exactly as if the mesh listed it by name; one that
/// resolves to another member's ingress adds that ingress's URLs to the mesh's remote ingresses.
/// </summary>
internal sealed class ProviderMembership
{
    public static readonly ProviderMembership Empty = new(
        new Dictionary<string, ImmutableArray<string>>(),
        new Dictionary<string, ImmutableArray<string>>(),
        new Dictionary<string, string>(),
        new Dictionary<string, ImmutableArray<string>>(),
        egressPending: false);

    private readonly Dictionary<string, ImmutableArray<string>> _ingressMeshes;
    private readonly Dictionary<string, ImmutableArray<string>> _pipelineMeshes;
    private readonly Dictionary<string, string> _egressMesh;

    private ProviderMembership(
        Dictionary<string, ImmutableArray<string>> ingressMeshes,
        Dictionary<string, ImmutableArray<string>> pipelineMeshes,
        Dictionary<string, string> egressMesh,
        Dictionary<string, ImmutableArray<string>> remoteIngressUrls,
        bool egressPending)
    {
        _ingressMeshes = ingressMeshes;
        _pipelineMeshes = pipelineMeshes;
        _egressMesh = egressMesh;
        RemoteIngressUrls = remoteIngressUrls;
        EgressPending = egressPending;
    }

    /// <summary>The URLs of other members' ingresses that each mesh's references resolved to, by mesh name.</summary>
    public IReadOnlyDictionary<string, ImmutableArray<string>> RemoteIngressUrls { get; }

    /// <summary>
    /// True while a reference that may name an egress of this gateway has never been resolved. Until it is, an egress
    /// that no mesh covers might be one it names, so requests through such an egress are refused (503) rather than
    /// sent without the token they may need.
    /// </summary>
    public bool EgressPending { get; }

    /// <summary>The meshes an ingress belongs to: <paramref name="compiled"/>, plus those a resolved reference adds.</summary>
    public ImmutableArray<string> MeshesOfIngress(string? ingress, ImmutableArray<string> compiled) =>
        ingress is not null && _ingressMeshes.TryGetValue(ingress, out ImmutableArray<string> all) ? all : compiled;

    /// <summary>The meshes of a pipeline's ingresses (for its mesh-guarded path routes), references included.</summary>
    public ImmutableArray<string> MeshesOfPipeline(string pipeline, ImmutableArray<string> compiled) =>
        _pipelineMeshes.TryGetValue(pipeline, out ImmutableArray<string> all) ? all : compiled;

    /// <summary>The mesh a resolved reference puts an egress in, when the compiled configuration puts it in none.</summary>
    public string? MeshOfEgress(string egress) => _egressMesh.TryGetValue(egress, out string? mesh) ? mesh : null;

    /// <summary>The snapshot for the references' current resolutions.</summary>
    /// <param name="resolutions">Every reference of an enabled mesh, with its resolution; null when never resolved.</param>
    public static ProviderMembership Build(GatewayDefinition definition, IEnumerable<(MeshDefinition Mesh, ProviderReference Reference, Resolution? Resolution)> resolutions)
    {
        var addedIngress = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var egressMesh = new Dictionary<string, string>(StringComparer.Ordinal);
        var remote = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        bool egressPending = false;
        foreach ((MeshDefinition mesh, ProviderReference reference, Resolution? resolution) in resolutions)
        {
            if (resolution is null)
            {
                egressPending |= reference.ResourceType is null or "egress";
                continue;
            }

            if (resolution.Resource is not { } resource)
            {
                continue; // the provider says it no longer exists
            }

            bool ours = resource.ProxyId == definition.ProxyId;
            if (ours && resource.Type == "ingress")
            {
                IngressDefinition? ingress = definition.Ingresses.FirstOrDefault(i => i.Name == resource.Name);
                if (ingress is not null && !ingress.Meshes.Contains(mesh.Name))
                {
                    Add(addedIngress, ingress.Name, mesh.Name);
                }
            }
            else if (ours)
            {
                // One mesh token per request: an egress the configuration already puts in a mesh keeps it, and of two
                // references that claim the same egress the first (in mesh order) wins, as HG0203 would demand.
                EgressDefinition? egress = definition.Egresses.FirstOrDefault(e => e.Name == resource.Name);
                if (egress is not null && egress.Meshes.IsDefaultOrEmpty)
                {
                    egressMesh.TryAdd(egress.Name, mesh.Name);
                }
            }
            else if (resource.Type == "ingress")
            {
                foreach (string url in resource.Urls)
                {
                    Add(remote, mesh.Name, url);
                }
            }
        }

        var ingressMeshes = new Dictionary<string, ImmutableArray<string>>(StringComparer.Ordinal);
        foreach (IngressDefinition ingress in definition.Ingresses)
        {
            if (addedIngress.TryGetValue(ingress.Name, out List<string>? added))
            {
                ingressMeshes[ingress.Name] = ingress.Meshes.AddRange(added);
            }
        }

        var pipelineMeshes = new Dictionary<string, ImmutableArray<string>>(StringComparer.Ordinal);
        foreach (PipelineDefinition pipeline in definition.Pipelines)
        {
            IEnumerable<IngressDefinition> ingresses = definition.Ingresses.Where(i => i.Enabled && i.Pipeline == pipeline.Name);
            if (ingresses.Any(i => ingressMeshes.ContainsKey(i.Name)))
            {
                pipelineMeshes[pipeline.Name] = ingresses
                    .SelectMany(i => ingressMeshes.TryGetValue(i.Name, out ImmutableArray<string> all) ? all : i.Meshes)
                    .Distinct(StringComparer.Ordinal)
                    .ToImmutableArray();
            }
        }

        return new ProviderMembership(
            ingressMeshes,
            pipelineMeshes,
            egressMesh,
            remote.ToDictionary(p => p.Key, p => p.Value.Distinct(StringComparer.Ordinal).ToImmutableArray(), StringComparer.Ordinal),
            egressPending);
    }

    private static void Add(Dictionary<string, List<string>> map, string key, string value)
    {
        if (!map.TryGetValue(key, out List<string>? list))
        {
            map[key] = list = new List<string>();
        }

        if (!list.Contains(value))
        {
            list.Add(value);
        }
    }
}

/// <summary>What the provider last said a reference names: a resource, or (null) that it no longer exists.</summary>
internal sealed record Resolution(ResolvedResource? Resource);
