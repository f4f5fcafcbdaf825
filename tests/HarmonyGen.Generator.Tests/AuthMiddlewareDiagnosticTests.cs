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

    private static Toml Guarded(string table) => Toml.WithMiddleware("gate", table);

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

    private static Toml JwtAuth(string options, string type = "jwt_auth") => Guarded($"[middleware.gate]\ntype = \"{type}\"\n[middleware.gate.options]\n" + options);

    [Fact]
    public Task Jwt_auth_RS256_with_its_key_file_present_has_no_diagnostics()
    {
        var test = new GatewayTest(JwtAuth("public_key_path = \"./keys/jwt_public.pem\"\nissuer = \"https://auth.example.com/\"\naudience = \"soap-api\"\nleeway_secs = 30\n").Files);
        test.TestState.AdditionalFiles.Add(("/project/keys/jwt_public.pem", "not read"));
        return test.RunAsync();
    }

    [Fact]
    public void Jwt_auth_keeps_its_key_claims_and_leeway_and_the_alias_resolves_to_jwtauth()
    {
        GatewaySpec spec = Specs.Of(JwtAuth("use_hs256 = true\nhs256_secret = \"${GATE_JWT_SECRET}\"\naudience = \"soap-api\"\n"));

        MiddlewareSpec gate = spec.Middleware.Single(m => m.Name == "gate");
        Assert.Equal("jwtauth", gate.Type);
        var options = Assert.IsType<JwtAuthOptionsSpec>(gate.Options);
        Assert.Null(options.PublicKeyPath);
        Assert.Equal("GATE_JWT_SECRET", options.Hs256Secret!.EnvironmentVariable);
        Assert.Null(options.Issuer);
        Assert.Equal("soap-api", options.Audience);
        Assert.Equal(60, options.LeewaySeconds); // Harmony's default
    }

    [Fact]
    public Task HG0410_a_public_key_file_missing_at_build_time_warns_with_the_resolved_path()
    {
        Toml toml = JwtAuth("public_key_path = \"./tmp/jwt_public.pem\"\n", type: "jwtauth");
        return Verify.Diagnostics(toml, toml.Warning("HG0410", Api, "\"./tmp/jwt_public.pem\"").WithArguments("./tmp/jwt_public.pem", "/project/tmp/jwt_public.pem"));
    }

    [Fact]
    public Task HG0310_RS256_without_a_public_key_is_reported_at_the_options()
    {
        Toml toml = JwtAuth("issuer = \"https://auth.example.com/\"\n");
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0310", Api, "middleware.gate.options").WithMessage(
                "Middleware 'gate' verifies RS256 tokens and needs 'public_key_path' (a PEM RSA public key), or use_hs256 = true with 'hs256_secret'"));
    }

    [Fact]
    public Task HG0310_and_HG0006_keys_written_beside_type_are_not_options_as_in_harmony_examples_soap_to_json()
    {
        Toml toml = Guarded("[middleware.gate]\ntype = \"jwt_auth\"\npublic_key_path = \"${JWT_KEY}\"\n");
        return Verify.Diagnostics(
            toml,
            toml.Warning("HG0006", Api, "public_key_path"),
            toml.Error("HG0310", Api, "middleware.gate"));
    }

    [Fact]
    public Task HG0309_use_hs256_without_a_secret_would_use_Harmonys_published_test_secret()
    {
        Toml toml = JwtAuth("use_hs256 = true\n");
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0309", Api, "true").WithMessage(
                "Middleware 'gate' sets use_hs256 = true without 'hs256_secret'; Harmony would then verify tokens with its built-in test secret, which anyone can sign with"));
    }

    [Fact]
    public Task HG0308_and_HG0307_a_short_literal_secret()
    {
        Toml toml = JwtAuth("use_hs256 = true\nhs256_secret = \"my-secret\"\n");
        return Verify.Diagnostics(
            toml,
            toml.Warning("HG0307", Api, "\"my-secret\"").WithMessage(
                "Middleware 'gate' hs256_secret is written in the file; prefer \"${ENV_NAME}\" so the secret stays out of source control"),
            toml.Error("HG0308", Api, "\"my-secret\"").WithMessage(
                "Middleware 'gate' hs256_secret is 9 bytes; HS256 needs at least 32 (RFC 7518 §3.2), and the gateway refuses a shorter key at start-up"));
    }

    [Fact]
    public Task HG0311_the_key_of_the_algorithm_not_used_has_no_effect()
    {
        Toml hs256 = JwtAuth("use_hs256 = true\nhs256_secret = \"${GATE_JWT_SECRET}\"\npublic_key_path = \"${GATE_JWT_KEY}\"\n");
        Toml rs256 = JwtAuth("use_hs256 = false\npublic_key_path = \"${GATE_JWT_KEY}\"\nhs256_secret = \"${GATE_JWT_SECRET}\"\n");
        return Task.WhenAll(
            Verify.Diagnostics(hs256, hs256.Warning("HG0311", Api, "\"${GATE_JWT_KEY}\"").WithMessage(
                "Middleware 'gate' 'public_key_path' has no effect: use_hs256 = true verifies HS256 tokens with 'hs256_secret'")),
            Verify.Diagnostics(rs256, rs256.Warning("HG0311", Api, "\"${GATE_JWT_SECRET}\"").WithMessage(
                "Middleware 'gate' 'hs256_secret' has no effect: without use_hs256 = true, tokens are verified as RS256 with 'public_key_path'")));
    }

    [Fact]
    public Task HG0002_jwt_auth_options_of_the_wrong_type_and_a_negative_leeway()
    {
        Toml toml = JwtAuth("public_key_path = \"${GATE_JWT_KEY}\"\nuse_hs256 = \"no\"\naudience = [\"a\"]\nleeway_secs = -5\n");
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0002", Api, "\"no\"").WithMessage("'middleware.gate.options.use_hs256' must be a boolean (true or false), not a string"),
            toml.Error("HG0002", Api, "[\"a\"]").WithMessage("'middleware.gate.options.audience' must be a string, not an array"),
            toml.Error("HG0002", Api, "-5").WithMessage("'middleware.gate.options.leeway_secs' must be a whole number of seconds, 0 or more, not -5"));
    }

    [Fact]
    public Task HG0006_a_misspelt_jwt_auth_option()
    {
        Toml toml = JwtAuth("public_key_path = \"${GATE_JWT_KEY}\"\nleeway_sec = 30\n");
        return Verify.Diagnostics(
            toml,
            toml.Warning("HG0006", Api, "leeway_sec").WithMessage(
                "'leeway_sec' is not a key HarmonyGen knows in [middleware.gate.options] of a 'jwtauth' middleware; it has no effect; did you mean 'leeway_secs'?"));
    }
}
