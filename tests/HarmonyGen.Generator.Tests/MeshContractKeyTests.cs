using System.Collections.Generic;
using System.Security.Cryptography;
using System.Threading.Tasks;
using HarmonyGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace HarmonyGen.Generator.Tests;

/// <summary>
/// The keys of a mesh hop between two roots (HG0606, HG0607): the clinic's egress signs for the hospital's ingress
/// (<see cref="MeshContractTests.TwoRoots"/>), so the hospital must verify with the clinic's key. RS256 keys are
/// compared by content, whatever their PEM form; HS256 secrets by source. Keys are made fresh for the test run.
/// </summary>
public sealed class MeshContractKeyTests
{
    private const string ClinicMesh = "clinic/mesh/care.toml";
    private const string HospitalMesh = "hospital/mesh/care.toml";
    private const string Secret = "jwt_secret = \"${CARE_SECRET}\"";

    private static readonly RSA s_clinic = RSA.Create(2048);
    private static readonly RSA s_hospital = RSA.Create(2048);

    [Fact]
    public Task RS256_the_hospital_verifies_with_the_clinics_public_half() => Verify.Diagnostics(Rs256(s_clinic.ExportSubjectPublicKeyInfoPem()));

    [Fact]
    public Task RS256_keys_compare_by_content_not_by_PEM_form()
    {
        // PKCS#1 both ways, where the default test uses PKCS#8 and SubjectPublicKeyInfo: still the same key.
        Toml toml = Rs256(s_clinic.ExportRSAPublicKeyPem());
        toml["clinic/keys/clinic.pem"] = s_clinic.ExportRSAPrivateKeyPem();
        return Verify.Diagnostics(toml);
    }

    [Fact]
    public Task HG0606_RS256_the_hospital_verifies_with_another_key()
    {
        Toml toml = Rs256(s_hospital.ExportSubjectPublicKeyInfoPem());
        return Verify.Diagnostics(toml, Keys(toml, "HG0606",
            "which ingress 'fhir_in' of gateway 'hospital' does not accept: its jwt_public_key_path 'keys/trusted.pem' is not the public half of that key; its tokens will not be accepted there",
            "\"keys/trusted.pem\""));
    }

    [Fact]
    public Task A_rotation_keeps_the_clinics_key_as_the_previous_one()
    {
        return Verify.Diagnostics(Rotating(s_clinic.ExportSubjectPublicKeyInfoPem()));
    }

    [Fact]
    public Task HG0606_neither_the_current_nor_the_previous_key_is_the_clinics()
    {
        Toml toml = Rotating(s_hospital.ExportRSAPublicKeyPem());
        return Verify.Diagnostics(toml, Keys(toml, "HG0606",
            "which ingress 'fhir_in' of gateway 'hospital' does not accept: neither its jwt_public_key_path 'keys/trusted.pem' nor jwt_previous_public_key_path 'keys/previous.pem' is the public half of that key; its tokens will not be accepted there",
            "\"keys/trusted.pem\""));
    }

    [Theory]
    [InlineData("not a key at all", "holds no PEM key (BEGIN PUBLIC KEY, PRIVATE KEY, RSA PUBLIC KEY or RSA PRIVATE KEY)")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", "has a PUBLIC KEY block that is not an RSA key in DER form")]
    [InlineData("-----BEGIN PUBLIC KEY-----\n%%%%\n-----END PUBLIC KEY-----\n", "has a PUBLIC KEY block that is not valid base64")]
    public Task HG0607_the_hospitals_key_file_is_no_RSA_key(string text, string why)
    {
        Toml toml = Rs256(text);
        return Verify.Diagnostics(toml, Keys(toml, "HG0607",
            $"which the build cannot compare with the keys of ingress 'fhir_in' of gateway 'hospital': 'keys/trusted.pem' (jwt_public_key_path) {why}; check at deployment that they match",
            "\"keys/trusted.pem\""));
    }

    [Fact]
    public Task HG0607_an_elliptic_curve_key_is_no_RSA_key()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Toml toml = Rs256(ec.ExportSubjectPublicKeyInfoPem());
        return Verify.Diagnostics(toml, Keys(toml, "HG0607",
            "which the build cannot compare with the keys of ingress 'fhir_in' of gateway 'hospital': 'keys/trusted.pem' (jwt_public_key_path) has a PUBLIC KEY block that is not an RSA key in DER form; check at deployment that they match",
            "\"keys/trusted.pem\""));
    }

    [Fact]
    public Task HG0607_the_hospitals_key_path_comes_from_the_environment()
    {
        Toml toml = Rs256(s_clinic.ExportSubjectPublicKeyInfoPem())
            .Replace(HospitalMesh, "jwt_public_key_path = \"keys/trusted.pem\"", "jwt_public_key_path = \"${TRUSTED_KEY}\"");
        return Verify.Diagnostics(toml, Keys(toml, "HG0607",
            "which the build cannot compare with the keys of ingress 'fhir_in' of gateway 'hospital': the path of jwt_public_key_path comes from ${TRUSTED_KEY} when the gateway starts; check at deployment that they match",
            "\"${TRUSTED_KEY}\""));
    }

    [Fact]
    public Task HG0607_the_clinics_private_key_is_encrypted()
    {
        Toml toml = Rs256(s_clinic.ExportSubjectPublicKeyInfoPem());
        toml["clinic/keys/clinic.pem"] = PemEncoding.WriteString("ENCRYPTED PRIVATE KEY",
            s_clinic.ExportEncryptedPkcs8PrivateKey("pw", new PbeParameters(PbeEncryptionAlgorithm.Aes128Cbc, HashAlgorithmName.SHA256, 1000)));
        return Verify.Diagnostics(toml, Keys(toml, "HG0607",
            "which the build cannot compare with the keys of ingress 'fhir_in' of gateway 'hospital': 'keys/clinic.pem' (jwt_private_key_path) holds an encrypted private key, which the runtime cannot read without a password; check at deployment that they match",
            "\"keys/trusted.pem\""));
    }

    [Fact]
    public Task HS256_the_same_variable_on_both_sides_agrees() => Verify.Diagnostics(MeshContractTests.TwoRoots());

    [Fact]
    public Task HG0606_HS256_the_hospital_reads_another_variable()
    {
        Toml toml = MeshContractTests.TwoRoots().Replace(HospitalMesh, Secret, "jwt_secret = \"${HOSPITAL_SECRET}\"");
        return Verify.Diagnostics(toml, Secrets(toml, "HG0606",
            "with the secret from ${CARE_SECRET}, which ingress 'fhir_in' of gateway 'hospital' does not accept: it reads its secret from ${HOSPITAL_SECRET}, not ${CARE_SECRET}, and two variables hold one secret only if every deployment keeps them equal; its tokens will not be accepted there",
            "\"${HOSPITAL_SECRET}\""));
    }

    [Fact]
    public Task An_HS256_rotation_keeps_the_clinics_variable_as_the_previous_secret() =>
        Verify.Diagnostics(MeshContractTests.TwoRoots()
            .Replace(HospitalMesh, Secret, "jwt_secret = \"${HOSPITAL_SECRET}\"\njwt_previous_secret = \"${CARE_SECRET}\""));

    [Fact]
    public void The_sample_gateways_demo_key_pair_is_checked_for_real()
    {
        // As shipped, the clinic's private key is the pair of the hospital's public key: no mesh diagnostic at all.
        Dictionary<string, string> sample = RepositoryFiles.SampleGateway();
        Assert.DoesNotContain(GeneratorRunner.Run(sample).Diagnostics, d => d.Id.StartsWith("HG06", System.StringComparison.Ordinal));

        // Swap the hospital's public key for another one: the build says so at the clinic's private key path.
        sample["keys/demo-only-care-network-public.pem"] = s_hospital.ExportSubjectPublicKeyInfoPem();
        Microsoft.CodeAnalysis.Diagnostic found = Assert.Single(GeneratorRunner.Run(sample).Diagnostics, d => d.Id == "HG0606");
        Assert.EndsWith("clinic/mesh/care-network.toml", found.Location.GetLineSpan().Path, System.StringComparison.Ordinal);
        Assert.Contains("jwt_public_key_path '../keys/demo-only-care-network-public.pem' is not the public half of that key", found.GetMessage(), System.StringComparison.Ordinal);
    }

    /// <summary>
    /// RS256 on both roots: the clinic signs with its own private key (PKCS#8); the hospital signs its own hops with
    /// its key and verifies what arrives with keys/trusted.pem, whose text the test gives.
    /// </summary>
    private static Toml Rs256(string trusted)
    {
        Toml toml = MeshContractTests.TwoRoots()
            .Replace(ClinicMesh, Secret, "jwt_private_key_path = \"keys/clinic.pem\"\njwt_public_key_path = \"keys/clinic-public.pem\"")
            .Replace(HospitalMesh, Secret, "jwt_private_key_path = \"keys/hospital.pem\"\njwt_public_key_path = \"keys/trusted.pem\"");
        toml["clinic/keys/clinic.pem"] = s_clinic.ExportPkcs8PrivateKeyPem();
        toml["clinic/keys/clinic-public.pem"] = s_clinic.ExportSubjectPublicKeyInfoPem();
        toml["hospital/keys/hospital.pem"] = s_hospital.ExportPkcs8PrivateKeyPem();
        toml["hospital/keys/trusted.pem"] = trusted;
        return toml;
    }

    /// <summary>The hospital has moved to its own key and keeps <paramref name="previous"/> as the one being rotated out.</summary>
    private static Toml Rotating(string previous)
    {
        Toml toml = Rs256(s_hospital.ExportSubjectPublicKeyInfoPem())
            .Replace(HospitalMesh, "jwt_public_key_path = \"keys/trusted.pem\"", "jwt_public_key_path = \"keys/trusted.pem\"\njwt_previous_public_key_path = \"keys/previous.pem\"");
        toml["hospital/keys/previous.pem"] = previous;
        return toml;
    }

    /// <summary>The diagnostic at the clinic's private key, also pointing at the hospital's key <paramref name="other"/>.</summary>
    private static DiagnosticResult Keys(Toml toml, string id, string tail, string other) =>
        At(toml, id, "\"keys/clinic.pem\"", "with the private key 'keys/clinic.pem', " + tail, other);

    private static DiagnosticResult Secrets(Toml toml, string id, string tail, string other) =>
        At(toml, id, "\"${CARE_SECRET}\"", tail, other);

    private static DiagnosticResult At(Toml toml, string id, string signer, string tail, string other)
    {
        DiagnosticResult result = id == "HG0606" ? toml.Warning(id, ClinicMesh, signer) : toml.Info(id, ClinicMesh, signer);
        return toml.Also(result, HospitalMesh, other)
            .WithMessage($"Egress 'partner_out' of gateway 'clinic' signs mesh 'care' {tail} ({toml.Display(HospitalMesh, other)})");
    }
}
