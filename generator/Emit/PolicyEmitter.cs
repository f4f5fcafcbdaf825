using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using HarmonyGen.Generator.Spec;

namespace HarmonyGen.Generator.Emit;

/// <summary>
/// A pipeline's <c>policies</c> middleware as the runtime's definitions: an object initializer after the pipeline's
/// constructor, written only for a pipeline whose request chain names one, so every other pipeline reads as before.
/// </summary>
internal static class PolicyEmitter
{
    private const string S = "HarmonyGenDefinitions";

    /// <summary>The policies middleware of <paramref name="pipeline"/>'s request chain, in the order it runs.</summary>
    public static List<MiddlewareSpec> PoliciesOf(PipelineSpec pipeline, EquatableArray<MiddlewareSpec> middleware)
    {
        var found = new List<MiddlewareSpec>();
        foreach (string name in pipeline.RequestMiddleware)
        {
            MiddlewareSpec? spec = middleware.FirstOrDefault(m => m.Name == name);
            if (spec is { Type: "policies" })
            {
                found.Add(spec);
            }
        }

        return found;
    }

    /// <summary>Writes <c>{ Policies = [...] };</c>, closing the pipeline's <c>new(...)</c> the caller left open.</summary>
    public static void EmitInitializer(SourceWriter w, List<MiddlewareSpec> policies)
    {
        w.Outdent(); // the initializer lines up with the declaration, not with the constructor's arguments
        w.Line("{");
        w.Indent();
        w.Line("Policies =");
        w.Line("[");
        w.Indent();
        foreach (MiddlewareSpec middleware in policies)
        {
            w.Line($"new(Name: {SourceWriter.Literal(middleware.Name)}, Policies:");
            w.Line("[");
            w.Indent();
            foreach (PolicySpec policy in middleware.Policies)
            {
                w.Line($"new(Name: {SourceWriter.Literal(policy.Name)}, Id: {SourceWriter.Literal(policy.Id)}, Enabled: {SourceWriter.Literal(policy.Enabled)}, Rules:");
                w.Line("[");
                w.Indent();
                foreach (RuleSpec rule in policy.Rules)
                {
                    w.Line($"new(Name: {SourceWriter.Literal(rule.Name)}, Id: {SourceWriter.Literal(rule.Id)}, Type: {S}.PolicyRuleType.{rule.Type}, Weight: {rule.Weight.ToString(CultureInfo.InvariantCulture)}, Enabled: {SourceWriter.Literal(rule.Enabled)}, Condition: {Condition(rule.Condition)}),");
                }

                w.Outdent();
                w.Line("]),");
            }

            w.Outdent();
            w.Line("]),");
        }

        w.Outdent();
        w.Line("],");
        w.Outdent();
        w.Line("};");
        w.Indent();
    }

    private static string Condition(RuleConditionSpec? condition) => condition switch
    {
        IpNetworksConditionSpec ip => $"new {S}.IpNetworksCondition([{string.Join(", ", ip.Networks.Select(n => $"new({SourceWriter.Literal(n.Address)}, {SourceWriter.Literal(n.PrefixLength)})"))}])",
        ListConditionSpec list => $"new {S}.ListCondition({S}.RuleMode.{list.Mode}, [{string.Join(", ", list.Values.Select(SourceWriter.Literal))}])",
        RateLimitConditionSpec limit => $"new {S}.RateLimitCondition({limit.MaxRequests.ToString(CultureInfo.InvariantCulture)}, {limit.WindowSeconds.ToString(CultureInfo.InvariantCulture)})",
        MatchConditionSpec match => $"new {S}.MatchCondition({S}.RuleMode.{match.Mode}, [{string.Join(", ", match.Matches.Select(m => $"new({SourceWriter.Literal(m.Name)}, {S}.MatchKind.{m.Kind}, {SourceWriter.Literal(m.Value)})"))}])",
        TimeWindowConditionSpec time => $"new {S}.TimeWindowCondition({SourceWriter.Literal(time.AllowDuringWindow)}, {SourceWriter.Literal(time.TimeZone)}, {SourceWriter.Literal(time.StartTime)}, {SourceWriter.Literal(time.EndTime)}, [{string.Join(", ", time.DaysOfWeek.Select(SourceWriter.Literal))}], {SourceWriter.Literal(time.StartDate)}, {SourceWriter.Literal(time.EndDate)})",
        _ => "null",
    };
}
