using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using HarmonyGen.Diagnostics;
using HarmonyGen.Mesh;
using HarmonyGen.Middleware;
using HarmonyGen.Routing;
using Microsoft.AspNetCore.Http;

namespace HarmonyGen.Forwarding;

/// <summary>
/// <see cref="GatewayTransformer"/> for a pipeline with response-side stages: they run once the backend's status and
/// headers are on the response and before its body is copied. A stage that refuses the response stops the copy (YARP
/// discards the body) and leaves its answer in <see cref="Rejection"/> for the edge to write. Response transforms then
/// read the body and write their own instead of YARP's copy; for them the backend is not offered compressed answers.
/// </summary>
internal sealed class ResponseStagesTransformer : GatewayTransformer
{
    private readonly PipelineStages _stages;
    private readonly RouteTarget _target;

    public ResponseStagesTransformer(Uri destination, string? authorization, Caller caller, PipelineStages stages, RouteTarget target)
        : base(destination, authorization, caller)
    {
        _stages = stages;
        _target = target;
    }

    /// <summary>The answer a response-side stage gave instead of the backend's; null when the backend's was sent.</summary>
    public Rejection? Rejection { get; private set; }

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken).ConfigureAwait(false);
        if (_stages.ResponseBody is not null)
        {
            // A transform reads JSON, not gzip: asked for nothing else, a backend answers identity-encoded. One that
            // encodes all the same has its body passed through untouched.
            proxyRequest.Headers.Remove("Accept-Encoding");
        }
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        bool copy = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken).ConfigureAwait(false);
        if (!copy || proxyResponse is null)
        {
            return copy; // no backend response to judge (YARP is reporting a failure)
        }

        Rejection = (await _stages.RunResponseAsync(httpContext, _target).ConfigureAwait(false)).Rejection;
        if (Rejection is not null || _stages.ResponseBody is not { } bodies)
        {
            return Rejection is null;
        }

        (bool handled, Rejection? refusedBody) = await bodies.ForwardedAsync(httpContext, proxyResponse.Content, cancellationToken).ConfigureAwait(false);
        Rejection = refusedBody;
        return !handled; // written here (or refused): YARP must not copy the backend's body as well
    }
}
