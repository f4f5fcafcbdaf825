using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using HarmonyGen.Definitions;
using HarmonyGen.Diagnostics;
using HarmonyGen.Transforms;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace HarmonyGen.Middleware.Transform;

/// <summary>
/// A pipeline's response transforms, run on the body of the backend's answer (or the echo's) after the response-side
/// stages have seen its status and headers. A JSON body is read whole (at most <c>max_body_size</c>), parsed once, run
/// through each transform in order and written back with its own <c>Content-Length</c>. A body that is not JSON by its
/// type, is content-encoded, or is empty passes as it is, streamed. A JSON body that cannot be read or transformed is
/// the backend's fault, not the client's: 502, unless every transform says <c>fail_on_error = false</c>, in which case
/// it passes unchanged (a failing transform with <c>fail_on_error = false</c> is skipped, as Harmony continues with the
/// data as it was).
/// </summary>
internal sealed class ResponseBodyTransforms
{
    private static readonly Rejection NotJson = new(StatusCodes.Status502BadGateway, "Backend response is not JSON",
        "The backend's response says it is JSON but does not parse, so the pipeline's transform cannot rewrite it.");

    private static readonly Rejection BackendBroke = new(StatusCodes.Status502BadGateway, "Backend unavailable",
        "The backend broke off its response body before it was complete.");

    private readonly TransformMiddlewareDefinition[] _transforms;
    private readonly Rejection[] _failed;
    private readonly TransformLimits _limits;
    private readonly ILogger _logger;
    private readonly bool _failOnError;

    public ResponseBodyTransforms(TransformMiddlewareDefinition[] transforms, TransformLimits limits, ILogger logger)
    {
        _transforms = transforms;
        _limits = limits;
        _logger = logger;
        _failOnError = transforms.Any(t => t.FailOnError);

        // What the client is told names the transform, not the backend's data (the engine's reason may quote it; the log has it).
        _failed = transforms
            .Select(t => new Rejection(StatusCodes.Status502BadGateway, "Backend response could not be transformed",
                $"Transform '{t.Name}' ({t.SpecFile}) cannot be applied to the backend's response body."))
            .ToArray();
    }

    /// <summary>
    /// The response of a forwarded request, once YARP has copied its status and headers: true when this wrote the body
    /// (or refused it: the rejection to answer), false when YARP is to copy the backend's body as it is.
    /// </summary>
    public async ValueTask<(bool Handled, Rejection? Rejection)> ForwardedAsync(HttpContext context, HttpContent content, CancellationToken cancellation)
    {
        if (!Applies(context, content.Headers.ContentType?.ToString(), content.Headers.ContentLength, content.Headers.ContentEncoding.Count == 0))
        {
            return (false, null);
        }

        if (content.Headers.ContentLength > _limits.MaxBodySize)
        {
            return Refuse(_limits.ResponseTooLarge, "larger than max_body_size") ? (true, _limits.ResponseTooLarge) : (false, null);
        }

        var body = new PooledBuffer(content.Headers.ContentLength ?? 0);
        context.Response.RegisterForDispose(body);
        try
        {
            Stream source = await content.ReadAsStreamAsync(cancellation).ConfigureAwait(false);
            if (!await body.FillAsync(source, _limits.MaxBodySize, cancellation).ConfigureAwait(false))
            {
                if (Refuse(_limits.ResponseTooLarge, "larger than max_body_size"))
                {
                    return (true, _limits.ResponseTooLarge);
                }

                // Untouched: what was read, then the rest as it streams.
                await context.Response.Body.WriteAsync(body.WrittenMemory, cancellation).ConfigureAwait(false);
                await source.CopyToAsync(context.Response.Body, cancellation).ConfigureAwait(false);
                return (true, null);
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return (true, null); // the client went away: nobody is left to answer
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            return (true, BackendBroke);
        }

        return (true, await WriteAsync(context, body, cancellation).ConfigureAwait(false));
    }

    /// <summary>
    /// A body already held whole (the echo's, or a backend's just read): transformed and written, or the 502 to answer
    /// instead. The response's status and Content-Type stay as they are.
    /// </summary>
    public async ValueTask<Rejection?> WriteAsync(HttpContext context, PooledBuffer body, CancellationToken cancellation)
    {
        PooledBuffer output = body;
        if (!JsonBody.TryParse(body.WrittenSpan, out JsonNode? node))
        {
            if (Refuse(NotJson, "the body does not parse as JSON"))
            {
                return NotJson;
            }
        }
        else
        {
            for (int i = 0; i < _transforms.Length; i++)
            {
                TransformMiddlewareDefinition transform = _transforms[i];

                // A transform may edit its input in place: one allowed to fail gets a copy, so that the body goes on as it was.
                JsonNode? input = transform.FailOnError ? node : node?.DeepClone();
                try
                {
                    node = transform.Transform.Apply(input);
                }
                catch (JoltTransformException e)
                {
                    GatewayLog.TransformFailed(_logger, LogLevel.Warning, transform.Name, "response", e.Message, transform.FailOnError ? "answered 502" : "skipped");
                    if (transform.FailOnError)
                    {
                        return _failed[i];
                    }
                }
            }

            output = JsonBody.Write(node, body.Count);
            context.Response.RegisterForDispose(output);
        }

        HttpResponse response = context.Response;
        response.ContentLength = output.Count;
        response.Headers.Remove(HeaderNames.TransferEncoding);
        await response.Body.WriteAsync(output.WrittenMemory, cancellation).ConfigureAwait(false);
        return null;
    }

    /// <summary>
    /// Whether the body is one to transform: there is one (not HEAD, 204 or 304, not declared empty), it says it is JSON
    /// (a response without a Content-Type is not read as JSON, as Harmony reads none), and it is not content-encoded.
    /// </summary>
    private static bool Applies(HttpContext context, string? contentType, long? contentLength, bool identity) =>
        !HttpMethods.IsHead(context.Request.Method)
        && context.Response.StatusCode is not (StatusCodes.Status204NoContent or StatusCodes.Status304NotModified)
        && contentLength is not 0
        && identity
        && JsonBody.IsJsonMediaType(contentType);

    /// <summary>A body that cannot be transformed: true to answer 502, false to let it pass as it is.</summary>
    private bool Refuse(Rejection rejection, string reason)
    {
        GatewayLog.TransformFailed(_logger, LogLevel.Warning, _transforms[0].Name, "response", reason, _failOnError ? "answered " + rejection.Status : "passed on unchanged");
        return _failOnError;
    }
}
