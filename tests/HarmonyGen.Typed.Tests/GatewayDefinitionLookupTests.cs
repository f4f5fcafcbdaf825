using System.Collections.Generic;
using HarmonyGen.Definitions;
using Xunit;

namespace HarmonyGen.Typed.Tests;

/// <summary>Look-ups by TOML name return the generated members, and a wrong name says which names exist.</summary>
public sealed class GatewayDefinitionLookupTests
{
    private static readonly GatewayDefinition Clinic = Gateways.TypedClinic.Definition;

    [Fact]
    public void Each_lookup_returns_the_generated_member_for_its_toml_name()
    {
        Assert.Same(Gateways.TypedClinic.Egress.HospitalFhir, Clinic.Egress("hospital_fhir"));
        Assert.Same(Gateways.TypedClinic.Pipelines.Outbound, Clinic.Pipeline("outbound"));
        Assert.Same(Gateways.TypedClinic.Meshes.Care, Clinic.Mesh("care"));
        Assert.Same(Gateways.TypedHospital.Ingress.RecordsIn, Gateways.TypedHospital.Definition.Ingress("records_in"));
    }

    [Fact]
    public void A_misspelt_name_throws_naming_the_gateway_and_the_closest_name()
    {
        KeyNotFoundException error = Assert.Throws<KeyNotFoundException>(() => Clinic.Egress("hospital_fhr"));
        Assert.Equal("Gateway 'typed_clinic' has no egress 'hospital_fhr'; did you mean 'hospital_fhir'?", error.Message);
    }

    [Fact]
    public void A_name_close_to_nothing_lists_every_name_the_gateway_has()
    {
        KeyNotFoundException error = Assert.Throws<KeyNotFoundException>(() => Clinic.Egress("radiology"));
        Assert.Equal("Gateway 'typed_clinic' has no egress 'radiology'; its egresses are 'hospital_fhir', 'old_partner' and 'lab_unsigned'.", error.Message);
    }

    [Fact]
    public void A_kind_the_gateway_has_none_of_says_so()
    {
        KeyNotFoundException error = Assert.Throws<KeyNotFoundException>(() => Clinic.Ingress("records_in"));
        Assert.Equal("Gateway 'typed_clinic' has no ingress 'records_in'; it has no ingresses.", error.Message);
    }
}
