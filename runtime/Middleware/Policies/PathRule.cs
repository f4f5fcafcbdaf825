using System;
using System.Net;
using HarmonyGen.Definitions;
using Microsoft.AspNetCore.Http;

namespace HarmonyGen.Middleware.Policies;

/// <summary>
/// <c>path</c>: the request path against <see cref="PathPattern"/>s (matchit syntax, shared with <c>path_filter</c>).
/// The path is the request's whole path, decoded as ASP.NET Core decodes it (so <c>/%61dmin</c> is <c>/admin</c>).
/// </summary>
internal sealed class PathRule : PolicyRule
{
    private readonly PathPattern[] _patterns;
    private readonly RuleMode _mode;

    public PathRule(PolicyRuleDefinition definition, ListCondition list)
        : base(definition)
    {
        _mode = list.Mode;
        _patterns = new PathPattern[list.Values.Length];
        for (int i = 0; i < _patterns.Length; i++)
        {
            _patterns[i] = PathPattern.Compile(list.Values[i]);
        }
    }

    public override RuleVerdict Evaluate(HttpContext context, IPAddress? client)
    {
        string? path = context.Request.Path.Value;
        ReadOnlySpan<char> value = string.IsNullOrEmpty(path) ? "/" : path;
        foreach (PathPattern pattern in _patterns)
        {
            if (pattern.Matches(value))
            {
                return Listed(true, _mode);
            }
        }

        return RuleVerdict.NoMatch;
    }
}
