using System.Diagnostics;
using HarmonyGen.Mesh;
using HarmonyGen.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace HarmonyGen.Diagnostics;

/// <summary>
/// The gateway's part of a trace. When something records, ASP.NET Core creates the server span and SocketsHttpHandler
/// the client span to the backend (carrying W3C trace context; while nothing records, <see cref="DirectTraceContext"/>
/// writes that context without either span); the gateway adds what only it knows as tags on the server span (which
/// pipeline and ingress, which mesh, why a token was refused) and one child span around mesh token validation. Tags
/// are set only when the span is recorded (<see cref="Activity.IsAllDataRequested"/>); no tag ever holds token text.
/// </summary>
internal static class GatewayActivity
{
    public const string SourceName = "HarmonyGen.Gateway";

    public const string ValidateName = "harmony.mesh.validate";

    public static readonly ActivitySource Source = new(SourceName, GatewayMetrics.Version);

    /// <summary>
    /// Names the route on the server span, and on ASP.NET Core's own <c>http.server.request.duration</c> when that is
    /// being measured (the feature exists only then).
    /// </summary>
    public static void Routed(HttpContext context, RouteTarget target)
    {
        if (RecordedServerSpan() is { } server)
        {
            server.SetTag("harmony.gateway.pipeline", target.Pipeline);
            server.SetTag("harmony.gateway.ingress", target.Ingress ?? GatewayMetrics.None);
        }

        if (context.Features.Get<IHttpMetricsTagsFeature>() is { } metricsTags)
        {
            metricsTags.Tags.Add(new("harmony.gateway.pipeline", target.Pipeline));
            metricsTags.Tags.Add(new("harmony.gateway.ingress", target.Ingress ?? GatewayMetrics.None));
        }
    }

    /// <summary>A child span for validating an ingress token; null (and free) unless a listener samples it.</summary>
    public static Activity? StartValidation() => Source.StartActivity(ValidateName, ActivityKind.Internal);

    /// <summary>Ends the validation span with its outcome (the mesh, or the rejection code) and names the mesh on the server span.</summary>
    public static void Validated(Activity? validation, in MeshValidation result)
    {
        if (validation is not null)
        {
            validation.SetTag(result.IsValid ? "harmony.mesh.name" : "harmony.mesh.rejection.reason", result.IsValid ? result.Mesh : result.Rejection.TagValue());
            if (!result.IsValid)
            {
                validation.SetStatus(ActivityStatusCode.Error);
            }

            validation.Dispose(); // the server span is current again (a second Dispose is a no-op)
        }

        if (result.IsValid && RecordedServerSpan() is { } server)
        {
            server.SetTag("harmony.mesh.name", result.Mesh);
        }
    }

    /// <summary>
    /// The current span when someone records it. ASP.NET Core creates a server span for log scopes even when no
    /// ActivityListener listens (its Source then has none) if its hosting logs are configured; tagging that one would
    /// cost an allocation per request for nothing.
    /// </summary>
    private static Activity? RecordedServerSpan() =>
        Activity.Current is { IsAllDataRequested: true } current && current.Source.HasListeners() ? current : null;

    /// <summary>Marks the server span of a request refused by mesh authentication.</summary>
    public static void MeshRejected(MeshRejection reason)
    {
        if (RecordedServerSpan() is { } server)
        {
            server.SetTag("harmony.mesh.rejection.reason", reason.TagValue());
        }
    }
}
