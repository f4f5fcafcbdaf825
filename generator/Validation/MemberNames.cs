using System;
using System.Collections.Generic;
using System.Linq;

namespace HarmonyGen.Generator.Validation;

/// <summary>
/// The C# member name of every named table, decided once from the model before any spec is built: a name defined
/// twice is already HG0005, and its first definition stands for it in the code.
/// </summary>
internal sealed class MemberNames
{
    private readonly Dictionary<string, Dictionary<string, string>> _byGroup = new(StringComparer.Ordinal);

    public MemberNames(GatewayTables model)
    {
        Add(GeneratedNames.Networks, model.Networks.Select(n => n.Name));
        Add(GeneratedNames.Pipelines, model.Pipelines.Select(p => p.Name));
        Add(GeneratedNames.Endpoints, model.Endpoints.Select(e => e.Name));
        Add(GeneratedNames.Backends, model.Backends.Select(b => b.Name));
        Add(GeneratedNames.Ingress, model.MeshPoints.Where(p => p.IsIngress).Select(i => i.Name));
        Add(GeneratedNames.Egress, model.MeshPoints.Where(p => !p.IsIngress).Select(e => e.Name));
        Add(GeneratedNames.RemoteIngress, model.RemoteIngresses.Select(r => r.Name));
        Add(GeneratedNames.Meshes, model.Meshes.Select(m => m.Name));
    }

    /// <summary>The member of <paramref name="name"/> in <paramref name="group"/> (<c>partner_fhir</c> in <c>Egress</c> is <c>PartnerFhir</c>).</summary>
    public string Of(string group, string name) => _byGroup[group][name];

    private void Add(string group, IEnumerable<string> names) =>
        _byGroup.Add(group, Identifier.UniqueMembers(names.Distinct(StringComparer.Ordinal), group));
}
