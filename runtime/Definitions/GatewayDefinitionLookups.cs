using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using HarmonyGen.Generator;

namespace HarmonyGen.Definitions;

/// <summary>
/// Look-ups by TOML name, for diagnostics pages and code that only has a name at run time. Code that knows the name
/// when it is written should use the generated members (<c>Gateways.Clinic.Egress.PartnerFhir</c>); the HarmonyGen
/// analyzers check the names passed here as constants (HG1001) and offer that rewrite.
/// </summary>
public static class GatewayDefinitionLookups
{
    /// <summary>The egress named <paramref name="name"/> (<c>[pipelines.P.mesh.egress.NAME]</c> or <c>[egress.NAME]</c>).</summary>
    /// <exception cref="KeyNotFoundException">The gateway has no such egress; the message names the closest ones.</exception>
    public static EgressDefinition Egress(this GatewayDefinition gateway, string name) => Find(gateway, gateway.Egresses, e => e.Name, name, "egress", "egresses");

    /// <summary>The ingress named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">The gateway has no such ingress; the message names the closest ones.</exception>
    public static IngressDefinition Ingress(this GatewayDefinition gateway, string name) => Find(gateway, gateway.Ingresses, i => i.Name, name, "ingress", "ingresses");

    /// <summary>The pipeline named <paramref name="name"/> (<c>[pipelines.NAME]</c>).</summary>
    /// <exception cref="KeyNotFoundException">The gateway has no such pipeline; the message names the closest ones.</exception>
    public static PipelineDefinition Pipeline(this GatewayDefinition gateway, string name) => Find(gateway, gateway.Pipelines, p => p.Name, name, "pipeline", "pipelines");

    /// <summary>The mesh named <paramref name="name"/> (<c>[mesh.NAME]</c>).</summary>
    /// <exception cref="KeyNotFoundException">The gateway has no such mesh; the message names the closest ones.</exception>
    public static MeshDefinition Mesh(this GatewayDefinition gateway, string name) => Find(gateway, gateway.Meshes, m => m.Name, name, "mesh", "meshes");

    private static T Find<T>(GatewayDefinition gateway, ImmutableArray<T> items, System.Func<T, string> nameOf, string name, string kind, string kinds)
        where T : class
    {
        foreach (T item in items)
        {
            if (nameOf(item) == name)
            {
                return item;
            }
        }

        throw new KeyNotFoundException(NotFoundMessage(gateway.ProxyId, kind, kinds, name, items.Select(nameOf)));
    }

    /// <summary>"Gateway 'clinic' has no egress 'x'; did you mean 'y'?", or the names it does have when none is close.</summary>
    internal static string NotFoundMessage(string gateway, string kind, string kinds, string name, IEnumerable<string> known)
    {
        List<string> names = known.ToList();
        string message = $"Gateway '{gateway}' has no {kind} '{name}'";
        List<string> near = NameSuggester.WithinReach(name, names);
        if (near.Count > 0)
        {
            return $"{message}; did you mean {Quoted(near, "or")}?";
        }

        return names.Count == 0 ? $"{message}; it has no {kinds}." : $"{message}; its {kinds} are {Quoted(names, "and")}.";
    }

    private static string Quoted(IEnumerable<string> names, string conjunction)
    {
        List<string> quoted = names.Select(n => $"'{n}'").ToList();
        return quoted.Count switch
        {
            1 => quoted[0],
            2 => $"{quoted[0]} {conjunction} {quoted[1]}",
            _ => string.Join(", ", quoted.Take(quoted.Count - 1)) + $" {conjunction} " + quoted[^1],
        };
    }
}
