using System.Linq;
using System.Threading.Tasks;
using HarmonyGen.Generator.Spec;
using HarmonyGen.Generator.Tests.Infrastructure;
using Xunit;

namespace HarmonyGen.Generator.Tests;

/// <summary>
/// A pipeline's middleware as Harmony reads it: a plain list or the left (request) and right (response) chains,
/// names resolved to a [middleware.X] table or to a built-in type that needs none, and each type's effect said by
/// HG0008 (or HG0011 for one that only logs).
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
        Toml toml = WithMiddleware("middleware = [\"json_extractor\"]");
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0008", Api, "\"json_extractor\"").WithMessage(
                "Built-in middleware 'json_extractor' (named without a [middleware.json_extractor] table) transforms traffic and HarmonyGen cannot enforce it, so the build stops rather than drop it silently"));
    }

    [Theory]
    [InlineData("basic_auth", "guards traffic")]
    [InlineData("jwtauth", "guards traffic")]
    [InlineData("path_filter", "guards traffic")]
    [InlineData("metadata_transform", "transforms traffic")]
    [InlineData("webhook", "sends a copy of traffic to another service")]
    public Task HG0008_says_what_the_middleware_would_have_done(string type, string effect)
    {
        Toml toml = WithMiddleware("middleware = [\"step\"]", $"[middleware.step]\ntype = \"{type}\"\n");
        return Verify.Diagnostics(
            toml,
            toml.Error("HG0008", Api, $"\"{type}\"").WithMessage(
                $"Middleware 'step' of type '{type}' {effect} and HarmonyGen cannot enforce it, so the build stops rather than drop it silently"));
    }

    [Fact]
    public Task HG0011_log_dump_only_logs_so_it_is_a_warning()
    {
        Toml toml = WithMiddleware("middleware = [\"audit\", \"dump\"]", "[middleware.audit]\ntype = \"log_dump\"\n[middleware.audit.options]\nlabel = \"in\"\n");
        return Verify.Diagnostics(
            toml,
            toml.Warning("HG0011", Api, "\"log_dump\"").WithMessage(
                "Middleware 'audit' (type 'log_dump') only logs traffic and HarmonyGen does not run it: nothing is logged, and requests and responses pass unchanged"),
            toml.Warning("HG0011", Api, "\"dump\""));
    }

    [Fact]
    public Task HG0003_a_type_Harmony_does_not_have()
    {
        Toml toml = WithMiddleware("middleware = [\"step\"]", "[middleware.step]\ntype = \"gzip\"\n");
        return Verify.Diagnostics(toml, toml.Error("HG0003", Api, "\"gzip\""));
    }
}
