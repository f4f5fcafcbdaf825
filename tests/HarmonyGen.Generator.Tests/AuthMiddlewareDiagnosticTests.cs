using System.Linq;
using System.Threading.Tasks;
using HarmonyGen.Generator.Spec;
using HarmonyGen.Generator.Tests.Infrastructure;
using Xunit;

namespace HarmonyGen.Generator.Tests;

/// <summary>
/// <c>basic_auth</c> and <c>jwtauth</c> (<c>jwt_auth</c>) options as Harmony's parse_config reads them
/// (src/models/middleware/types/auth.rs and jwtauth.rs at 4a412bc8), each mistake at its key or value; credentials
/// as literals (HG0307) or <c>${ENV}</c> references.
/// </summary>
public sealed class AuthMiddlewareDiagnosticTests
{
    private const string Api = "pipelines/api.toml";

    private static Toml Guarded(string table) =>
        Toml.Valid()
            .Replace(Api, "backends = [\"partner\"]\n\n", "backends = [\"partner\"]\nmiddleware = [\"gate\"]\n\n")
            .Append(Api, table);

    private static Toml BasicAuth(string options) => Guarded("[middleware.gate]\ntype = \"basic_auth\"\n[middleware.gate.options]\n" + options);

    [Fact]
    public Task Basic_auth_with_credentials_from_the_environment_has_no_diagnostics() =>
        Verify.Diagnostics(BasicAuth("username = \"${GATE_USER}\"\npassword = \"${GATE_PASSWORD}\"\ntoken_path = \"./tmp/token\"\n"));

    [Fact]
    public void Basic_auth_runs_on_the_request_chain_with_its_credentials_as_written()
    {
        GatewaySpec spec = Specs.Of(BasicAuth("username = \"clinician\"\npassword = \"${GATE_PASSWORD}\"\n"));

        var options = Assert.IsType<BasicAuthOptionsSpec>(spec.Middleware.Single(m => m.Name == "gate").Options);
        Assert.Equal("clinician", options.Username.Literal);
        Assert.Equal("GATE_PASSWORD", options.Password.EnvironmentVariable);
        Assert.Equal("middleware.gate.options.password (pipelines/api.toml)", options.Password.TomlKey);
    }

    [Fact]
    public Task HG0307_a_password_written_in_the_file_warns_and_a_user_name_does_not()
    {
        Toml toml = BasicAuth("username = \"clinician\"\npassword = \"s3cret\"\n");
        return Verify.Diagnostics(
            toml,
            toml.Warning("HG0307", Api, "\"s3cret\"").WithMessage(
                "Middleware 'gate' password is written in the file; prefer \"${ENV_NAME}\" so the secret stays out of source control"));
    }

    [Fact]
    public Task HG0004_basic_auth_needs_a_username_and_a_password()
    {
        Toml toml = BasicAuth("token_path = \"./tmp/token\"\n");
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0004", Api, "middleware.gate.options").WithMessage("[middleware.gate.options] needs 'username'"),
            toml.Error("HG0004", Api, "middleware.gate.options").WithMessage("[middleware.gate.options] needs 'password'"));
    }

    [Fact]
    public Task HG0004_basic_auth_without_an_options_table_is_reported_at_the_middleware()
    {
        Toml toml = Guarded("[middleware.gate]\ntype = \"basic_auth\"\n");
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0004", Api, "middleware.gate").WithMessage("[middleware.gate.options] needs 'username'"),
            toml.Error("HG0004", Api, "middleware.gate").WithMessage("[middleware.gate.options] needs 'password'"));
    }

    [Fact]
    public Task HG0002_a_password_that_is_not_a_string()
    {
        Toml toml = BasicAuth("username = \"${GATE_USER}\"\npassword = 1234\ntoken_path = 90210\n");
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0002", Api, "1234").WithMessage("'middleware.gate.options.password' must be a string, not an integer"),
            toml.Error("HG0002", Api, "90210").WithMessage("'middleware.gate.options.token_path' must be a string, not an integer"));
    }

    [Fact]
    public Task HG0006_a_misspelt_option_is_named_and_the_missing_one_reported()
    {
        Toml toml = BasicAuth("username = \"${GATE_USER}\"\npasword = \"${GATE_PASSWORD}\"\n");
        return Verify.Diagnostics(
            toml,
            toml.Warning("HG0006", Api, "pasword").WithMessage(
                "'pasword' is not a key HarmonyGen knows in [middleware.gate.options] of a 'basic_auth' middleware; it has no effect; did you mean 'password'?"),
            toml.Error("HG0004", Api, "middleware.gate.options").WithMessage("[middleware.gate.options] needs 'password'"));
    }

    [Fact]
    public Task HG0312_a_user_name_with_a_colon_could_never_match()
    {
        Toml toml = BasicAuth("username = \"dr:who\"\npassword = \"${GATE_PASSWORD}\"\n");
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0312", Api, "\"dr:who\"").WithMessage(
                "Middleware 'gate' username contains ':', so no Basic credentials can match it (RFC 7617: the user-id ends at the first colon)"));
    }

    [Fact]
    public Task HG0010_a_broken_environment_reference_is_never_used_as_a_literal_password()
    {
        Toml toml = BasicAuth("username = \"${GATE_USER}\"\npassword = \"${GATE_PASSWORD\"\n");
        return Verify.Diagnostics(toml, toml.Error("HG0010", Api, "\"${GATE_PASSWORD\""));
    }

    [Fact]
    public Task The_alias_and_the_type_name_ignore_case_as_Harmony_does() =>
        Verify.Diagnostics(Guarded("[middleware.gate]\ntype = \"Basic_Auth\"\n[middleware.gate.options]\nusername = \"${U}\"\npassword = \"${P}\"\n"));
}
