using System;
using System.Net;
using System.Text.RegularExpressions;
using HarmonyGen.Definitions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace HarmonyGen.Middleware.Policies;

/// <summary>
/// <c>header</c> and <c>query_parameter</c>: the rule matches when every entry matches (Harmony's header evaluator);
/// an entry whose header or parameter is absent does not match, except that nothing is required of an absent one by
/// no entry. <c>exact</c> is equal ignoring case, <c>contains</c> contains ignoring case, <c>regex</c> matches anywhere,
/// case-sensitive unless the pattern says otherwise, <c>exists</c> (query parameters) is present with any value, even
/// empty. The value compared is the first one the request has (a header or parameter repeated is judged by its first).
/// Header regexes are Harmony's code's (the pattern as written); query_parameter regexes are its docs' (<c>/body/i</c>
/// or as written), as its code has no query_parameter evaluator.
/// </summary>
internal sealed class ValueMatchRule : PolicyRule
{
    private readonly Entry[] _entries;
    private readonly bool _query;
    private readonly RuleMode _mode;

    public ValueMatchRule(PolicyRuleDefinition definition, MatchCondition condition, bool query)
        : base(definition)
    {
        _query = query;
        _mode = condition.Mode;
        _entries = new Entry[condition.Matches.Length];
        for (int i = 0; i < _entries.Length; i++)
        {
            Definitions.ValueMatch match = condition.Matches[i];
            Regex? regex = match.Kind == MatchKind.Regex ? PolicyRegex.Compile(match.Value!, slashForm: query) : null;
            _entries[i] = new Entry(match.Name, match.Kind, match.Value ?? string.Empty, regex);
        }
    }

    public override RuleVerdict Evaluate(HttpContext context, IPAddress? client)
    {
        if (_entries.Length == 0)
        {
            return RuleVerdict.NoMatch; // Harmony: an empty list matches nothing
        }

        foreach (Entry entry in _entries)
        {
            StringValues values = _query ? context.Request.Query[entry.Name] : context.Request.Headers[entry.Name];
            if (values.Count == 0 || !entry.Matches(values[0] ?? string.Empty))
            {
                return RuleVerdict.NoMatch;
            }
        }

        return Listed(true, _mode);
    }

    private sealed record Entry(string Name, MatchKind Kind, string Value, Regex? Regex)
    {
        public bool Matches(string actual) => Kind switch
        {
            MatchKind.Exists => true,
            MatchKind.Exact => string.Equals(actual, Value, StringComparison.OrdinalIgnoreCase),
            MatchKind.Contains => actual.Contains(Value, StringComparison.OrdinalIgnoreCase),
            _ => Regex!.IsMatch(actual),
        };
    }
}

/// <summary>
/// <c>user_agent</c>: the request's <c>User-Agent</c> against patterns (Harmony's docs: <c>/bot|crawler/i</c>, or a
/// pattern as written); the rule matches when any pattern does. A request without a User-Agent does not match.
/// Harmony's docs define this rule; its stored code has no evaluator for it.
/// </summary>
internal sealed class UserAgentRule : PolicyRule
{
    private readonly Regex[] _patterns;
    private readonly RuleMode _mode;

    public UserAgentRule(PolicyRuleDefinition definition, MatchCondition condition)
        : base(definition)
    {
        _mode = condition.Mode;
        _patterns = new Regex[condition.Matches.Length];
        for (int i = 0; i < _patterns.Length; i++)
        {
            _patterns[i] = PolicyRegex.Compile(condition.Matches[i].Value!, slashForm: true);
        }
    }

    public override RuleVerdict Evaluate(HttpContext context, IPAddress? client)
    {
        StringValues agent = context.Request.Headers.UserAgent;
        if (agent.Count == 0)
        {
            return RuleVerdict.NoMatch;
        }

        string value = agent[0] ?? string.Empty;
        foreach (Regex pattern in _patterns)
        {
            if (pattern.IsMatch(value))
            {
                return Listed(true, _mode);
            }
        }

        return RuleVerdict.NoMatch;
    }
}
