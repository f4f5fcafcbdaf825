using System;
using System.IO;
using HarmonyGen.Hosting;
using HarmonyGen.Runtime.Tests.Infrastructure;
using HarmonyGen.Definitions;
using Xunit;

namespace HarmonyGen.Runtime.Tests;

/// <summary><c>HarmonyGateway.Describe</c>: prints the mesh graphs only when asked, and tells the caller to stop.</summary>
public sealed class DescribeTests
{
    [Fact]
    public void Without_the_switch_it_prints_nothing_and_returns_false()
    {
        var output = new StringWriter();
        GatewayDefinition gateway = new GatewayBuilder("edge").Build() with { MeshGraph = "flowchart LR\n    a --> b" };
        Assert.False(HarmonyGateway.Describe(output, ["--urls", "http://127.0.0.1:0", "describe"], gateway));
        Assert.Equal(string.Empty, output.ToString());
    }

    [Fact]
    public void With_the_switch_it_prints_each_graph_a_blank_line_apart_and_returns_true()
    {
        var output = new StringWriter();
        GatewayDefinition first = new GatewayBuilder("one").Build() with { MeshGraph = "flowchart LR\n    a --> b" };
        GatewayDefinition second = new GatewayBuilder("two").Build() with { MeshGraph = "flowchart LR\n    c --> d" };
        Assert.True(HarmonyGateway.Describe(output, ["--describe"], first, second));
        Assert.Equal("flowchart LR\n    a --> b\n\nflowchart LR\n    c --> d\n", output.ToString());
    }

    [Fact]
    public void A_hand_built_definition_without_a_graph_gets_a_mermaid_comment_saying_so()
    {
        var output = new StringWriter();
        Assert.True(HarmonyGateway.Describe(output, ["--describe"], new GatewayBuilder("hand-made").Build()));
        string text = output.ToString();
        Assert.StartsWith("%% ", text, StringComparison.Ordinal);
        Assert.Contains("\"hand-made\"", text, StringComparison.Ordinal);
    }
}
