using System.Threading.Tasks;
using HarmonyGen.Generator.Tests.Infrastructure;
using Xunit;

namespace HarmonyGen.Generator.Tests.Transforms;

/// <summary>
/// A <c>transform</c> middleware in a gateway: its options checked at their spans, its spec file found where Harmony
/// looks (<c>[proxy] transforms_path</c>, default <c>transforms</c>, beside config.toml), the file's own problems
/// reported at their JSON line and column; a valid one builds and runs (HG0008 only for <c>inject_context</c>).
/// </summary>
public sealed class TransformDiagnosticTests
{
    private const string Api = "pipelines/api.toml";
    private const string Spec = "transforms/rename.json";
    private const string GoodSpec = "[\n  {\n    \"operation\": \"shift\",\n    \"spec\": { \"name\": \"full_name\" }\n  }\n]\n";

    private static Toml WithTransform(string options, string? spec = GoodSpec, string specPath = Spec)
    {
        Toml toml = Toml.WithMiddleware("rename", "[middleware.rename]\ntype = \"transform\"\n" + options);
        return spec is null ? toml : toml.Append(specPath, spec);
    }

    [Fact]
    public Task A_valid_spec_compiles_and_the_middleware_builds()
    {
        Toml toml = WithTransform("[middleware.rename.options]\nspec_path = \"rename.json\"\napply = \"left\"\nfail_on_error = false\n");
        return Verify.Diagnostics(toml);
    }

    [Fact]
    public Task HG0004_spec_path_is_required()
    {
        Toml toml = WithTransform("[middleware.rename.options]\napply = \"left\"\n");
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0004", Api, "middleware.rename.options").WithMessage("[middleware.rename.options] needs 'spec_path'"));
    }

    [Fact]
    public Task HG0906_a_spec_path_that_is_no_file_of_the_project()
    {
        Toml toml = WithTransform("[middleware.rename.options]\nspec_path = \"renames.json\"\n");
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0906", Api, "\"renames.json\"").WithMessage(
                "Transform spec 'renames.json' is not a file of the project: looked for transforms/renames.json, which Harmony resolves under [proxy] transforms_path"));
    }

    [Fact]
    public Task Spec_path_is_looked_up_under_transforms_path_not_beside_config_toml()
    {
        Toml toml = WithTransform("[middleware.rename.options]\nspec_path = \"rename.json\"\n", specPath: "rename.json");
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0906", Api, "\"rename.json\"").WithMessage(
                "Transform spec 'rename.json' is not a file of the project: looked for transforms/rename.json, which Harmony resolves under [proxy] transforms_path"));
    }

    [Fact]
    public Task A_transforms_path_moves_where_specs_are_found()
    {
        Toml toml = WithTransform("[middleware.rename.options]\nspec_path = \"rename.json\"\n", specPath: "jolt/rename.json")
            .Replace("config.toml", "id = \"clinic\"\n", "id = \"clinic\"\ntransforms_path = \"jolt\"\n");
        return Verify.Diagnostics(toml);
    }

    [Fact]
    public Task HG0003_apply_is_left_right_or_both()
    {
        Toml toml = WithTransform("[middleware.rename.options]\nspec_path = \"rename.json\"\napply = \"request\"\n");
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0003", Api, "\"request\"").WithMessage("'middleware.rename.options.apply' must be one of 'left', 'right', 'both'; 'request' is not"));
    }

    [Fact]
    public Task HG0002_fail_on_error_is_a_boolean()
    {
        Toml toml = WithTransform("[middleware.rename.options]\nspec_path = \"rename.json\"\nfail_on_error = \"no\"\n");
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0002", Api, "\"no\""));
    }

    [Fact]
    public Task HG0904_a_problem_in_the_spec_file_is_reported_at_its_json_line_and_column()
    {
        const string spec = "[\n  {\n    \"operation\": \"shift\",\n    \"spec\": { \"items\": { \"*\": { \"id\": \"out[&1x].id\" } } }\n  }\n]\n";
        Toml toml = WithTransform("[middleware.rename.options]\nspec_path = \"rename.json\"\n", spec);
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0904", Spec, "x").WithMessage("'out[&1x].id' is not a JOLT target path Harmony reads: unexpected 'x'"));
    }

    [Fact]
    public Task HG0907_a_modify_function_harmony_does_not_document_is_reported_at_its_name()
    {
        const string spec = "[\n  {\n    \"operation\": \"modify-overwrite-beta\",\n    \"spec\": { \"gender\": \"=ifEquals(@(1,g),'M','male')\" }\n  }\n]\n";
        Toml toml = WithTransform("[middleware.rename.options]\nspec_path = \"rename.json\"\n", spec);
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0907", Spec, "ifEquals").WithMessage(
                "'ifEquals' is not a function of Harmony's modify operations; harmony-jolt 0.5.0, Harmony's engine, has concat, toLower, toUpper, substring, trim and join and fails the transform on any other name (0.8.0 adds split, which HarmonyGen compiles); Java JOLT has no ifEquals either (an unknown function there quietly gives its first argument)"));
    }

    [Fact]
    public Task A_json_file_no_transform_names_is_not_reported()
    {
        Toml toml = WithTransform("[middleware.rename.options]\nspec_path = \"rename.json\"\n").Append("appsettings.json", "{ \"Logging\": { } }");
        return Verify.Diagnostics(toml);
    }

    [Fact]
    public Task HG0008_inject_context_is_not_built()
    {
        Toml toml = WithTransform("[middleware.rename.options]\nspec_path = \"rename.json\"\ninject_context = true\n");
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0008", Api, "true").WithMessage(
                "Transform 'rename' with inject_context = true transforms traffic and HarmonyGen cannot enforce it, so the build stops rather than drop it silently"));
    }
}
