using System.Linq;
using System.Threading.Tasks;
using HarmonyGen.Generator.Spec;
using HarmonyGen.Generator.Tests.Infrastructure;
using Xunit;

namespace HarmonyGen.Generator.Tests;

/// <summary>
/// <c>path_filter</c> read as Harmony's parse_config reads it (src/models/middleware/types/path_filter.rs): a required,
/// non-empty <c>rules</c> array of matchit patterns, each checked at its span as the policy path rule's patterns are.
/// </summary>
public sealed class PathFilterDiagnosticTests
{
    private const string Api = "pipelines/api.toml";

    private static Toml WithFilter(string options) => Toml.WithMiddleware("paths", "[middleware.paths]\ntype = \"path_filter\"\n" + options);

    [Fact]
    public Task A_path_filter_with_valid_rules_builds_and_runs_on_the_request_chain()
    {
        Toml toml = WithFilter("[middleware.paths.options]\nrules = [\"/api/{*rest}\", \"/health\", \"/users/{id}\"]\n");
        PathFilterOptionsSpec filter = Assert.IsType<PathFilterOptionsSpec>(Specs.Of(toml).Middleware.Single(m => m.Name == "paths").Options);

        Assert.Equal(new[] { "/api/{*rest}", "/health", "/users/{id}" }, filter.Rules);
        return Verify.Diagnostics(toml); // the emitted definition compiles against the runtime
    }

    [Fact]
    public Task HG0002_rules_written_as_tables_as_Harmonys_example_writes_them()
    {
        // tests/conformance/harmony-examples/http-with-middleware: Harmony's parse_config answers "All rules must be strings".
        Toml toml = WithFilter("[middleware.paths.options]\nrules = [{ allow = \"/api/{*path}\" }, \"/health\"]\n");
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0002", Api, "{ allow = \"/api/{*path}\" }").WithMessage(
                "'middleware.paths.options.rules items' must be strings, not a table"));
    }

    [Fact]
    public Task HG0002_rules_that_are_not_an_array()
    {
        Toml toml = WithFilter("[middleware.paths.options]\nrules = \"/api/{*rest}\"\n");
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0002", Api, "\"/api/{*rest}\"").WithMessage(
                "'middleware.paths.options.rules' must be an array of strings, not a string"));
    }

    [Fact]
    public Task HG0004_a_path_filter_without_options_needs_rules()
    {
        Toml toml = WithFilter(string.Empty);
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0004", Api, "middleware.paths").WithMessage("[middleware.paths.options] needs 'rules'"));
    }

    [Fact]
    public Task HG0319_an_empty_rules_array_allows_no_path()
    {
        Toml toml = WithFilter("[middleware.paths.options]\nrules = []\n");
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0319", Api, "[]").WithMessage(
                "'middleware.paths.options.rules' is empty: Harmony refuses a path_filter without a rule (\"PathFilter requires at least one rule\"); list the paths it lets through, such as \"/api/{*rest}\""));
    }

    [Fact]
    public Task HG0802_a_bad_pattern_and_a_second_route_of_the_same_shape()
    {
        Toml toml = WithFilter("[middleware.paths.options]\nrules = [\"/api/*\", \"/users/{id}\", \"/users/{name}\", \"health\"]\n");
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0802", Api, "\"/api/*\"").WithMessage(
                "'/api/*' in middleware.paths.options.rules is not a valid path pattern: '*' outside braces is a literal asterisk to Harmony's matcher, not a wildcard; write '{*rest}' for the rest of the path or '{name}' for one segment"),
            toml.Error("HG0802", Api, "\"/users/{name}\"").WithMessage(
                "'/users/{name}' in middleware.paths.options.rules is not a valid path pattern: it is the same route as '/users/{id}' to Harmony's matcher"),
            toml.Error("HG0802", Api, "\"health\""));
    }

    [Fact]
    public Task HG0006_an_option_path_filter_does_not_have()
    {
        Toml toml = WithFilter("[middleware.paths.options]\nrules = [\"/api/{*rest}\"]\nrule = [\"/x\"]\n");
        return Verify.Diagnostics(
            toml,
            toml.Warning("HG0006", Api, "rule", occurrence: 2).WithMessage(
                "'rule' is not a key HarmonyGen knows in [middleware.paths.options]; it has no effect; did you mean 'rules'?"));
    }
}
