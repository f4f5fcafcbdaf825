using System.Collections.Generic;
using HarmonyGen.Generator.Parsing;
using HarmonyGen.Generator.Spec;

namespace HarmonyGen.Generator.Validation;

/// <summary>
/// <c>path_filter</c> (src/models/middleware/types/path_filter.rs in aurabx/harmony, 6a959c0d): its rules are matchit
/// patterns, the syntax of the policy <c>path</c> rule, so both are checked by <see cref="AcceptPathPattern"/>.
/// </summary>
internal sealed partial class GatewayValidator
{
    private PathFilterOptionsSpec ValidatePathFilter(MiddlewareTable middleware)
    {
        var rules = new List<string>();
        if (middleware.Options is PathFilterOptionsTable options)
        {
            if (options.EmptyAt is { } empty)
            {
                Report(DiagnosticDescriptors.PathFilterWithoutRules, empty, options.RulesKey);
            }

            var shapes = new Dictionary<string, string>(System.StringComparer.Ordinal);
            foreach (TomlValue rule in options.Rules)
            {
                if (AcceptPathPattern(rule, options.RulesKey, shapes))
                {
                    rules.Add(rule.Text);
                }
            }
        }

        return new PathFilterOptionsSpec { Rules = rules.ToEquatableArray() };
    }

    /// <summary>
    /// True when <paramref name="item"/> is a pattern Harmony's matcher (matchit 0.8) accepts beside the patterns of the
    /// same list already in <paramref name="shapes"/>; otherwise reports HG0802 at the item.
    /// </summary>
    private bool AcceptPathPattern(TomlValue item, string key, Dictionary<string, string> shapes)
    {
        string text = item.Text;
        if (PathPattern.Check(text) is { } reason)
        {
            Report(DiagnosticDescriptors.InvalidPathPattern, item.Location, text, key, reason);
            return false;
        }

        if (shapes.TryGetValue(PathPattern.Shape(text), out string? same))
        {
            // matchit refuses a second route of the same shape, so Harmony could not build the rule or the filter.
            Report(DiagnosticDescriptors.InvalidPathPattern, item.Location, text, key, $"it is the same route as '{same}' to Harmony's matcher");
            return false;
        }

        shapes.Add(PathPattern.Shape(text), text);
        return true;
    }
}
