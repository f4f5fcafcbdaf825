using System;
using System.Net;
using HarmonyGen.Definitions;
using Microsoft.AspNetCore.Http;

namespace HarmonyGen.Middleware.Policies;

/// <summary>
/// <c>content_type</c>: the request's media type (its <c>Content-Type</c> without parameters) against media ranges
/// (<c>application/json</c>, <c>application/*</c>, <c>*/*</c>), ignoring case. A request without a Content-Type does
/// not match. Harmony's docs define this rule; its stored code has no evaluator for it.
/// </summary>
internal sealed class ContentTypeRule(PolicyRuleDefinition definition, ListCondition list) : PolicyRule(definition)
{
    private readonly string[] _ranges = [.. list.Values];

    public override RuleVerdict Evaluate(HttpContext context, IPAddress? client)
    {
        string? header = context.Request.ContentType;
        if (string.IsNullOrEmpty(header))
        {
            return RuleVerdict.NoMatch;
        }

        ReadOnlySpan<char> media = header.AsSpan();
        int semicolon = media.IndexOf(';');
        if (semicolon >= 0)
        {
            media = media[..semicolon];
        }

        media = media.Trim();
        int slash = media.IndexOf('/');
        if (slash <= 0)
        {
            return RuleVerdict.NoMatch;
        }

        bool matches = false;
        foreach (string range in _ranges)
        {
            if (Matches(range, media, slash))
            {
                matches = true;
                break;
            }
        }

        return Listed(matches, list.Mode);
    }

    private static bool Matches(string range, ReadOnlySpan<char> media, int slash)
    {
        if (range == "*/*")
        {
            return true;
        }

        if (range.EndsWith("/*", StringComparison.Ordinal))
        {
            return media[..slash].Equals(range.AsSpan(0, range.Length - 2), StringComparison.OrdinalIgnoreCase);
        }

        return media.Equals(range, StringComparison.OrdinalIgnoreCase);
    }
}
