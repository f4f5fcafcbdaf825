using System;
using System.Linq;
using System.Threading.Tasks;
using HarmonyGen.Definitions;
using HarmonyGen.Diagnostics;
using HarmonyGen.Routing;
using Microsoft.AspNetCore.Http;

namespace HarmonyGen.Middleware;

/// <summary>
/// A <c>path_filter</c> middleware on the request side, as Harmony runs it (src/models/middleware/types/path_filter.rs,
/// aurabx/harmony 6a959c0d): the path after the matched prefix (Harmony's <c>path</c> metadata, the part after the
/// endpoint's <c>path_prefix</c>) with its leading slashes reduced to one and its trailing slashes removed, <c>/</c>
/// when nothing is left, must match one of the rules, else the request is refused with 404 and never reaches the
/// backend (Harmony sets <c>skip_backends</c> and answers 404). The path is the decoded one the backend would be asked
/// for, so what is judged is what would be sent.
/// </summary>
internal sealed class PathFilterStage : IPipelineStage
{
    private readonly PathPattern[] _rules;
    private readonly Rejection _refused;

    public PathFilterStage(PathFilterMiddlewareDefinition middleware)
    {
        Name = middleware.Name;
        _rules = middleware.Rules.Select(PathPattern.Compile).ToArray();
        _refused = new Rejection(StatusCodes.Status404NotFound, "Path not allowed", $"Middleware '{middleware.Name}' lets no request through to this path.");
    }

    public string Name { get; }

    public StageSide Side => StageSide.Request;

    /// <summary>A request that came through no route (a test's): the whole path is judged, as under a <c>/</c> prefix.</summary>
    public ValueTask<StageResult> InvokeAsync(HttpContext context) => Judge(context, "/");

    public ValueTask<StageResult> InvokeAsync(HttpContext context, RouteTarget target) => Judge(context, target.PathPrefix);

    private ValueTask<StageResult> Judge(HttpContext context, string prefix)
    {
        ReadOnlySpan<char> path = Subpath(context.Request.Path.HasValue ? context.Request.Path.Value! : "/", prefix);
        foreach (PathPattern rule in _rules)
        {
            if (rule.Matches(path))
            {
                return default;
            }
        }

        return new ValueTask<StageResult>(StageResult.Reject(_refused));
    }

    /// <summary>
    /// The path Harmony's path_filter matches, as a span of <paramref name="path"/> (no copy): after
    /// <paramref name="prefix"/>, one leading slash, no trailing slash, <c>/</c> when empty.
    /// </summary>
    internal static ReadOnlySpan<char> Subpath(string path, string prefix)
    {
        int start = prefix.Length == 1 || !path.StartsWith(prefix, StringComparison.Ordinal) ? 0 : prefix.Length;
        while (start < path.Length && path[start] == '/')
        {
            start++;
        }

        if (start == path.Length)
        {
            return "/";
        }

        // The character before the rest is a slash (the route matched on a segment boundary, or slashes were
        // skipped): the span from it is "/" + the rest without allocating one.
        ReadOnlySpan<char> subpath = start > 0 && path[start - 1] == '/' ? path.AsSpan(start - 1) : path.AsSpan(start);
        ReadOnlySpan<char> trimmed = subpath.TrimEnd('/');
        return trimmed.IsEmpty ? "/" : trimmed;
    }
}
