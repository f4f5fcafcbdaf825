using System.Collections.Generic;
using System.Threading.Tasks;
using HarmonyGen.Generator.Tests.Infrastructure;
using Xunit;

namespace HarmonyGen.Generator.Tests;

/// <summary>
/// The mesh contract between the roots of one project (HG0605): the clinic's egress calls the hospital's ingress (its
/// backend URL is under the ingress URL), so the hospital must accept the clinic's tokens: the same mesh name,
/// <c>mesh_id</c> and algorithm, and <c>aud</c> where the hospital's mesh requires it.
/// </summary>
public sealed class MeshContractTests
{
    private const string ClinicApi = "clinic/pipelines/api.toml";
    private const string ClinicMesh = "clinic/mesh/care.toml";
    private const string HospitalMesh = "hospital/mesh/care.toml";
    private const string Egress = "pipelines.api.mesh.egress.partner_out";
    private const string Ingress = "pipelines.api.mesh.ingress.fhir_in";

    [Fact]
    public Task Two_roots_whose_mesh_agrees_build_clean() => Verify.Diagnostics(TwoRoots());

    [Theory]
    [InlineData("[mesh.care]", "[mesh.care_2]", "is in no enabled mesh named 'care'")]
    [InlineData("provider = \"local\"", "provider = \"local\"\nid = \"care-2026\"", "knows mesh 'care' by mesh_id 'care-2026', not 'care'")]
    [InlineData("jwt_secret = \"${CARE_SECRET}\"", "jwt_private_key_path = \"${CARE_PRIVATE_KEY}\"\njwt_public_key_path = \"${CARE_PUBLIC_KEY}\"", "verifies mesh 'care' as RS256, not HS256")]
    [InlineData("provider = \"local\"", "provider = \"local\"\njwt_audience = true", "requires aud in mesh 'care' (jwt_audience), which the egress's gateway does not send")]
    public Task HG0605_the_hospitals_mesh_differs_from_the_clinics(string find, string replacement, string reason)
    {
        Toml toml = TwoRoots().Replace(HospitalMesh, find, replacement);
        return Verify.Diagnostics(toml, Hop(toml, reason));
    }

    [Fact]
    public Task Jwt_audience_on_both_sides_agrees() =>
        Verify.Diagnostics(TwoRoots()
            .Replace(HospitalMesh, "provider = \"local\"", "provider = \"local\"\njwt_audience = true")
            .Replace(ClinicMesh, "provider = \"local\"", "provider = \"local\"\njwt_audience = true"));

    [Fact]
    public Task A_backend_URL_outside_every_ingress_URL_is_no_hop()
    {
        // Same host and port, but /fhirx is not under /fhir (segment boundaries): the mesh names may differ.
        Toml toml = TwoRoots()
            .Replace(ClinicApi, "base_url = \"http://127.0.0.1:9000/fhir\"", "base_url = \"http://127.0.0.1:9000/fhirx\"")
            .Replace(HospitalMesh, "[mesh.care]", "[mesh.care_2]");
        return Verify.Diagnostics(toml);
    }

    [Fact]
    public Task HG0605_the_hospitals_ingress_is_disabled()
    {
        Toml toml = TwoRoots().Replace("hospital/pipelines/api.toml", "[pipelines.api.mesh.ingress.fhir_in]", "[pipelines.api.mesh.ingress.fhir_in]\nenabled = false");
        return Verify.Diagnostics(toml, Hop(toml, "is disabled (enabled = false), so nothing serves that URL"));
    }

    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult Hop(Toml toml, string reason) =>
        toml.Also(toml.Warning("HG0605", ClinicApi, Egress), "hospital/pipelines/api.toml", Ingress)
            .WithMessage($"Egress 'partner_out' of gateway 'clinic' signs with mesh 'care' for ingress 'fhir_in' of gateway 'hospital', which {reason}; its tokens will not be accepted there (/project/hospital/pipelines/api.toml(18,2))");

    /// <summary>
    /// The clinic (<see cref="Toml.Valid"/>) sends to http://127.0.0.1:9000/fhir; the hospital listens on 9000 with its
    /// ingress at /fhir in mesh "care", and sends to a records service no root serves.
    /// </summary>
    internal static Toml TwoRoots()
    {
        var files = new Dictionary<string, string>();
        foreach (KeyValuePair<string, string> file in Toml.Valid().Files)
        {
            files["clinic/" + file.Key] = file.Value;
            files["hospital/" + file.Key] = file.Value
                .Replace("id = \"clinic\"", "id = \"hospital\"")
                .Replace("bind_port = 8080", "bind_port = 9000")
                .Replace("urls = [\"http://127.0.0.1:8080/r4\"]", "urls = [\"http://127.0.0.1:9000/fhir\"]")
                .Replace("base_url = \"http://127.0.0.1:9000/fhir\"", "base_url = \"http://127.0.0.1:9100/records\"");
        }

        return new Toml(files);
    }
}
