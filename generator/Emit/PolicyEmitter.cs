using System.Globalization;
using System.Linq;
using HarmonyGen.Generator.Spec;

namespace HarmonyGen.Generator.Emit;

/// <summary>
/// A <c>policies</c> middleware as the runtime's definition: its policies and rules, each rule's condition as written
/// by the validator. <see cref="MiddlewareEmitter"/> places it in the pipeline's request chain.
/// </summary>
internal static class PolicyEmitter
{
    private const string S = "HarmonyGenDefinitions";

    /// <summary>Writes one <c>PoliciesMiddlewareDefinition</c>, an element of a stage list.</summary>
    public static void Emit(SourceWriter w, string name, PoliciesOptionsSpec middleware)
    {
        w.Line($"new {S}.PoliciesMiddlewareDefinition(Name: {SourceWriter.Literal(name)}, Policies:");
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

    private static string Condition(RuleConditionSpec? condition) => condition switch
    {
        IpNetworksConditionSpec ip => $"new {S}.IpNetworksCondition({Networks(ip.Networks)})",
        ListConditionSpec list => $"new {S}.ListCondition({S}.RuleMode.{list.Mode}, [{string.Join(", ", list.Values.Select(SourceWriter.Literal))}])",
        RateLimitConditionSpec limit => $"new {S}.RateLimitCondition({limit.MaxRequests.ToString(CultureInfo.InvariantCulture)}, {limit.WindowSeconds.ToString(CultureInfo.InvariantCulture)})",
        MatchConditionSpec match => $"new {S}.MatchCondition({S}.RuleMode.{match.Mode}, [{string.Join(", ", match.Matches.Select(m => $"new({SourceWriter.Literal(m.Name)}, {S}.MatchKind.{m.Kind}, {SourceWriter.Literal(m.Value)})"))}])",
        TimeWindowConditionSpec time => $"new {S}.TimeWindowCondition({SourceWriter.Literal(time.AllowDuringWindow)}, {SourceWriter.Literal(time.TimeZone)}, {SourceWriter.Literal(time.StartTime)}, {SourceWriter.Literal(time.EndTime)}, [{string.Join(", ", time.DaysOfWeek.Select(SourceWriter.Literal))}], {SourceWriter.Literal(time.StartDate)}, {SourceWriter.Literal(time.EndDate)})",
        _ => "null",
    };

    /// <summary>IP networks as a collection expression of <c>IpNetworkDefinition</c>: policy rules and trusted proxies.</summary>
    public static string Networks(EquatableArray<IpNetworkSpec> networks) =>
        $"[{string.Join(", ", networks.Select(n => $"new({SourceWriter.Literal(n.Address)}, {SourceWriter.Literal(n.PrefixLength)})"))}]";
}
