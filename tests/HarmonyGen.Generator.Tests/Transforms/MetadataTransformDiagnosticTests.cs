using System.Linq;
using System.Threading.Tasks;
using HarmonyGen.Generator.Tests.Infrastructure;
using Xunit;

namespace HarmonyGen.Generator.Tests.Transforms;

/// <summary>
/// A <c>metadata_transform</c> middleware: its options checked at their spans as a transform's are, its spec file found
/// and compiled by the same code (under <c>[proxy] transforms_path</c>), and its <c>transform_target</c>: only
/// <c>metadata</c> runs (HG0920 for Harmony's default <c>target_details</c>), which the right side does not read.
/// </summary>
public sealed class MetadataTransformDiagnosticTests
{
    private const string Api = "pipelines/api.toml";
    private const string Spec = "transforms/tag.json";
    private const string GoodSpec = "[\n  {\n    \"operation\": \"default\",\n    \"spec\": { \"dimse_op\": \"find\" }\n  }\n]\n";

    private static Toml WithMetadataTransform(string options, string? spec = GoodSpec, string specPath = Spec)
    {
        Toml toml = Toml.WithMiddleware("tag", "[middleware.tag]\ntype = \"metadata_transform\"\n" + options);
        return spec is null ? toml : toml.Append(specPath, spec);
    }

    [Theory]
    [InlineData("apply = \"left\"\ntransform_target = \"metadata\"\nfail_on_error = false\n")]
    [InlineData("apply = \"both\"\ntransform_target = \"metadata\"\n")]
    [InlineData("apply = \"right\"\n")] // the right side transforms the response's metadata whatever transform_target says
    [InlineData("apply = \"right\"\ntransform_target = \"target_details\"\n")]
    public Task A_valid_metadata_transform_builds(string options)
    {
        Toml toml = WithMetadataTransform("[middleware.tag.options]\nspec_path = \"tag.json\"\n" + options);
        return Verify.Diagnostics(toml);
    }

    [Fact]
    public void Its_definition_names_the_compiled_spec_on_the_sides_apply_names_and_compiles()
    {
        Toml toml = WithMetadataTransform("[middleware.tag.options]\nspec_path = \"tag.json\"\napply = \"both\"\ntransform_target = \"metadata\"\nfail_on_error = false\n")
            .Replace(Api, "middleware = [\"tag\"]", "middleware = [\"tag\", \"dump\"]")
            .Append(Api, "\n[middleware.dump]\ntype = \"log_dump\"\n[middleware.dump.options]\nredact_metadata = [\"tier\"]\n");

        GeneratorOutcome run = GeneratorRunner.Run(toml.Files);

        Assert.Empty(run.Diagnostics.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        Assert.Empty(run.GeneratedCodeErrors());
        string source = Assert.Single(run.GeneratedSources).SourceText.ToString();
        const string definition = "new HarmonyGenDefinitions.MetadataTransformMiddlewareDefinition(Name: \"tag\", Transform: Transforms.Tag.Instance, FailOnError: false),";
        Assert.Equal(2, source.Split(definition).Length - 1); // the request chain and the response chain
        Assert.Contains("public sealed class Tag : global::HarmonyGen.Transforms.IJsonTransform", source, System.StringComparison.Ordinal);
        Assert.Contains("{ RedactMetadata = [\"tier\"] },", source, System.StringComparison.Ordinal);
    }

    [Fact]
    public Task HG0920_transform_target_left_out_is_Harmonys_target_details_and_is_reported_at_type()
    {
        Toml toml = WithMetadataTransform("[middleware.tag.options]\nspec_path = \"tag.json\"\n");
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0920", Api, "\"metadata_transform\"").WithMessage(
                "metadata_transform 'tag' has transform_target 'target_details' (Harmony's default, as transform_target is not written), with which Harmony builds the backend request (method, URI, headers, query) from the spec's output; HarmonyGen runs only transform_target = \"metadata\", which transforms the request's metadata map: write that, or apply = \"right\""));
    }

    [Fact]
    public Task HG0920_transform_target_target_details_is_reported_at_its_value()
    {
        Toml toml = WithMetadataTransform("[middleware.tag.options]\nspec_path = \"tag.json\"\napply = \"both\"\ntransform_target = \"target_details\"\n");
        return Verify.Diagnostics(toml, toml.Error("HG0920", Api, "\"target_details\""));
    }

    [Fact]
    public Task HG0003_transform_target_is_metadata_or_target_details()
    {
        Toml toml = WithMetadataTransform("[middleware.tag.options]\nspec_path = \"tag.json\"\ntransform_target = \"meta\"\n");
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0003", Api, "\"meta\"").WithMessage("'middleware.tag.options.transform_target' must be one of 'metadata', 'target_details'; 'meta' is not"));
    }

    [Fact]
    public Task HG0004_spec_path_is_required()
    {
        Toml toml = WithMetadataTransform("[middleware.tag.options]\ntransform_target = \"metadata\"\n");
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0004", Api, "middleware.tag.options").WithMessage("[middleware.tag.options] needs 'spec_path'"));
    }

    [Fact]
    public Task HG0004_without_an_options_table_spec_path_is_missing_at_the_middleware()
    {
        Toml toml = WithMetadataTransform(string.Empty);
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0004", Api, "middleware.tag").WithMessage("[middleware.tag.options] needs 'spec_path'"),
            toml.Error("HG0920", Api, "\"metadata_transform\""));
    }

    [Fact]
    public Task HG0906_spec_path_is_looked_up_under_transforms_path_as_a_transforms_is()
    {
        Toml toml = WithMetadataTransform("[middleware.tag.options]\nspec_path = \"tag.json\"\ntransform_target = \"metadata\"\n", specPath: "tag.json");
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0906", Api, "\"tag.json\"").WithMessage(
                "Transform spec 'tag.json' is not a file of the project: looked for transforms/tag.json, which Harmony resolves under [proxy] transforms_path"));
    }

    [Fact]
    public Task A_transforms_path_moves_where_its_spec_is_found()
    {
        Toml toml = WithMetadataTransform("[middleware.tag.options]\nspec_path = \"tag.json\"\ntransform_target = \"metadata\"\n", specPath: "jolt/tag.json")
            .Replace("config.toml", "id = \"clinic\"\n", "id = \"clinic\"\ntransforms_path = \"jolt\"\n");
        return Verify.Diagnostics(toml);
    }

    [Fact]
    public Task HG0003_apply_is_left_right_or_both()
    {
        Toml toml = WithMetadataTransform("[middleware.tag.options]\nspec_path = \"tag.json\"\ntransform_target = \"metadata\"\napply = \"request\"\n");
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0003", Api, "\"request\"").WithMessage("'middleware.tag.options.apply' must be one of 'left', 'right', 'both'; 'request' is not"));
    }

    [Fact]
    public Task HG0002_fail_on_error_is_a_boolean()
    {
        Toml toml = WithMetadataTransform("[middleware.tag.options]\nspec_path = \"tag.json\"\ntransform_target = \"metadata\"\nfail_on_error = \"no\"\n");
        return Verify.Diagnostics(toml, toml.Error("HG0002", Api, "\"no\""));
    }

    [Fact]
    public Task HG0006_inject_context_is_a_transforms_option_not_a_metadata_transforms()
    {
        Toml toml = WithMetadataTransform("[middleware.tag.options]\nspec_path = \"tag.json\"\ntransform_target = \"metadata\"\ninject_context = true\n");
        return Verify.Diagnostics(toml, toml.Warning("HG0006", Api, "inject_context"));
    }

    [Fact]
    public Task HG0904_a_problem_in_its_spec_file_is_reported_at_its_json_line_and_column()
    {
        const string spec = "[\n  {\n    \"operation\": \"shift\",\n    \"spec\": { \"items\": { \"*\": { \"id\": \"out[&1x].id\" } } }\n  }\n]\n";
        Toml toml = WithMetadataTransform("[middleware.tag.options]\nspec_path = \"tag.json\"\ntransform_target = \"metadata\"\n", spec);
        return Verify.Diagnostics(toml, toml.Error("HG0904", Spec, "x"));
    }
}
