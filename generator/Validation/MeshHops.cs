using System;
using System.Collections.Generic;
using System.Linq;
using HarmonyGen.Generator.Spec;

namespace HarmonyGen.Generator.Validation;

/// <summary>A mesh as one end of a hop sees it: what a token of it carries, and what a verifier of it demands.</summary>
internal sealed record MeshSide(string Name, string MeshId, MeshAlgorithm Algorithm, bool JwtAudience);

/// <summary>An enabled egress of an enabled local mesh, with the URL its backend sends to.</summary>
internal sealed record EgressHop(string Egress, string BaseUrl, MeshSide Mesh, LocationInfo Location);

/// <summary>One URL of an enabled ingress (normalised as the route table is), with the enabled local meshes that list it.</summary>
internal sealed record IngressHop(string Ingress, string Scheme, string Host, int Port, string PathPrefix, EquatableArray<MeshSide> Meshes, LocationInfo Location);

/// <summary>
/// One root's ends of the mesh hops between the roots of a project (<see cref="MeshContract"/>). Holds positions, like
/// the diagnostics, and never reaches the spec, so that moving text leaves the generated C# alone.
/// </summary>
/// <param name="MembershipAtRunTime">True when a provider reference may add meshes to this root's ingresses at run time.</param>
internal sealed record MeshHops(string Gateway, EquatableArray<EgressHop> Egresses, EquatableArray<IngressHop> Ingresses, bool MembershipAtRunTime)
{
    public static MeshHops From(GatewaySpec spec, IReadOnlyDictionary<string, LocationInfo> egressLocations, IReadOnlyDictionary<string, LocationInfo> ingressLocations)
    {
        Dictionary<string, MeshSpec> local = spec.Meshes
            .Where(m => m.Enabled && m.Provider == MeshProvider.Local)
            .ToDictionary(m => m.Name, StringComparer.Ordinal);
        MeshSide Side(MeshSpec m) => new(m.Name, m.MeshId, m.Algorithm, m.JwtAudience);

        var egresses = new List<EgressHop>();
        foreach (EgressSpec egress in spec.Egresses.Where(e => e.Enabled && e.Meshes.Count > 0))
        {
            if (local.TryGetValue(egress.Meshes[0], out MeshSpec? mesh)
                && spec.Backends.FirstOrDefault(b => b.Name == egress.Backend)?.BaseUrl is { } baseUrl
                && egressLocations.TryGetValue(egress.Name, out LocationInfo? location))
            {
                egresses.Add(new EgressHop(egress.Name, baseUrl, Side(mesh), location));
            }
        }

        var ingresses = new List<IngressHop>();
        foreach (IngressRouteSpec route in spec.IngressRoutes)
        {
            IngressSpec? ingress = spec.Ingresses.FirstOrDefault(i => i.Name == route.Ingress);
            if (ingress is not null && ingressLocations.TryGetValue(ingress.Name, out LocationInfo? location))
            {
                EquatableArray<MeshSide> meshes = ingress.Meshes.Where(local.ContainsKey).Select(n => Side(local[n])).ToEquatableArray();
                ingresses.Add(new IngressHop(ingress.Name, route.Scheme, route.Host, route.Port, route.PathPrefix, meshes, location));
            }
        }

        bool runTime = spec.Meshes.Any(m => m.Enabled && (m.Provider != MeshProvider.Local || m.ProviderReferences.Count > 0));
        return new MeshHops(spec.ProxyId, egresses.ToEquatableArray(), ingresses.ToEquatableArray(), runTime);
    }
}
