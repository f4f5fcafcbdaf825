using System.Linq;
using System.Threading.Tasks;
using HarmonyGen.Generator.Spec;
using HarmonyGen.Generator.Tests.Infrastructure;
using Xunit;

namespace HarmonyGen.Generator.Tests;

/// <summary>
/// A pipeline's middleware as Harmony reads it: a plain list or the left (request) and right (response) chains,
/// names resolved to a [middleware.X] table or to a built-in type that needs none, and each type's effect said by
/// HG0008 for one HarmonyGen does not run.
/// </summary>
public sealed class MiddlewareDiagnosticTests
{
    private const string Api = "pipelines/api.toml";

    private static Toml WithMiddleware(string middleware, string tables = "") =>
        Toml.Valid()
            .Replace(Api, "backends = [\"partner\"]\n\n", "backends = [\"partner\"]\n" + middleware + "\n\n")
            .Append(Api, tables);

    [Fact]
    public Task Passthru_named_without_a_table_is_Harmonys_built_in_no_op() =>
        Verify.Diagnostics(WithMiddleware("middleware = [\"passthru\"]"));

    [Fact]
    public Task A_built_in_type_is_found_ignoring_case_as_Harmony_finds_it() =>
        Verify.Diagnostics(WithMiddleware("middleware = [\"noop\"]", "[middleware.noop]\ntype = \"PassThru\"\n"));

    [Fact]
    public Task Left_and_right_chains_are_accepted() =>
        Verify.Diagnostics(WithMiddleware(
            "middleware.left = [\"inbound\", \"passthru\"]\nmiddleware.right = [\"outbound\"]",
            "[middleware.inbound]\ntype = \"passthru\"\n[middleware.outbound]\ntype = \"passthru\"\n"));

    [Fact]
    public void Left_and_right_chains_keep_their_side_and_Harmonys_order()
    {
        GatewaySpec spec = Specs.Of(WithMiddleware(
            "middleware.left = [\"inbound\", \"passthru\"]\nmiddleware.right = [\"outbound\", \"passthru\"]",
            "[middleware.inbound]\ntype = \"passthru\"\n[middleware.outbound]\ntype = \"passthru\"\n"));
        PipelineSpec api = spec.Pipelines.Single();

        Assert.Equal(new[] { "inbound", "passthru" }, api.RequestMiddleware);
        Assert.Equal(new[] { "outbound", "passthru" }, api.ResponseMiddleware);
        Assert.Equal(new[] { "inbound", "passthru", "outbound", "passthru" }, api.Middleware);
    }

    [Fact]
    public void A_plain_list_runs_forward_on_the_request_and_backward_on_the_response()
    {
        GatewaySpec spec = Specs.Of(WithMiddleware("middleware = [\"first\", \"passthru\"]", "[middleware.first]\ntype = \"passthru\"\n"));
        PipelineSpec api = spec.Pipelines.Single();

        Assert.Equal(new[] { "first", "passthru" }, api.Middleware);
        Assert.Equal(new[] { "first", "passthru" }, api.RequestMiddleware);
        Assert.Equal(new[] { "passthru", "first" }, api.ResponseMiddleware);
        Assert.Contains(spec.Middleware, m => m is { Name: "passthru", Type: "passthru", BuiltIn: true });
    }

    [Fact]
    public Task HG0002_middleware_that_is_neither_a_list_nor_left_and_right()
    {
        Toml toml = WithMiddleware("middleware = \"passthru\"");
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0002", Api, "\"passthru\"").WithMessage(
                "'pipelines.api.middleware' must be an array of middleware names, or a table with 'left' and 'right' arrays, not a string"));
    }

    [Fact]
    public Task HG0006_and_HG0002_a_chains_table_with_a_misspelt_side()
    {
        Toml toml = WithMiddleware("middleware.lefft = [\"passthru\"]");
        return Verify.Diagnostics(
            toml,
            toml.Warning("HG0006", Api, "middleware.lefft").WithMessage(
                "'lefft' is not a key HarmonyGen knows in [pipelines.api.middleware]; it has no effect; did you mean 'left'?"),
            toml.Error("HG0002", Api, "middleware.lefft"));
    }

    [Fact]
    public Task HG0002_a_chain_item_that_is_not_a_name()
    {
        Toml toml = WithMiddleware("middleware.left = [\"passthru\", 7]");
        return Verify.Diagnostics(toml, toml.Error("HG0002", Api, "7"));
    }

    [Fact]
    public Task HG0301_a_built_in_that_needs_options_named_without_a_table()
    {
        Toml toml = WithMiddleware("middleware = [\"policies\"]");
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0301", Api, "\"policies\"").WithMessage(
                "Middleware 'policies' is not defined; Harmony's built-in 'policies' needs options, so it needs a [middleware.policies] table with type = \"policies\""));
    }

    [Fact]
    public Task HG0301_a_name_in_the_response_chain_is_resolved_too()
    {
        Toml toml = WithMiddleware("middleware.left = [\"passthru\"]\nmiddleware.right = [\"pasthru\"]");
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0301", Api, "\"pasthru\"").WithMessage("Middleware 'pasthru' is not defined; did you mean 'passthru'?"));
    }

    [Fact]
    public Task HG0008_a_payload_built_in_named_without_a_table_says_it_transforms()
    {
        Toml toml = WithMiddleware("middleware = [\"jmix_builder\"]");
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0008", Api, "\"jmix_builder\"").WithMessage(
                "Built-in middleware 'jmix_builder' (named without a [middleware.jmix_builder] table) transforms traffic and HarmonyGen cannot enforce it, so the build stops rather than drop it silently"));
    }

    [Theory]
    [InlineData("middleware = [\"json_extractor\"]", "")]
    [InlineData("middleware = [\"json\"]", "")]
    [InlineData("middleware = [\"extract\"]", "[middleware.extract]\ntype = \"json_extractor\"\n")]
    public Task A_json_extractor_builds_by_name_or_as_a_table(string list, string table)
    {
        // Harmony's executor has parsed the body before any middleware runs, so json_extractor has nothing to do.
        Toml toml = WithMiddleware(list, table);
        return Verify.Diagnostics(toml);
    }

    [Theory]
    [InlineData("dicom_flatten", "transforms traffic")]
    public Task HG0008_says_what_the_middleware_would_have_done(string type, string effect)
    {
        Toml toml = WithMiddleware("middleware = [\"step\"]", $"[middleware.step]\ntype = \"{type}\"\n");
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0008", Api, $"\"{type}\"").WithMessage(
                $"Middleware 'step' of type '{type}' {effect} and HarmonyGen cannot enforce it, so the build stops rather than drop it silently"));
    }

    [Fact]
    public Task Log_dump_runs_on_the_sides_its_apply_names_and_named_alone_with_Harmonys_defaults()
    {
        Toml toml = WithMiddleware(
            "middleware = [\"audit\", \"dump\"]",
            "[middleware.audit]\ntype = \"log_dump\"\n[middleware.audit.options]\nlabel = \"in\"\napply = \"LEFT\"\nredact_headers = [\"X-Patient-Id\"]\npretty = true\nmax_bytes = 1024\nredact_metadata = [\"token\"]\nredact_data_fields = [\"patient.name\"]\n");
        GatewaySpec spec = Specs.Of(toml);
        PipelineSpec api = spec.Pipelines.Single();

        LogDumpOptionsSpec audit = Assert.IsType<LogDumpOptionsSpec>(spec.Middleware.Single(m => m.Name == "audit").Options);
        Assert.Equal((true, false, "in"), (audit.Request, audit.Response, audit.Label));
        Assert.Equal(new[] { "X-Patient-Id" }, audit.RedactHeaders);
        Assert.Equal(LogDumpOptionsSpec.Defaults, spec.Middleware.Single(m => m.Name == "dump").Options);
        Assert.Equal(new[] { "audit", "dump" }, Emit.MiddlewareEmitter.StagesOf(api.RequestMiddleware, spec.Middleware, request: true).Select(m => m.Name));
        Assert.Equal(new[] { "dump" }, Emit.MiddlewareEmitter.StagesOf(api.ResponseMiddleware, spec.Middleware, request: false).Select(m => m.Name));
        return Verify.Diagnostics(toml); // no HG0011 any more, and the emitted definitions compile against the runtime
    }

    [Fact]
    public Task HG0807_proxy_sensitive_field_patterns_reach_every_log_dump_when_Harmonys_regex_crate_accepts_them()
    {
        Toml toml = WithMiddleware("middleware = [\"dump\"]")
            .Replace("config.toml", "id = \"clinic\"\n", "id = \"clinic\"\nsensitive_field_patterns = [\".*patient.*name.*\", \"(?!safe)ssn\"]\n");
        LogDumpOptionsSpec dump = Assert.IsType<LogDumpOptionsSpec>(Specs.Of(toml).Middleware.Single(m => m.Name == "dump").Options);

        Assert.Equal(new[] { ".*patient.*name.*" }, dump.SensitiveFieldPatterns);
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0807", "config.toml", "\"(?!safe)ssn\"").WithMessage(
                "'(?!safe)ssn' in proxy.sensitive_field_patterns is not a regular expression Harmony accepts: '(?!' (look-around and atomic groups) is not supported"));
    }

    [Fact]
    public Task HG0003_HG0002_and_HG0006_log_dump_options_are_checked_where_Harmony_would_fall_back_silently()
    {
        Toml toml = WithMiddleware(
            "middleware = [\"audit\"]",
            "[middleware.audit]\ntype = \"dump\"\n[middleware.audit.options]\napply = \"request\"\npretty = \"yes\"\nmax_bytes = -1\nredact_headers = \"Authorization\"\nlabels = \"in\"\n");
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0003", Api, "\"request\"").WithMessage("'middleware.audit.options.apply' must be one of 'left', 'right', 'both'; 'request' is not"),
            toml.Error("HG0002", Api, "\"yes\""),
            toml.Error("HG0002", Api, "-1").WithMessage("'middleware.audit.options.max_bytes' must be a byte count of 0 or more, not -1"),
            toml.Error("HG0002", Api, "\"Authorization\""),
            toml.Warning("HG0006", Api, "labels").WithMessage(
                "'labels' is not a key HarmonyGen knows in [middleware.audit.options]; it has no effect; did you mean 'label'?"));
    }

    [Fact]
    public Task HG0003_a_type_Harmony_does_not_have()
    {
        Toml toml = WithMiddleware("middleware = [\"step\"]", "[middleware.step]\ntype = \"gzip\"\n");
        return Verify.Diagnostics(toml, toml.Error("HG0003", Api, "\"gzip\""));
    }
}
