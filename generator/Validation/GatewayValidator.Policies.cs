using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using HarmonyGen.Generator.Parsing;
using HarmonyGen.Generator.Spec;

namespace HarmonyGen.Generator.Validation;

/// <summary>
/// Policies and their rules: references resolved as Harmony resolves them (a table name, else a table's <c>id</c>),
/// every rule's options checked at their spans once per rule, and HG0008 for each enabled rule the runtime does not
/// enforce (geo: no country database), where a middleware uses it.
/// </summary>
internal sealed partial class GatewayValidator
{
    private static readonly string[] s_httpMethods = { "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH" };
    private static readonly string[] s_days = { "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday" };
    private static readonly string[] s_headerMatches = { "exact", "contains", "regex" };
    private static readonly string[] s_parameterMatches = { "exists", "exact", "contains", "regex" };

    /// <summary>
    /// The rule types the runtime's PolicyStage enforces (runtime/Middleware/Policies/PolicyRule.cs, <c>Enforced</c>);
    /// any other enabled rule is HG0008.
    /// </summary>
    internal static readonly PolicyRuleType[] s_enforcedRules =
    {
        PolicyRuleType.AllowAll, PolicyRuleType.DenyAll, PolicyRuleType.IpAllow, PolicyRuleType.IpDeny,
        PolicyRuleType.Method, PolicyRuleType.Path, PolicyRuleType.ContentType, PolicyRuleType.RateLimit,
        PolicyRuleType.Header, PolicyRuleType.QueryParameter, PolicyRuleType.UserAgent, PolicyRuleType.TimeBased,
    };

    private readonly Dictionary<RuleTable, RuleSpec?> _ruleSpecs = new();
    private readonly Dictionary<PolicyTable, (PolicySpec Spec, List<RuleTable> Rules)> _policySpecs = new();

    /// <summary>Every [rules] and [policies] table, used or not, so that a mistake in one waiting to be used is found now.</summary>
    private void ValidatePolicyTables()
    {
        foreach (RuleTable rule in _tables.Rules)
        {
            RuleSpecOf(rule);
        }

        foreach (PolicyTable policy in _tables.Policies)
        {
            PolicyOf(policy);
        }
    }

    private EquatableArray<PolicySpec> ValidatePoliciesMiddleware(MiddlewareTable middleware, TomlValue type)
    {
        if (middleware.Policies.Count == 0)
        {
            // Harmony: "Missing required 'policies' array" or "Policies array cannot be empty".
            Report(DiagnosticDescriptors.RequiredKeyMissing, middleware.Location, $"[middleware.{middleware.Name}.options]", "policies");
            return EquatableArray<PolicySpec>.Empty;
        }

        var specs = new List<PolicySpec>();
        bool resolved = true;
        bool anyRule = false;
        foreach (Entry<PolicyTable> entry in middleware.Policies)
        {
            PolicyTable? policy = entry.Inline ?? Find(entry.Reference!, "Policy", _policies, _tables.Policies, p => p.Id);
            if (policy is null)
            {
                resolved = false;
                continue;
            }

            (PolicySpec spec, List<RuleTable> rules) = PolicyOf(policy);
            specs.Add(spec);
            if (!policy.Enabled)
            {
                continue;
            }

            foreach (RuleTable rule in rules.Where(r => r.Enabled))
            {
                anyRule = true;
                // Not yet enforced at run time (a rule of unknown type is HG0805 already).
                if (_ruleSpecs[rule] is { } ruleSpec && System.Array.IndexOf(s_enforcedRules, ruleSpec.Type) < 0)
                {
                    Report(DiagnosticDescriptors.UnenforceableSecurity, rule.Type!.Location,
                        $"Rule '{rule.Label}' (type '{rule.Type.Text}'{(ruleSpec.Type == PolicyRuleType.Geo ? ": Harmony reads the client's country from request metadata, and HarmonyGen has no country database to find it" : string.Empty)}) of policy '{policy.Label}' in middleware '{middleware.Name}'",
                        HarmonyMiddleware.Phrase(MiddlewareEffect.Guards));
                }
            }
        }

        if (resolved && !anyRule)
        {
            // No enabled rule allows anything: Harmony refuses every request (implicit deny, or no policy to build).
            Report(DiagnosticDescriptors.UnenforceableSecurity, type.Location,
                $"Middleware '{middleware.Name}' of type 'policies' (no enabled rule in an enabled policy: Harmony refuses every request)",
                HarmonyMiddleware.Phrase(MiddlewareEffect.Guards));
        }

        return specs.ToEquatableArray();
    }

    /// <summary>A policy's spec and resolved rules, built (and its references reported) once per policy table.</summary>
    private (PolicySpec Spec, List<RuleTable> Rules) PolicyOf(PolicyTable policy)
    {
        if (_policySpecs.TryGetValue(policy, out (PolicySpec, List<RuleTable>) done))
        {
            return done;
        }

        var rules = new List<RuleTable>();
        var specs = new List<RuleSpec>();
        foreach (Entry<RuleTable> entry in policy.Rules)
        {
            RuleTable? rule = entry.Inline ?? Find(entry.Reference!, "Rule", _rules, _tables.Rules, r => r.Id);
            if (rule is not null)
            {
                rules.Add(rule);
                if (RuleSpecOf(rule) is { } spec)
                {
                    specs.Add(spec);
                }
            }
        }

        var result = (new PolicySpec { Name = policy.Name, Id = policy.Id?.Text, Enabled = policy.Enabled, Rules = specs.ToEquatableArray() }, rules);
        _policySpecs.Add(policy, result);
        return result;
    }

    /// <summary>
    /// A policy or rule named in a list: the table of that name, else the one whose <c>id</c> is that name. Harmony's
    /// config calls these lists "IDs", and every Harmony example gives each table an id equal to its name.
    /// </summary>
    private T? Find<T>(TomlValue reference, string kind, Dictionary<string, T> byName, IEnumerable<T> all, Func<T, TomlValue?> id)
        where T : class
    {
        if (byName.TryGetValue(reference.Text, out T? named))
        {
            return named;
        }

        T? byId = all.FirstOrDefault(t => id(t)?.Text == reference.Text);
        if (byId is null)
        {
            Unresolved(kind, reference, byName.Keys.Concat(all.Select(t => id(t)?.Text).OfType<string>()).Distinct(StringComparer.Ordinal));
        }

        return byId;
    }

    /// <summary>A rule's spec, its options checked once (null for a rule whose type is missing or unknown).</summary>
    private RuleSpec? RuleSpecOf(RuleTable rule)
    {
        if (_ruleSpecs.TryGetValue(rule, out RuleSpec? done))
        {
            return done;
        }

        RuleSpec? spec = null;
        if (rule.Type is { } type)
        {
            if (!GatewayBinder.RuleTypes.Contains(type.Text))
            {
                Report(DiagnosticDescriptors.UnknownRuleType, type.Location, rule.Label, type.Text, NameSuggester.Hint(type.Text, GatewayBinder.RuleTypes));
            }
            else
            {
                spec = new RuleSpec
                {
                    Name = rule.Name,
                    Id = rule.Id?.Text,
                    Type = TomlEnum.Parse(Identifier.Pascal(type.Text), PolicyRuleType.AllowAll),
                    Weight = rule.Weight?.Value ?? 0,
                    Enabled = rule.Enabled,
                    Condition = rule.Options switch
                    {
                        ListRuleOptions list => ListCondition(type.Text, list),
                        MatchRuleOptions match => MatchCondition(type.Text, match),
                        RateLimitRuleOptions limit => RateLimitCondition(limit),
                        TimeRuleOptions time => TimeCondition(time),
                        _ => null,
                    },
                };
            }
        }

        _ruleSpecs.Add(rule, spec);
        return spec;
    }

    private RuleConditionSpec ListCondition(string type, ListRuleOptions options)
    {
        string key = options.Path + "." + options.ListKey;
        if (type is "ip_allow" or "ip_deny")
        {
            return new IpNetworksConditionSpec { Networks = IpNetworks(options.Values, key) };
        }

        var values = new List<string>();
        var shapes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (TomlValue item in options.Values)
        {
            string text = item.Text;
            switch (type)
            {
                case "path":
                    if (!AcceptPathPattern(item, key, shapes))
                    {
                        continue;
                    }

                    break;
                case "method":
                    if (Array.IndexOf(s_httpMethods, text) < 0)
                    {
                        string upper = text.ToUpperInvariant();
                        string suggestion = Array.IndexOf(s_httpMethods, upper) >= 0 ? upper : NameSuggester.Suggest(upper, s_httpMethods);
                        Report(DiagnosticDescriptors.UnknownHttpMethod, item.Location, text, key, suggestion.Length == 0 ? string.Empty : $" (did you mean '{suggestion}'?)");
                        continue;
                    }

                    break;
                case "content_type":
                    if (!MediaRange.IsValid(text))
                    {
                        Report(DiagnosticDescriptors.InvalidMediaRange, item.Location, text, key);
                        continue;
                    }

                    text = text.ToLowerInvariant();
                    break;
                case "geo":
                    if (text.Length != 2 || !text.All(c => (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
                    {
                        Report(DiagnosticDescriptors.ValueNotInFormat, item.Location, key + " items", "two-letter ISO 3166-1 country codes such as \"US\"", text);
                        continue;
                    }

                    text = text.ToUpperInvariant(); // Harmony compares upper case
                    break;
            }

            values.Add(text);
        }

        // Harmony's default mode for geo is deny; the other list rules require a mode (HG0004 when missing).
        return new ListConditionSpec { Mode = Mode(options.Mode), Values = values.ToEquatableArray() };
    }

    private RuleConditionSpec MatchCondition(string type, MatchRuleOptions options)
    {
        var matches = new List<ValueMatchSpec>();
        foreach (MatchTable match in options.Matches)
        {
            if (type == "user_agent")
            {
                if (match.Value is null)
                {
                    Report(DiagnosticDescriptors.RequiredKeyMissing, match.Location, $"A pattern of [{options.Path}]", "pattern");
                    continue;
                }

                if (RegexPattern.Check(match.Value.Text, slashForm: true) is { } invalid)
                {
                    Report(DiagnosticDescriptors.InvalidRegex, match.Value.Location, match.Value.Text, options.Path + "." + options.ListKey, invalid);
                    continue;
                }

                matches.Add(new ValueMatchSpec { Name = match.Name?.Text ?? string.Empty, Kind = MatchKind.Regex, Value = match.Value.Text });
                continue;
            }

            string[] kinds = type == "header" ? s_headerMatches : s_parameterMatches;
            MatchKind kind = MatchKind.Exact;
            if (match.MatchType is { } written)
            {
                if (Array.IndexOf(kinds, written.Text) < 0)
                {
                    Report(DiagnosticDescriptors.UnknownEnumValue, written.Location, options.Path + "." + options.ListKey + " match_type", Quoted(kinds), written.Text);
                    continue;
                }

                kind = TomlEnum.Parse(written.Text, MatchKind.Exact);
            }

            if (match.Name is null)
            {
                continue; // HG0004 already
            }

            if (kind != MatchKind.Exists && match.Value is null)
            {
                // Harmony skips an entry without a value, so the rule would match more than it says.
                Report(DiagnosticDescriptors.RequiredKeyMissing, match.Location, $"'{match.Name.Text}' in [{options.Path}]", "value");
                continue;
            }

            if (kind == MatchKind.Regex && RegexPattern.Check(match.Value!.Text, slashForm: type == "query_parameter") is { } reason)
            {
                Report(DiagnosticDescriptors.InvalidRegex, match.Value.Location, match.Value.Text, options.Path + "." + options.ListKey, reason);
                continue;
            }

            matches.Add(new ValueMatchSpec { Name = match.Name.Text, Kind = kind, Value = match.Value?.Text });
        }

        // header's mode defaults to deny in Harmony; query_parameter and user_agent require one.
        return new MatchConditionSpec { Mode = Mode(options.Mode), Matches = matches.ToEquatableArray() };
    }

    private RuleConditionSpec RateLimitCondition(RateLimitRuleOptions options)
    {
        // Harmony's defaults; it reads the counts as unsigned 32-bit, so zero, a negative number (read as "absent",
        // so the default) or a larger one would not mean what is written.
        return new RateLimitConditionSpec
        {
            MaxRequests = Count(options.MaxRequests, "max_requests", 100),
            WindowSeconds = Count(options.WindowSeconds, "window_seconds", 60),
        };

        long Count(LocatedLong? value, string key, long harmonyDefault)
        {
            if (value is null)
            {
                return harmonyDefault;
            }

            if (value.Value < 1 || value.Value > uint.MaxValue)
            {
                Report(DiagnosticDescriptors.LimitOutOfRange, value.Location, $"{options.Path}.{key}", "1", uint.MaxValue.ToString(CultureInfo.InvariantCulture), value.Value.ToString(CultureInfo.InvariantCulture));
                return harmonyDefault;
            }

            return value.Value;
        }
    }

    private RuleConditionSpec TimeCondition(TimeRuleOptions options)
    {
        string? start = Checked(options.StartTime, "start_time", "a time of day as HH:MM (24-hour)", IsTime);
        string? end = Checked(options.EndTime, "end_time", "a time of day as HH:MM (24-hour)", IsTime);
        string? from = Checked(options.StartDate, "start_date", "a date as YYYY-MM-DD", IsDate);
        string? to = Checked(options.EndDate, "end_date", "a date as YYYY-MM-DD", IsDate);
        // Harmony checks a window only when both ends are written; one alone it ignores, which no one means.
        Pair(options.StartTime, options.EndTime, "start_time", "end_time");
        Pair(options.StartDate, options.EndDate, "start_date", "end_date");

        var days = new List<string>();
        foreach (TomlValue day in options.DaysOfWeek)
        {
            string lower = day.Text.ToLowerInvariant();
            if (Array.IndexOf(s_days, lower) < 0)
            {
                Report(DiagnosticDescriptors.UnknownEnumValue, day.Location, options.Path + ".days_of_week", Quoted(s_days), day.Text);
                continue;
            }

            days.Add(lower);
        }

        return new TimeWindowConditionSpec
        {
            AllowDuringWindow = options.AllowDuringWindow?.Value ?? true,
            TimeZone = options.TimeZone?.Text ?? "UTC",
            StartTime = start,
            EndTime = end,
            DaysOfWeek = days.ToEquatableArray(),
            StartDate = from,
            EndDate = to,
        };

        string? Checked(TomlValue? value, string key, string expected, Func<string, bool> valid)
        {
            if (value is null)
            {
                return null;
            }

            if (!valid(value.Text))
            {
                Report(DiagnosticDescriptors.ValueNotInFormat, value.Location, $"{options.Path}.{key}", expected, value.Text);
                return null;
            }

            return value.Text;
        }

        void Pair(TomlValue? first, TomlValue? second, string firstKey, string secondKey)
        {
            if ((first is null) != (second is null))
            {
                Report(DiagnosticDescriptors.RequiredKeyMissing, (first ?? second)!.Location, $"[{options.Path}] with '{(first is null ? secondKey : firstKey)}'", first is null ? firstKey : secondKey);
            }
        }
    }

    private static bool IsTime(string text) =>
        text.Length == 5 && text[2] == ':'
        && int.TryParse(text.Substring(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int hours) && hours < 24
        && int.TryParse(text.Substring(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int minutes) && minutes < 60;

    private static bool IsDate(string text) =>
        text.Length == 10 && DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    /// <summary>A rule's mode; absent (already reported where Harmony needs one) it is Harmony's default, deny.</summary>
    private static RuleMode Mode(TomlValue? mode) => mode?.Text == "allow" ? RuleMode.Allow : RuleMode.Deny;
}
