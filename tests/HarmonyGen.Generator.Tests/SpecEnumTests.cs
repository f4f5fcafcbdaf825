using System;
using System.Linq;
using Xunit;
using Gen = HarmonyGen.Generator.Spec;
using Run = HarmonyGen.Definitions;

namespace HarmonyGen.Generator.Tests;

/// <summary>
/// The emitter writes a spec enum as its member name (<c>HarmonyGenDefinitions.TransportType.Http3</c>), so each generator
/// enum must have exactly the runtime enum's members, in the same order.
/// </summary>
public sealed class SpecEnumTests
{
    [Theory]
    [InlineData(typeof(Gen.TransportType), typeof(Run.TransportType))]
    [InlineData(typeof(Gen.MeshMode), typeof(Run.MeshMode))]
    [InlineData(typeof(Gen.EndpointService), typeof(Run.EndpointService))]
    [InlineData(typeof(Gen.BackendService), typeof(Run.BackendService))]
    [InlineData(typeof(Gen.MeshProvider), typeof(Run.MeshProvider))]
    [InlineData(typeof(Gen.MeshAlgorithm), typeof(Run.MeshAlgorithm))]
    [InlineData(typeof(Gen.PolicyRuleType), typeof(Run.PolicyRuleType))]
    [InlineData(typeof(Gen.RuleMode), typeof(Run.RuleMode))]
    [InlineData(typeof(Gen.MatchKind), typeof(Run.MatchKind))]
    [InlineData(typeof(Gen.TransformApply), typeof(Run.TransformApply))]
    public void Generator_enum_has_the_runtime_enums_members(Type generator, Type runtime) =>
        Assert.Equal(Enum.GetNames(runtime), Enum.GetNames(generator));

    /// <summary>A rule type the generator admits without HG0008 must be one the runtime compiles, and the other way round.</summary>
    [Fact]
    public void The_rule_types_the_generator_admits_are_the_ones_the_runtime_enforces() =>
        Assert.Equal(
            HarmonyGen.Middleware.Policies.PolicyRule.Enforced.Select(t => t.ToString()).Order(),
            Validation.GatewayValidator.s_enforcedRules.Select(t => t.ToString()).Order());
}
