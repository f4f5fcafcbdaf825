using System.Threading.Tasks;
using HarmonyGen.Generator.Tests.Infrastructure;
using Xunit;

namespace HarmonyGen.Generator.Tests;

/// <summary>HG04xx: mesh membership, references, key material and providers.</summary>
public sealed class MeshDiagnosticTests
{
    private const string Config = "config.toml";
    private const string Mesh = "mesh/care.toml";
    private const string Secret = "jwt_secret = \"${CARE_SECRET}\"";

    [Fact]
    public Task HG0401_mesh_member_that_names_nothing_suggests_the_closest()
    {
        Toml toml = Toml.Valid().Replace(Mesh, "[\"fhir_in\"]", "[\"fhir_inn\"]");
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0401", Mesh, "\"fhir_inn\"").WithMessage("Mesh 'care' lists ingress 'fhir_inn', which is not defined; did you mean 'fhir_in'?"),
            toml.Warning("HG0603", "pipelines/api.toml", "\"mesh\""));
    }

    [Fact]
    public Task Local_name_reference_binds_as_the_bare_name()
    {
        Toml toml = Toml.Valid().Replace(Mesh, "[\"fhir_in\"]", "[\"local.name.fhir_in\"]");
        return Verify.Diagnostics(toml);
    }

    [Theory]
    [InlineData("runbeam.team1.pipe.name.x", 14, 4)] // not a resource type
    [InlineData("runbeam.team1.ingress.key.x", 22, 3)] // neither name nor id
    [InlineData("runbeam.alias.x", 8, 5)] // neither name nor id
    [InlineData("runbeam.team1.ref.x", 14, 3)] // P.TEAM.?.X must be id
    [InlineData("runbeam..x", 8, 1)] // empty segment
    [InlineData("a.b", 0, 3)] // no such shape: the whole reference
    [InlineData("runbeam.team1.ingress.name.x.y", 0, 30)] // six segments: the whole reference
    [InlineData("runbeam.name.", 12, 1)] // empty last segment: the trailing dot
    [InlineData(".name.x", 0, 1)] // empty provider segment: the leading dot
    [InlineData("local.id.fhir_in", 6, 2)] // local resources are referenced by name
    [InlineData("local.team1.id.fhir_in", 6, 5)] // the local provider has no teams
    [InlineData("local.team1.ingress.name.fhir_in", 6, 5)] // the local provider has no teams
    public Task HG0402_bad_reference_grammar_points_at_the_bad_segment(string reference, int start, int length)
    {
        Toml toml = Toml.Valid()
            .Replace(Mesh, "[\"fhir_in\"]", $"[\"fhir_in\", \"{reference}\"]")
            .Append(Config, "[provider.runbeam]\napi = \"https://api.runbeam.example\"\n");
        int valueStart = toml[Mesh].IndexOf("\"" + reference + "\"", System.StringComparison.Ordinal) + 1;
        return Verify.Diagnostics(toml, toml.AtOffset("HG0402", Microsoft.CodeAnalysis.DiagnosticSeverity.Error, Mesh, valueStart + start, length));
    }

    [Fact]
    public Task HG0402_typed_reference_listed_on_the_wrong_side_points_at_the_type()
    {
        Toml toml = Toml.Valid()
            .Replace(Mesh, "[\"fhir_in\"]", "[\"fhir_in\", \"runbeam.team1.egress.name.partner\"]")
            .Append(Config, "[provider.runbeam]\napi = \"https://api.runbeam.example\"\n");
        int offset = toml[Mesh].IndexOf("runbeam.team1.egress", System.StringComparison.Ordinal) + "runbeam.team1.".Length;
        return Verify.Diagnostics(
            toml,
            toml.AtOffset("HG0402", Microsoft.CodeAnalysis.DiagnosticSeverity.Error, Mesh, offset, "egress".Length)
                .WithMessage("'runbeam.team1.egress.name.partner' is not a valid reference: it refers to a resource of type 'egress' but is listed in 'ingress'; write X, P.name.X, P.id.X, P.TEAM.id.X or P.TEAM.TYPE.(name|id).X"));
    }

    [Fact]
    public Task HG0403_reference_to_an_unconfigured_provider_points_at_the_provider()
    {
        Toml toml = Toml.Valid().Replace(Mesh, "[\"fhir_in\"]", "[\"fhir_in\", \"aws.name.partner_ingress\"]");
        return Verify.Diagnostics(toml, toml.Error("HG0403", Mesh, "aws"));
    }

    [Fact]
    public Task HG0402_local_reference_with_a_team_says_why()
    {
        Toml toml = Toml.Valid().Replace(Mesh, "[\"fhir_in\"]", "[\"local.team1.id.fhir_in\"]");
        int offset = toml[Mesh].IndexOf("team1", System.StringComparison.Ordinal);
        return Verify.Diagnostics(
            toml,
            toml.AtOffset("HG0402", Microsoft.CodeAnalysis.DiagnosticSeverity.Error, Mesh, offset, "team1".Length)
                .WithMessage("'local.team1.id.fhir_in' is not a valid reference: the local provider has no teams; local resources are referenced by name ('local.name.X'); write X, P.name.X, P.id.X, P.TEAM.id.X or P.TEAM.TYPE.(name|id).X"),
            toml.Warning("HG0603", "pipelines/api.toml", "\"mesh\""));
    }

    [Fact]
    public Task Every_valid_reference_form_is_accepted_on_both_sides()
    {
        // A local mesh may list provider resources too: their URLs and membership are resolved at run time.
        Toml toml = Toml.Valid()
            .Replace(Mesh, "ingress = [\"fhir_in\"]", "ingress = [\"local.name.fhir_in\", \"runbeam.name.a\", \"runbeam.id.b\", \"runbeam.team1.id.c\", \"runbeam.team1.ingress.name.d\", \"runbeam.team1.ingress.id.e\"]")
            .Replace(Mesh, "egress = [\"partner_out\"]", "egress = [\"local.name.partner_out\", \"runbeam.name.f\", \"runbeam.team1.egress.id.g\"]")
            .Append(Config, "[provider.runbeam]\napi = \"https://api.runbeam.example\"\npoll_interval_secs = 86400\n");
        return Verify.Diagnostics(toml);
    }

    [Fact]
    public Task HG0403_reference_to_a_misspelt_provider_suggests_the_configured_one()
    {
        Toml toml = Toml.Valid()
            .Replace(Mesh, "[\"fhir_in\"]", "[\"fhir_in\", \"runbem.name.partner_ingress\"]")
            .Append(Config, "[provider.runbeam]\napi = \"https://api.runbeam.example\"\n");
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0403", Mesh, "runbem").WithMessage("Provider 'runbem' is not configured; add [provider.runbem] with 'api'; did you mean 'runbeam'?"));
    }

    [Fact]
    public Task HG0403_runbeam_mesh_without_a_configured_provider()
    {
        Toml toml = Toml.Valid().Replace(Mesh, $"provider = \"local\"\n{Secret}", "provider = \"runbeam\"\nid = \"mesh-123\"");
        return Verify.Diagnostics(toml, toml.Error("HG0403", Mesh, "\"runbeam\""));
    }

    [Fact]
    public Task HG0404_local_mesh_without_key_material()
    {
        Toml toml = Toml.Valid().Replace(Mesh, Secret + "\n", string.Empty);
        return Verify.Diagnostics(toml, toml.Error("HG0404", Mesh, "mesh.care"));
    }

    [Fact]
    public Task HG0405_local_mesh_with_secret_and_key_paths()
    {
        Toml toml = Toml.Valid().Replace(Mesh, Secret, Secret + "\njwt_public_key_path = \"${CARE_PUBLIC_KEY}\"");
        return Verify.Diagnostics(toml, toml.Error("HG0405", Mesh, "\"${CARE_PUBLIC_KEY}\""));
    }

    [Fact]
    public Task HG0406_rs256_mesh_with_egress_but_no_private_key()
    {
        Toml toml = Toml.Valid().Replace(Mesh, Secret, "jwt_public_key_path = \"${CARE_PUBLIC_KEY}\"");
        return Verify.Diagnostics(toml, toml.Error("HG0406", Mesh, "\"${CARE_PUBLIC_KEY}\""));
    }

    [Fact]
    public Task HG0407_rs256_mesh_with_ingress_but_no_public_key()
    {
        Toml toml = Toml.Valid().Replace(Mesh, Secret, "jwt_private_key_path = \"${CARE_PRIVATE_KEY}\"");
        return Verify.Diagnostics(toml, toml.Error("HG0407", Mesh, "\"${CARE_PRIVATE_KEY}\""));
    }

    [Fact]
    public Task HG0408_short_literal_secret_warns_and_so_does_writing_it_in_the_file()
    {
        Toml toml = Toml.Valid().Replace(Mesh, "\"${CARE_SECRET}\"", "\"too-short\"");
        return Verify.Diagnostics(
            toml,
            toml.Warning("HG0408", Mesh, "\"too-short\"").WithMessage("Mesh 'care' jwt_secret is 9 bytes; HS256 needs at least 32 (RFC 7518 §3.2)"),
            toml.Warning("HG0409", Mesh, "\"too-short\""));
    }

    [Fact]
    public Task HG0409_literal_secret_of_sufficient_length_still_warns()
    {
        Toml toml = Toml.Valid().Replace(Mesh, "\"${CARE_SECRET}\"", "\"a-long-enough-shared-secret-for-hs256!\"");
        return Verify.Diagnostics(toml, toml.Warning("HG0409", Mesh, "\"a-long-enough-shared-secret-for-hs256!\""));
    }

    [Fact]
    public Task HG0410_key_path_missing_at_build_time_warns_with_the_resolved_path()
    {
        Toml toml = Toml.Valid().Replace(Mesh, Secret, "jwt_private_key_path = \"keys/private.pem\"\njwt_public_key_path = \"../keys/public.pem\"");
        return Verify.Diagnostics(
            toml,
            // Relative key paths are relative to the gateway's config.toml, whichever file names them.
            toml.Warning("HG0410", Mesh, "\"keys/private.pem\"").WithArguments("keys/private.pem", "/project/keys/private.pem"),
            toml.Warning("HG0410", Mesh, "\"../keys/public.pem\"").WithArguments("../keys/public.pem", "/keys/public.pem"));
    }

    [Fact]
    public Task Key_path_present_as_an_additional_file_is_not_reported()
    {
        Toml toml = Toml.Valid().Replace(Mesh, Secret, "jwt_private_key_path = \"keys/private.pem\"\njwt_public_key_path = \"./keys/public.pem\"");
        var test = new GatewayTest(toml.Files);
        test.TestState.AdditionalFiles.Add(("/project/keys/private.pem", "not read"));
        test.TestState.AdditionalFiles.Add(("/project/keys/public.pem", "not read"));
        return test.RunAsync();
    }

    [Fact]
    public Task HG0411_runbeam_mesh_needs_an_id()
    {
        Toml toml = Toml.Valid()
            .Replace(Mesh, $"provider = \"local\"\n{Secret}", "provider = \"runbeam\"")
            .Append(Config, "[provider.runbeam]\napi = \"https://api.runbeam.example\"\n");
        return Verify.Diagnostics(toml, toml.Error("HG0411", Mesh, "\"runbeam\""));
    }

    [Theory]
    [InlineData("[provider.runbeam]\npoll_interval_secs = 30\n", "provider.runbeam")]
    [InlineData("[provider.runbeam]\napi = \"not a url\"\n", "\"not a url\"")]
    public Task HG0412_provider_needs_an_api_url(string table, string needle)
    {
        Toml toml = Toml.Valid().Append(Config, table);
        return Verify.Diagnostics(toml, toml.Error("HG0412", Config, needle));
    }

    [Theory]
    [InlineData("[provider.runbeam]\napi = \"https://api.runbeam.example\"\npoll_interval_secs = 0\n", "0")]
    [InlineData("[provider.runbeam]\napi = \"https://api.runbeam.example\"\npoll_interval_secs = -5\n", "-5")]
    [InlineData("[provider.runbeam]\napi = \"https://api.runbeam.example\"\npoll_interval_secs = 86401\n", "86401")]
    [InlineData("[runbeam]\ncloud_api_base_url = \"https://api.runbeam.example\"\npoll_interval_secs = 0\n", "0")]
    public Task HG0414_provider_poll_interval_out_of_range_points_at_the_value(string table, string value)
    {
        Toml toml = Toml.Valid().Append(Config, table);
        int offset = toml[Config].IndexOf("poll_interval_secs = ", System.StringComparison.Ordinal) + "poll_interval_secs = ".Length;
        return Verify.Diagnostics(
            toml,
            toml.AtOffset("HG0414", Microsoft.CodeAnalysis.DiagnosticSeverity.Error, Config, offset, value.Length)
                .WithMessage($"Provider 'runbeam' poll_interval_secs must be between 1 and 86400 seconds, not {value}"));
    }

    [Fact]
    public Task Legacy_runbeam_table_counts_as_the_runbeam_provider()
    {
        Toml toml = Toml.Valid()
            .Replace(Mesh, $"provider = \"local\"\n{Secret}", "provider = \"runbeam\"\nid = \"mesh-123\"")
            .Append(Config, "[runbeam]\ncloud_api_base_url = \"https://api.runbeam.example\"\n");
        return Verify.Diagnostics(toml);
    }

    [Fact]
    public Task HG0413_key_material_on_a_provider_mesh_is_ignored_with_a_warning()
    {
        Toml toml = Toml.Valid()
            .Replace(Mesh, "provider = \"local\"", "provider = \"runbeam\"\nid = \"mesh-123\"")
            .Append(Config, "[provider.runbeam]\napi = \"https://api.runbeam.example\"\n");
        return Verify.Diagnostics(toml, toml.Warning("HG0413", Mesh, "\"${CARE_SECRET}\""));
    }
}
