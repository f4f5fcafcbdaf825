using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using HarmonyGen.Generator.Tests.Infrastructure;
using HarmonyGen.Transforms;
using Xunit;

namespace HarmonyGen.Generator.Tests.Transforms;

/// <summary>
/// Every test case of fluvio-jolt's suite that its own tests run (the shift cases ported from Java JOLT and its own
/// shift data), and the tests/data and shift cases harmony-jolt's suite (tests/mod.rs, tests/java/shift.rs) adds to
/// them, compiled through the generator's spec reader and emitter and run: the output must be the expected one.
/// Objects compare as fluvio-jolt's serde_json values compare (members in any order); <see cref="JoltSemanticsTests"/>
/// pins the member order itself.
/// </summary>
public sealed class FluvioJoltCaseTests
{
    private static readonly Lazy<(List<JoltCase> Cases, Dictionary<string, IJsonTransform> Compiled)> s_all = new(() =>
    {
        List<JoltCase> cases = JoltCase.Load("shift", "shift");
        cases.AddRange(JoltCase.Load("data-shift", "shift"));
        cases.AddRange(JoltCase.Load("data", null));
        cases.AddRange(JoltCase.Load("unit", null));
        cases.AddRange(JoltCase.Load("harmony", null));
        cases.AddRange(JoltCase.Load("data", null, JoltCase.HarmonyJoltFolder));
        cases.AddRange(JoltCase.Load("shift", "shift", JoltCase.HarmonyJoltFolder));
        return (cases, JoltCompiler.Compile(cases.ToDictionary(c => c.Name, c => c.SpecFile, StringComparer.Ordinal)));
    });

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (JoltCase c in s_all.Value.Cases)
        {
            data.Add(c.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compiled_spec_gives_the_expected_output(string name)
    {
        JoltCase test = s_all.Value.Cases.Single(c => c.Name == name);
        JsonNode? output = s_all.Value.Compiled[name].Apply(test.Input?.DeepClone());
        Assert.True(
            JsonNode.DeepEquals(Normalize(test.Expected), Normalize(output)),
            $"{name}\nexpected: {test.Expected?.ToJsonString()}\nactual:   {output?.ToJsonString()}");
    }

    /// <summary>Objects with their members sorted, so that comparison ignores member order as serde_json's does (both crates compare Values).</summary>
    internal static JsonNode? Normalize(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => KeyValuePair.Create(m.Key, Normalize(m.Value)))),
        JsonArray array => new JsonArray(array.Select(Normalize).ToArray()),
        _ => node?.DeepClone(),
    };
}
