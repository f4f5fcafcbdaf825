using System.Linq;
using System.Threading.Tasks;
using HarmonyGen.Generator.Tests.Infrastructure;
using Xunit;

namespace HarmonyGen.Generator.Tests;

/// <summary>
/// The previous key of a rotation (<c>jwt_previous_secret</c>, <c>jwt_previous_public_key_path</c>): read and checked
/// exactly like the current key, of the mesh's own algorithm only, ignored on a provider mesh.
/// </summary>
public sealed class KeyRotationDiagnosticTests
{
    private const string Config = "config.toml";
    private const string Mesh = "mesh/care.toml";
    private const string Secret = "jwt_secret = \"${CARE_SECRET}\"";
    private const string Rs256Keys = "jwt_private_key_path = \"keys/private.pem\"\njwt_public_key_path = \"keys/public.pem\"";

    [Fact]
    public Task Previous_secret_from_the_environment_is_clean()
    {
        Toml toml = Toml.Valid().Replace(Mesh, Secret, Secret + "\njwt_previous_secret = \"${CARE_OLD_SECRET}\"");
        return Verify.Diagnostics(toml);
    }

    [Fact]
    public void Previous_keys_are_emitted_as_their_sources_and_compile()
    {
        Toml toml = Toml.Valid().Replace(Mesh, Secret, Secret + "\njwt_previous_secret = \"${CARE_OLD_SECRET}\"");

        GeneratorOutcome outcome = GeneratorRunner.Run(toml.Files);

        string source = Assert.Single(outcome.GeneratedSources).SourceText.ToString();
        Assert.Contains("PreviousSecret: HarmonyGenDefinitions.ConfigValue.FromEnvironment(\"CARE_OLD_SECRET\", \"mesh.care.jwt_previous_secret (mesh/care.toml)\")", source, System.StringComparison.Ordinal);
        Assert.Contains("PreviousPublicKeyPath: null);", source, System.StringComparison.Ordinal);
        Assert.Empty(outcome.GeneratedCodeErrors());
    }

    [Fact]
    public Task HG0408_and_HG0409_short_literal_previous_secret_names_its_key()
    {
        Toml toml = Toml.Valid().Replace(Mesh, Secret, Secret + "\njwt_previous_secret = \"old-short\"");
        return Verify.Diagnostics(
            toml,
            toml.Warning("HG0408", Mesh, "\"old-short\"").WithMessage("Mesh 'care' jwt_previous_secret is 9 bytes; HS256 needs at least 32 (RFC 7518 §3.2)"),
            toml.Warning("HG0409", Mesh, "\"old-short\"").WithMessage("Mesh 'care' jwt_previous_secret is written in the file; prefer \"${ENV_NAME}\" so the secret stays out of source control"));
    }

    [Fact]
    public Task HG0010_bad_environment_reference_in_the_previous_secret()
    {
        Toml toml = Toml.Valid().Replace(Mesh, Secret, Secret + "\njwt_previous_secret = \"${CARE_OLD\"");
        return Verify.Diagnostics(toml, toml.Error("HG0010", Mesh, "\"${CARE_OLD\""));
    }

    [Theory]
    [InlineData("jwt_previous_secret = 42", "42")]
    [InlineData("jwt_previous_secret = true", "true")]
    public Task HG0002_previous_secret_of_the_wrong_type(string line, string needle)
    {
        Toml toml = Toml.Valid().Replace(Mesh, Secret, Secret + "\n" + line);
        return Verify.Diagnostics(toml, toml.Error("HG0002", Mesh, needle));
    }

    [Fact]
    public Task HG0410_previous_public_key_file_missing_at_build_time()
    {
        Toml toml = Toml.Valid().Replace(Mesh, Secret, Rs256Keys + "\njwt_previous_public_key_path = \"keys/old-public.pem\"");
        GatewayTest test = WithCurrentKeyFiles(toml);
        test.ExpectedDiagnostics.Add(
            toml.Warning("HG0410", Mesh, "\"keys/old-public.pem\"").WithArguments("keys/old-public.pem", "/project/keys/old-public.pem"));
        return test.RunAsync();
    }

    [Fact]
    public Task HG0415_previous_public_key_on_an_hs256_mesh()
    {
        Toml toml = Toml.Valid().Replace(Mesh, Secret, Secret + "\njwt_previous_public_key_path = \"${OLD_KEY_PATH}\"");
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0415", Mesh, "\"${OLD_KEY_PATH}\"").WithMessage(
                "Mesh 'care' is HS256 but sets 'jwt_previous_public_key_path', a previous key for RS256; a rotation keeps the algorithm, so set 'jwt_previous_secret' instead"));
    }

    [Fact]
    public Task HG0415_previous_secret_on_an_rs256_mesh()
    {
        Toml toml = Toml.Valid().Replace(Mesh, Secret, Rs256Keys + "\njwt_previous_secret = \"${CARE_OLD_SECRET}\"");
        GatewayTest test = WithCurrentKeyFiles(toml);
        test.ExpectedDiagnostics.Add(toml.Error("HG0415", Mesh, "\"${CARE_OLD_SECRET}\"").WithMessage(
            "Mesh 'care' is RS256 but sets 'jwt_previous_secret', a previous key for HS256; a rotation keeps the algorithm, so set 'jwt_previous_public_key_path' instead"));
        return test.RunAsync();
    }

    [Theory]
    [InlineData("jwt_previous_secret = \"${CARE_OLD_SECRET}\"", "\"${CARE_OLD_SECRET}\"")]
    [InlineData("jwt_previous_public_key_path = \"keys/old-public.pem\"", "\"keys/old-public.pem\"")]
    public Task HG0413_previous_key_on_a_provider_mesh_is_ignored_with_a_warning(string line, string needle)
    {
        Toml toml = Toml.Valid()
            .Replace(Mesh, "provider = \"local\"\n" + Secret, "provider = \"runbeam\"\nid = \"mesh-123\"\n" + line)
            .Append(Config, "[provider.runbeam]\napi = \"https://api.runbeam.example\"\n");
        return Verify.Diagnostics(toml, toml.Warning("HG0413", Mesh, needle));
    }

    /// <summary>An RS256 mesh whose current key files exist at build time, so that only the previous key is reported.</summary>
    private static GatewayTest WithCurrentKeyFiles(Toml toml)
    {
        var test = new GatewayTest(toml.Files);
        test.TestState.AdditionalFiles.Add(("/project/keys/private.pem", "not read"));
        test.TestState.AdditionalFiles.Add(("/project/keys/public.pem", "not read"));
        return test;
    }
}
