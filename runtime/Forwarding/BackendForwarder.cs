using System;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using HarmonyGen.Diagnostics;
using HarmonyGen.Limits;
using HarmonyGen.Mesh;
using HarmonyGen.Routing;
using HarmonyGen.Definitions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace HarmonyGen.Forwarding;

/// <summary>
/// The forward stage: the backend path (the request's after the matched prefix, refused when it could climb out of the
/// backend's base path), then the echo service or one send through YARP's <see cref="IHttpForwarder"/>, and what a
/// failed send is answered with (413 for a body that crossed <c>max_body_size</c> while streaming, 504, 502, or
/// nothing when the client went away).
/// </summary>
internal sealed class BackendForwarder
{
    private static readonly Rejection BadPath = new(
        StatusCodes.Status400BadRequest, "Bad path", "The path has dot segments that would leave the backend's base path.");

    private static readonly Rejection NoBackend = new(StatusCodes.Status502BadGateway, "No backend", "The pipeline has no backend.");

    private readonly IHttpForwarder _forwarder;
    private readonly HttpMessageInvoker _invoker;
    private readonly RequestLimits _limits;
    private readonly ILogger _logger;
    private readonly GatewayMetrics _metrics;
    private readonly CallerHeaders _callers;

    public BackendForwarder(IHttpForwarder forwarder, HttpMessageInvoker invoker, RequestLimits limits, CallerHeaders callers, ILogger logger, GatewayMetrics metrics)
    {
        _callers = callers;
        _forwarder = forwarder;
        _invoker = invoker;
        _limits = limits;
        _logger = logger;
        _metrics = metrics;
    }

    /// <summary>
    /// Sends the request on to <paramref name="pipeline"/>'s backend with <paramref name="authorization"/> (the
    /// egress token, or null) and without the mesh token <paramref name="mesh"/> consumed. Null when the response is
    /// the backend's (or nobody is left to answer); otherwise the problem to answer instead.
    /// </summary>
    public ValueTask<Rejection?> ForwardAsync(HttpContext context, RouteTarget target, PipelineRoute pipeline, string? authorization, in MeshValidation mesh)
    {
        HttpRequest request = context.Request;
        if (!BackendPath.TryGetRemainder(request.Path.HasValue ? request.Path.Value! : "/", target.PathPrefix, out ReadOnlySpan<char> remainder))
        {
            return new ValueTask<Rejection?>(BadPath);
        }

        if (pipeline.Backend is not { } backend)
        {
            return new ValueTask<Rejection?>(NoBackend);
        }

        if (backend.Definition.Service == BackendService.Echo)
        {
            return new ValueTask<Rejection?>(EchoResponder.WriteAsync(context, remainder.ToString(), _callers.For(mesh), pipeline.Stages, target));
        }

        Uri destination = BackendPath.Join(backend.Definition.BaseUrl!, remainder, request.QueryString.Value ?? string.Empty);
        GatewayTransformer transformer = pipeline.Stages.HasResponseStages
            ? new ResponseStagesTransformer(destination, authorization, _callers.For(mesh), pipeline.Stages, target)
            : new GatewayTransformer(destination, authorization, _callers.For(mesh));
        ValueTask<ForwarderError> sending = _forwarder.SendAsync(context, backend.Definition.BaseUrl!, _invoker, backend.RequestConfig, transformer);
        return sending.IsCompletedSuccessfully
            ? new ValueTask<Rejection?>(Sent(context, backend, transformer, sending.Result))
            : AwaitSendAsync(context, backend, transformer, sending);
    }

    // In a real host the send always goes asynchronous: the pooled builder reuses this state machine rather than
    // allocating one per request.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<Rejection?> AwaitSendAsync(HttpContext context, BackendRoute backend, GatewayTransformer transformer, ValueTask<ForwarderError> sending) =>
        Sent(context, backend, transformer, await sending.ConfigureAwait(false));

    private Rejection? Sent(HttpContext context, BackendRoute backend, GatewayTransformer transformer, ForwarderError error)
    {
        if (transformer is ResponseStagesTransformer { Rejection: { } refused })
        {
            return refused;
        }

        return error == ForwarderError.None ? null : Failed(context, backend.Definition.Name, error);
    }

    private Rejection? Failed(HttpContext context, string backend, ForwarderError error)
    {
        Exception? exception = context.Features.Get<IForwarderErrorFeature>()?.Exception;
        if (RequestLimits.IsBodyTooLarge(exception))
        {
            // A body (chunked, or longer than it said) crossed max_body_size while streaming: the backend call is aborted.
            // The client's mistake, not the backend's, so it is not counted as a backend error.
            return _limits.BodyTooLarge;
        }

        _metrics.BackendFailed(backend, error, exception);
        GatewayLog.BackendFailed(_logger, backend, exception is null ? error.ToString() : $"{error}: {exception.GetType().Name}");
        return error switch
        {
            // The client went away or sent a broken body; the backend call is already cancelled and nobody is listening.
            ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled or ForwarderError.RequestBodyClient
                or ForwarderError.ResponseBodyCanceled or ForwarderError.ResponseBodyClient => null,
            ForwarderError.RequestTimedOut => new Rejection(StatusCodes.Status504GatewayTimeout, "Backend timeout", $"Backend '{backend}' did not answer in time."),
            _ => new Rejection(StatusCodes.Status502BadGateway, "Backend unavailable", $"Backend '{backend}' refused, reset or broke the connection."),
        };
    }
}
