using System;

namespace HarmonyGen.Definitions;

/// <summary>
/// Put by the generator on each member of a generated gateway (<c>Gateways.Clinic.Egress.PartnerFhir</c>): the TOML
/// name it was generated from, and the facts the HarmonyGen analyzers check C# against. Read at compile time by the
/// analyzers (also across project references); nothing reads it at run time.
/// </summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class HarmonyGenNameAttribute : Attribute
{
    /// <summary>The member's TOML name (<c>partner_fhir</c> for <c>[pipelines.P.mesh.egress.partner_fhir]</c>).</summary>
    public HarmonyGenNameAttribute(string name) => Name = name;

    /// <summary>The TOML name.</summary>
    public string Name { get; }

    /// <summary>False for an ingress, egress or mesh written with <c>enabled = false</c>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>For an egress: the enabled mesh whose token it carries, or null when no enabled mesh lists it.</summary>
    public string? Mesh { get; set; }

    /// <summary>For a pipeline: false when it has endpoints but none of its networks has a listener (HG0508).</summary>
    public bool Listening { get; set; } = true;
}
