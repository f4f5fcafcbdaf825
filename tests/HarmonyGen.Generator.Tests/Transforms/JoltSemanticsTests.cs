using System.Text.Json.Nodes;
using HarmonyGen.Generator.Tests.Infrastructure;
using HarmonyGen.Transforms;
using Xunit;

namespace HarmonyGen.Generator.Tests.Transforms;

/// <summary>
/// What fluvio-jolt (and so Harmony) does where Java JOLT and a first guess differ, pinned on the exact output text:
/// member order, several matches into one place, the order keys are tried in, its own reading of '&amp;1' and of
/// wildcards, default and remove through arrays, the swap-remove, and the inputs that fail a transform.
/// </summary>
public sealed class JoltSemanticsTests
{
    internal static string Run(string operations, string input)
    {
        IJsonTransform transform = JoltCompiler.Compile("[" + operations + "]");
        JsonNode? output = transform.Apply(JsonNode.Parse(input));
        return output?.ToJsonString() ?? "null";
    }

    private static string Shift(string spec, string input) => Run("{\"operation\":\"shift\",\"spec\":" + spec + "}", input);

    [Fact]
    public void Output_members_follow_the_order_the_input_is_matched_in()
    {
        Assert.Equal("{\"z\":1,\"a\":2,\"m\":3}", Shift("{\"*\":\"&\"}", "{\"z\":1,\"a\":2,\"m\":3}"));
    }

    [Fact]
    public void Several_matches_into_one_path_become_an_array_in_match_order()
    {
        Assert.Equal("{\"all\":[1,2,[3,4]]}", Shift("{\"*\":\"all\"}", "{\"a\":1,\"b\":2,\"c\":[3,4]}"));
    }

    [Fact]
    public void A_value_that_is_an_array_already_takes_the_next_match_inside_it()
    {
        Assert.Equal("{\"all\":[3,4,1]}", Shift("{\"*\":\"all\"}", "{\"c\":[3,4],\"a\":1}"));
    }

    [Fact]
    public void A_literal_key_wins_over_an_amp_key_over_a_wildcard_whatever_the_written_order()
    {
        Assert.Equal("{\"star\":1,\"lit\":2}", Shift("{\"*\":\"star\",\"b\":\"lit\",\"&\":\"amp\"}", "{\"a\":1,\"b\":2}"));
    }

    [Fact]
    public void Value_keys_run_once_per_object_before_its_input_keys()
    {
        Assert.Equal("{\"first\":\"x\",\"a\":1}", Shift("{\"a\":\"a\",\"#x\":\"first\"}", "{\"a\":1}"));
    }

    [Fact]
    public void Amp_with_a_number_is_that_level_as_harmony_jolt_reads_it()
    {
        // fluvio-jolt read "&0" as '&' then the text "0" ("id0"); Harmony's own test since it moved to harmony-jolt
        // 0.5.0 (crates/transform/src/lib.rs test_wildcard_transform) expects data.id, as Java JOLT.
        Assert.Equal("{\"data\":{\"id\":1}}", Shift("{\"*\":\"data.&0\"}", "{\"id\":1}"));
        Assert.Equal("{\"data\":{\"x\":1}}", Shift("{\"*\":{\"*\":\"data.&1\"}}", "{\"x\":{\"y\":1}}"));
        Assert.Equal("{\"data\":{\"x-y\":1}}", Shift("{\"*\":{\"*\":\"data.&1-&0\"}}", "{\"x\":{\"y\":1}}"));
        Assert.Equal("{\"k\":\"x\"}", Shift("{\"*\":{\"*\":{\"$1\":\"k\"}}}", "{\"x\":{\"y\":1}}"));
    }

    [Fact]
    public void An_index_from_a_level_up_puts_each_element_at_its_position_as_harmonys_test_says()
    {
        // crates/transform/src/lib.rs test_array_index_reference: "results[&1].name".
        Assert.Equal("{\"results\":[{\"name\":\"first\",\"value\":1},{\"name\":\"second\",\"value\":2}]}", Shift(
            "{\"items\":{\"*\":{\"name\":\"results[&1].name\",\"value\":\"results[&1].value\"}}}",
            "{\"items\":[{\"name\":\"first\",\"value\":1},{\"name\":\"second\",\"value\":2}]}"));
    }

    [Fact]
    public void A_wildcard_piece_is_found_anywhere_and_the_rest_keeps_it()
    {
        // fluvio-jolt's match_stars: "*-*" on "x-y" captures "x" and "-y"; nothing checks the key's end.
        Assert.Equal("{\"x\":{\"-y\":1},\"axbz\":2}", Shift("{\"*-*\":\"&(0,1).&(0,2)\",\"a*b\":\"&\"}", "{\"x-y\":1,\"axbz\":2}"));
    }

    [Fact]
    public void A_scalar_is_matched_as_a_key_in_serde_jsons_spelling()
    {
        Assert.Equal("{\"five\":\"n\",\"t\":\"b\",\"half\":\"f\",\"none\":\"z\"}",
            Shift("{\"n\":{\"5\":{\"#n\":\"five\"}},\"b\":{\"true\":{\"#b\":\"t\"}},\"f\":{\"0\\\\.5\":{\"#f\":\"half\"}},\"z\":{\"null\":{\"#z\":\"none\"}}}",
                "{\"n\":5,\"b\":true,\"f\":5e-1,\"z\":null}"));
    }

    [Fact]
    public void A_shift_that_matches_nothing_outputs_null()
    {
        Assert.Equal("null", Shift("{\"a\":\"b\"}", "{\"x\":1}"));
    }

    [Fact]
    public void At_with_an_empty_target_writes_the_whole_input_at_the_root()
    {
        Assert.Equal("{\"a\":[1,{\"b\":2}]}", Shift("{\"@\":\"\"}", "{\"a\":[1,{\"b\":2}]}"));
    }

    [Fact]
    public void Indexes_pad_with_null_and_brackets_append()
    {
        Assert.Equal("{\"a\":[null,null,\"x\"],\"b\":[\"x\",\"x\"]}", Shift("{\"k\":[\"a[2]\",\"b[]\",\"b[]\"]}", "{\"k\":\"x\"}"));
    }

    [Fact]
    public void A_null_value_matches_and_drops_so_later_keys_are_not_tried()
    {
        Assert.Equal("{\"b\":2}", Shift("{\"a\":null,\"*\":\"&\"}", "{\"a\":1,\"b\":2}"));
    }

    [Fact]
    public void Default_adds_what_is_missing_in_place_but_not_inside_arrays_and_builds_objects_for_array_specs()
    {
        string defaulted = Run(
            "{\"operation\":\"default\",\"spec\":{\"a\":[{\"x\":1}],\"list\":[{\"y\":2}],\"k\":\"v\"}}",
            "{\"a\":[{}],\"k\":\"kept\"}");
        Assert.Equal("{\"a\":[{}],\"k\":\"kept\",\"list\":{\"0\":{\"y\":2}}}", defaulted);
    }

    [Fact]
    public void Remove_is_a_swap_remove_the_last_member_takes_the_removed_place()
    {
        Assert.Equal("{\"c\":3,\"b\":2}", Run("{\"operation\":\"remove\",\"spec\":{\"a\":\"\"}}", "{\"a\":1,\"b\":2,\"c\":3}"));
        Assert.Equal("{\"a\":1,\"b\":2}", Run("{\"operation\":\"remove\",\"spec\":{\"c\":\"\",\"z\":{\"y\":\"\"}}}", "{\"a\":1,\"b\":2,\"c\":3}"));
    }

    [Fact]
    public void Operations_run_in_order_each_on_the_last_ones_output()
    {
        Assert.Equal("{\"out\":{\"n\":1,\"d\":\"x\"}}", Run(
            "{\"operation\":\"shift\",\"spec\":{\"n\":\"out.n\",\"gone\":\"out.gone\"}},{\"operation\":\"default\",\"spec\":{\"out\":{\"d\":\"x\"}}},{\"operation\":\"remove\",\"spec\":{\"out\":{\"gone\":\"\"}}}",
            "{\"n\":1,\"gone\":2}"));
    }

    [Theory]
    [InlineData("{\"a\":{\"@(1,missing)\":\"x\"}}", "{\"a\":1}")]
    [InlineData("{\"a\":\"x.&(5)\"}", "{\"a\":1}")]
    [InlineData("{\"a\":\"x[&(0)]\"}", "{\"a\":1}")]
    [InlineData("{\"a\":\"x.@(1,a.b)\"}", "{\"a\":1}")]
    public void What_fails_in_harmony_fails_the_compiled_transform(string spec, string input)
    {
        IJsonTransform transform = JoltCompiler.Compile("[{\"operation\":\"shift\",\"spec\":" + spec + "}]");
        Assert.Throws<JoltTransformException>(() => transform.Apply(JsonNode.Parse(input)));
    }

    [Theory]
    [InlineData("5", "5")]
    [InlineData("-0", "0")]
    [InlineData("1.0", "1.0")]
    [InlineData("1.50", "1.5")]
    [InlineData("1e2", "100.0")]
    [InlineData("1e20", "1e20")]
    [InlineData("1.5e-7", "1.5e-7")]
    [InlineData("0.001", "0.001")]
    [InlineData("18446744073709551616", "1.8446744073709552e19")]
    public void Numbers_print_as_serde_json_prints_them(string written, string key) =>
        Assert.Equal(key, JoltKeys.Number(written));
}
