using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Tasks;
using HarmonyGen.Diagnostics;
using HarmonyGen.Definitions;
using Microsoft.AspNetCore.Http;

namespace HarmonyGen.Management;

/// <summary>
/// The management API of <c>[management]</c>: served under <see cref="BasePath"/>, and only on connections of the
/// management network (on every other network the same paths are ordinary traffic). Read-only: GET and HEAD.
/// Every endpoint is one case of <see cref="HandleAsync"/>'s switch.
/// </summary>
internal sealed class ManagementEndpoints
{
    private readonly GatewayDefinition _definition;
    private readonly GatewayReadiness _readiness;
    private readonly Func<string?> _coldCache;
    private readonly int _meshesWithKeys;

    // The definition never changes while the gateway runs, so the views are serialised once.
    private readonly byte[] _routes;
    private readonly byte[] _pipelines;
    private readonly byte[] _meshes;
    private readonly byte[] _graph;

    public ManagementEndpoints(GatewayDefinition definition, ManagementDefinition management, GatewayReadiness readiness, Func<string?> coldCache)
    {
        _definition = definition;
        _readiness = readiness;
        _coldCache = coldCache;
        Network = management.Network;
        BasePath = management.BasePath == "/" ? string.Empty : management.BasePath;
        _meshesWithKeys = definition.Meshes.Count(m => m.Enabled);
        _routes = JsonSerializer.SerializeToUtf8Bytes(ManagementViews.Routes(definition), ManagementJsonContext.Default.RoutesDocument);
        _pipelines = JsonSerializer.SerializeToUtf8Bytes(ManagementViews.Pipelines(definition), ManagementJsonContext.Default.PipelinesDocument);
        _meshes = JsonSerializer.SerializeToUtf8Bytes(ManagementViews.Meshes(definition), ManagementJsonContext.Default.MeshesDocument);
        _graph = System.Text.Encoding.UTF8.GetBytes(HarmonyGen.Hosting.HarmonyGateway.GraphOf(definition));
    }

    /// <summary>The management network's name.</summary>
    public string Network { get; }

    /// <summary>The prefix every management path starts with (<c>/admin</c>; empty when the API is at the root).</summary>
    public string BasePath { get; }

    /// <summary>The management sub-path of a request on the management network (<c>/health/live</c>), or null when it is not one.</summary>
    public string? SubPath(string network, string path)
    {
        if (!string.Equals(network, Network, StringComparison.Ordinal))
        {
            return null;
        }

        if (BasePath.Length == 0)
        {
            return path;
        }

        // Segment boundary, as routes match: /admin and /admin/x, never /adminx.
        if (!path.StartsWith(BasePath, StringComparison.Ordinal) || (path.Length > BasePath.Length && path[BasePath.Length] != '/'))
        {
            return null;
        }

        string rest = path.Substring(BasePath.Length);
        return rest.Length == 0 ? "/" : rest;
    }

    public Task HandleAsync(HttpContext context, string subPath)
    {
        string method = context.Request.Method;
        if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method))
        {
            return Problem.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, "Method not allowed", "The management API is read-only: use GET or HEAD.", null, static h => h.Allow = "GET, HEAD");
        }

        return subPath.TrimEnd('/') switch
        {
            "/health/live" => WriteAsync(context, StatusCodes.Status200OK, new HealthDocument("live", _definition.ProxyId, null), ManagementJsonContext.Default.HealthDocument),
            "/health/ready" => ReadyAsync(context),
            "/routes" => WriteAsync(context, _routes),
            "/pipelines" => WriteAsync(context, _pipelines),
            "/meshes" => WriteAsync(context, _meshes),
            "/graph" => WriteAsync(context, _graph, MermaidMediaType),
            _ => Problem.WriteAsync(context, StatusCodes.Status404NotFound, "No management endpoint", "The management API has /health/live, /health/ready, /routes, /pipelines, /meshes and /graph."),
        };
    }

    // Mermaid text has no registered media type; text/vnd.mermaid is what Mermaid's own tools and GitLab use.
    private const string MermaidMediaType = "text/vnd.mermaid; charset=utf-8";

    private Task ReadyAsync(HttpContext context)
    {
        List<HealthCheck> checks = _readiness.Checks(_meshesWithKeys, _coldCache());
        HealthCheck? failed = checks.FirstOrDefault(c => !c.Ok);
        if (failed is not null)
        {
            // problem+json, extended with every check, so a probe's log says which one failed.
            return Problem.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Not ready", $"Check '{failed.Name}' failed: {failed.Detail}.", writer =>
            {
                writer.WriteStartObject("checks");
                foreach (HealthCheck check in checks)
                {
                    writer.WriteStartObject(check.Name);
                    writer.WriteBoolean("ok", check.Ok);
                    writer.WriteString("detail", check.Detail);
                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
            },
            static h => h.RetryAfter = "5");
        }

        return WriteAsync(context, StatusCodes.Status200OK, new HealthDocument("ready", _definition.ProxyId, checks), ManagementJsonContext.Default.HealthDocument);
    }

    private static Task WriteAsync<T>(HttpContext context, int status, T document, JsonTypeInfo<T> type)
    {
        context.Response.StatusCode = status;
        return WriteAsync(context, JsonSerializer.SerializeToUtf8Bytes(document, type));
    }

    private static Task WriteAsync(HttpContext context, byte[] body, string contentType = "application/json")
    {
        HttpResponse response = context.Response;
        response.ContentType = contentType;
        response.Headers.CacheControl = "no-store";
        response.ContentLength = body.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(body, 0, body.Length, context.RequestAborted);
    }
}
