using System.Text.Json.Nodes;
using HarmonyGen.Generator.Tests.Infrastructure;
using HarmonyGen.Transforms;
using Xunit;

namespace HarmonyGen.Generator.Tests.Transforms;

/// <summary>
/// The modify operations compiled and run: Harmony's own doc examples (aurabx/harmony docs/transforms.md, and its
/// "Writing JOLT Transforms in Harmony" guide's string example) give their documented output, and each function behaves on missing, null and
/// other-kind inputs as Java JOLT's Strings and Function define.
/// </summary>
public sealed class JoltModifyTests
{
    private static string Run(string operations, string input) => JoltSemanticsTests.Run(operations, input);

    private static string Overwrite(string spec, string input) => Run("{\"operation\":\"modify-overwrite-beta\",\"spec\":" + spec + "}", input);

    [Fact]
    public void Harmonys_doc_example_concatenates_the_shifted_names()
    {
        // docs/transforms.md, "Example: Concatenating Names": same input, same output.
        Assert.Equal("{\"name\":\"John Doe\"}", Run(
            "{\"operation\":\"shift\",\"spec\":{\"customer\":{\"firstName\":\"name[0]\",\"lastName\":\"name[1]\"}}}," +
            "{\"operation\":\"modify-overwrite-beta\",\"spec\":{\"name\":\"=concat(@(1,name[0]),' ',@(1,name[1]))\"}}",
            "{\"customer\":{\"firstName\":\"John\",\"lastName\":\"Doe\"}}"));
    }

    [Fact]
    public void Harmonys_string_manipulation_example_lowers_and_joins_in_place()
    {
        Assert.Equal("{\"name\":\"ann\",\"first\":\"Ann\",\"last\":\"Lee\",\"full_name\":\"Ann Lee\"}", Overwrite(
            "{\"name\":\"=toLower(@(1,name))\",\"full_name\":\"=concat(@(1,first),' ',@(1,last))\"}",
            "{\"name\":\"ANN\",\"first\":\"Ann\",\"last\":\"Lee\"}"));
    }

    [Fact]
    public void A_context_argument_reads_the_inputs_context_member_as_harmony_jolt_does()
    {
        // harmony-jolt 0.7.0 src/modifier/evaluator.rs: FunctionArg::ContextRef looks the key up in input["context"].
        Assert.Equal("{\"context\":{\"site\":\"north\",\"n\":2},\"id\":\"north-7-2\"}", Overwrite(
            "{\"id\":\"=concat(^site,'-',@(1,id),'-',^n)\"}",
            "{\"context\":{\"site\":\"north\",\"n\":2},\"id\":7}"));
    }

    [Theory]
    [InlineData("{\"id\":7}")]
    [InlineData("{\"context\":{\"other\":1},\"id\":7}")]
    [InlineData("{\"context\":\"site\",\"id\":7}")]
    public void A_context_argument_that_finds_nothing_fails_the_transform_as_harmony_jolt_does(string input)
    {
        // harmony-jolt's Error::PathEvaluationError ("No context provided", "Context key not found"): the transform fails.
        IJsonTransform transform = JoltCompiler.Compile("[{\"operation\":\"modify-overwrite-beta\",\"spec\":{\"id\":\"=concat(^site,@(1,id))\"}}]");
        Assert.Throws<JoltTransformException>(() => transform.Apply(JsonNode.Parse(input)));
    }

    [Theory]
    [InlineData("{\"a\":\"=concat(@(1,x),'-',@(1,n),'-',@(1,b),'-',@(1,missing),@(1,z))\"}", "{\"x\":\"s\",\"n\":1.5,\"b\":true,\"z\":null}", "\"s-1.5-true-\"")]
    [InlineData("{\"a\":\"=concat(@(1,list))\"}", "{\"list\":[\"p\",2,null,\"q\"]}", "\"p2q\"")]
    [InlineData("{\"a\":\"=concat(@(1,x))\"}", "{\"x\":\"alone\"}", null)]
    [InlineData("{\"a\":\"=concat\"}", "{\"a\":[\"x\",\"y\"]}", "\"xy\"")]
    [InlineData("{\"a\":\"=concat(@(1,o),'|',@(1,l))\"}", "{\"o\":{\"k\":1},\"l\":[1,2]}", "\"{\\u0022k\\u0022:1}|[1,2]\"")]
    public void Concat_joins_the_texts_of_several_values_or_of_one_list(string spec, string input, string? written) =>
        AssertWritten(spec, input, written);

    [Theory]
    [InlineData("{\"a\":\"=toUpper\"}", "{\"a\":\"MiXed\"}", "\"MIXED\"")]
    [InlineData("{\"a\":\"=toLower\"}", "{\"a\":\"MiXed\"}", "\"mixed\"")]
    [InlineData("{\"a\":\"=toUpper\"}", "{\"a\":5}", "\"5\"")]
    [InlineData("{\"a\":\"=toUpper(@(1,b))\"}", "{\"b\":true}", "\"TRUE\"")]
    [InlineData("{\"a\":\"=toLower(@(1,b))\"}", "{\"b\":1E+3}", "\"1000.0\"")]
    [InlineData("{\"a\":\"=toLower(2.5)\"}", "{}", "\"2.5\"")]
    [InlineData("{\"a\":\"=toUpper(@(1,b))\"}", "{\"b\":{\"k\":1}}", null)]
    [InlineData("{\"a\":\"=trim(@(1,b))\"}", "{\"b\":5}", null)]
    [InlineData("{\"a\":\"=toUpper\"}", "{\"a\":[\"x\",5,null]}", "[\"X\",5,null]")]
    [InlineData("{\"a\":\"=toLower(@(1,missing))\"}", "{\"a\":\"kept\"}", "\"kept\"")]
    [InlineData("{\"a\":\"=trim\"}", "{\"a\":\" \\t spaced \\n\"}", "\"spaced\"")]
    [InlineData("{\"a\":\"=trim\"}", "{\"a\":\"\\u00a0nbsp\\u00a0\"}", "\"\\u00A0nbsp\\u00A0\"")]
    public void Text_functions_change_texts_and_leave_anything_else(string spec, string input, string? written) =>
        AssertWritten(spec, input, written);

    [Theory]
    [InlineData("{\"a\":\"=substring(@(1,s),0,3)\"}", "{\"s\":\"abcdef\"}", "\"abc\"")]
    [InlineData("{\"a\":\"=substring(@(1,s),2,6)\"}", "{\"s\":\"abcdef\"}", "\"cdef\"")]
    [InlineData("{\"a\":\"=substring(@(1,s),2,7)\"}", "{\"s\":\"abcdef\"}", null)]
    [InlineData("{\"a\":\"=substring(@(1,s),@(1,from),@(1,to))\"}", "{\"s\":\"abcdef\",\"from\":1,\"to\":2}", "\"b\"")]
    [InlineData("{\"a\":\"=substring(@(1,s),@(1,from),@(1,to))\"}", "{\"s\":\"abcdef\",\"from\":1.0,\"to\":2}", null)]
    [InlineData("{\"a\":\"=substring(@(1,s),0,1)\"}", "{\"s\":5}", null)]
    public void Substring_takes_a_text_and_whole_number_bounds_inside_it(string spec, string input, string? written) =>
        AssertWritten(spec, input, written);

    [Theory]
    [InlineData("{\"a\":\"=join(', ',@(1,l))\"}", "{\"l\":[\"x\",\"\",null,2,\"y\"]}", "\"x, 2, y\"")]
    [InlineData("{\"a\":\"=join('-',@(1,b),@(1,c))\"}", "{\"b\":\"x\",\"c\":\"y\"}", "\"x-y\"")]
    [InlineData("{\"a\":\"=join('-',@(1,b))\"}", "{\"b\":\"x\"}", null)]
    [InlineData("{\"a\":\"=join(@(1,sep),@(1,l))\"}", "{\"sep\":5,\"l\":[\"x\"]}", null)]
    [InlineData("{\"a\":\"=join('-',@(1,l))\"}", "{\"l\":[\"x\",\"\"]}", "\"x-\"")]
    public void Join_puts_the_separator_between_the_texts_that_are_not_empty(string spec, string input, string? written) =>
        AssertWritten(spec, input, written);

    [Theory]
    [InlineData("{\"a\":\"=split(' ',@(1,s))\"}", "{\"s\":\"Ann  Lee \"}", "[\"Ann\",\"\",\"Lee\"]")]
    [InlineData("{\"a\":\"=split(',',@(1,s))\"}", "{\"s\":\"none\"}", "[\"none\"]")]
    [InlineData("{\"a\":\"=split(',',@(1,s))\"}", "{\"s\":\",\"}", "[]")]
    [InlineData("{\"a\":\"=split(',',@(1,s))\"}", "{\"s\":3}", null)]
    [InlineData("{\"a\":\"=split(',',@(1,l))\"}", "{\"l\":[\"a,b\",3]}", "[[\"a\",\"b\"],3]")]
    public void Split_cuts_a_text_at_the_separator_dropping_trailing_empty_pieces(string spec, string input, string? written) =>
        AssertWritten(spec, input, written);

    [Theory]
    [InlineData("{\"a\":\"text\"}", "\"text\"")]
    [InlineData("{\"a\":5}", "5")]
    [InlineData("{\"a\":null}", "null")]
    [InlineData("{\"a\":{}}", "{}")]
    [InlineData("{\"a\":[]}", "[]")]
    [InlineData("{\"a\":\"@(1,b.c[1])\"}", "\"y\"")]
    [InlineData("{\"a\":[\"@(1,missing)\",\"=toUpper(@(1,missing))\",\"fallback\"]}", "\"fallback\"")]
    public void Values_are_literals_reads_or_the_first_of_a_list_that_gives_one(string spec, string? written) =>
        AssertWritten(spec, "{\"a\":\"old\",\"b\":{\"c\":[\"x\",\"y\"]}}", written);

    [Fact]
    public void The_three_variants_write_always_where_absent_and_where_absent_or_null()
    {
        const string spec = "{\"present\":\"new\",\"nulled\":\"new\",\"absent\":\"new\"}";
        const string input = "{\"present\":\"old\",\"nulled\":null}";
        Assert.Equal("{\"present\":\"new\",\"nulled\":\"new\",\"absent\":\"new\"}", Run("{\"operation\":\"modify-overwrite-beta\",\"spec\":" + spec + "}", input));
        Assert.Equal("{\"present\":\"old\",\"nulled\":null,\"absent\":\"new\"}", Run("{\"operation\":\"modify-default-beta\",\"spec\":" + spec + "}", input));
        Assert.Equal("{\"present\":\"old\",\"nulled\":\"new\",\"absent\":\"new\"}", Run("{\"operation\":\"modify-define-beta\",\"spec\":" + spec + "}", input));
    }

    [Fact]
    public void Nested_keys_create_objects_on_the_way_and_skip_values_of_another_kind()
    {
        Assert.Equal("{\"s\":\"text\",\"made\":{\"deep\":{\"k\":\"v\"}}}", Overwrite("{\"s\":{\"k\":\"v\"},\"made\":{\"deep\":{\"k\":\"v\"}}}", "{\"s\":\"text\"}"));
        Assert.Equal("{\"list\":[1]}", Overwrite("{\"list\":{\"k\":\"v\"}}", "{\"list\":[1]}"));
    }

    [Fact]
    public void Wildcards_walk_every_member_and_element_and_amp_reads_the_matched_key()
    {
        // Java JOLT's join adds the separator after every value that is not the last argument, so a missing last
        // name leaves "Bo ".
        Assert.Equal(
            "{\"people\":[{\"first\":\"Ann\",\"last\":\"Lee\",\"full\":\"Ann Lee\"},{\"first\":\"Bo\",\"full\":\"Bo \"}]}",
            Overwrite("{\"people\":{\"*\":{\"full\":\"=join(' ',@(1,first),@(1,last))\"}}}", "{\"people\":[{\"first\":\"Ann\",\"last\":\"Lee\"},{\"first\":\"Bo\"}]}"));
        Assert.Equal(
            "{\"tag_a\":\"TAG_A\",\"other\":\"x\",\"tag_b\":\"TAG_B\"}",
            Overwrite("{\"tag_*\":\"=toUpper(@(1,&0))\",\"*\":\"x\"}", "{\"tag_a\":\"tag_a\",\"other\":\"y\",\"tag_b\":\"tag_b\"}"));
    }

    [Fact]
    public void A_literal_position_key_walks_into_an_array_and_past_its_end_writes_nothing()
    {
        Assert.Equal("{\"l\":[{\"v\":\"X\"},{\"v\":\"y\"}]}", Overwrite("{\"l\":{\"0\":{\"v\":\"=toUpper\"},\"5\":{\"v\":\"z\"}}}", "{\"l\":[{\"v\":\"x\"},{\"v\":\"y\"}]}"));
    }

    [Fact]
    public void A_read_above_the_root_is_missing_and_the_root_counts_twice_as_in_java_jolt()
    {
        Assert.Equal("{\"b\":\"r\",\"a\":\"r\"}", Overwrite("{\"a\":\"@(2,b)\",\"b\":[\"@(3,b)\",\"r\"]}", "{\"b\":\"r\"}"));
    }

    [Fact]
    public void A_modify_that_is_not_given_an_object_changes_nothing()
    {
        Assert.Equal("[1,2]", Overwrite("{\"a\":\"x\"}", "[1,2]"));
        Assert.Equal("\"text\"", Overwrite("{\"a\":\"x\"}", "\"text\""));
    }

    /// <summary>Member "a" after the modify: the JSON written there, or, with null, that it still holds what it held.</summary>
    private static void AssertWritten(string spec, string input, string? written)
    {
        JsonNode? before = JsonNode.Parse(input)!["a"];
        JsonNode? output = JoltCompiler.Compile("[{\"operation\":\"modify-overwrite-beta\",\"spec\":" + spec + "}]").Apply(JsonNode.Parse(input));
        string expected = written ?? before?.ToJsonString() ?? "absent";
        JsonObject result = output!.AsObject();
        Assert.Equal(expected, result.TryGetPropertyValue("a", out JsonNode? a) ? a?.ToJsonString() ?? "null" : "absent");
    }
}

