using System;
using System.IO;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using HarmonyGen.Definitions;
using HarmonyGen.Diagnostics;
using HarmonyGen.Transforms;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace HarmonyGen.Middleware.Transform;

/// <summary>
/// A <c>transform</c> middleware on the request chain (apply left or both): the body is read whole (at most
/// <c>max_body_size</c>), parsed, run through the compiled spec and handed on as the new body with its own
/// <c>Content-Length</c>. A request without a body passes untouched; one the transform cannot read or apply is refused
/// (415, 422; 413 over the limit), or, with <c>fail_on_error = false</c>, passes on with its body as it came.
/// </summary>
internal sealed class RequestTransformStage : IPipelineStage
{
    private readonly TransformMiddlewareDefinition _definition;
    private readonly TransformLimits _limits;
    private readonly ILogger _logger;
    private readonly Rejection _notJsonType;
    private readonly Rejection _notJson;
    private readonly Rejection _encoded;

    public RequestTransformStage(TransformMiddlewareDefinition definition, TransformLimits limits, ILogger logger)
    {
        _definition = definition;
        _limits = limits;
        _logger = logger;
        _notJsonType = new Rejection(StatusCodes.Status415UnsupportedMediaType, "Request body is not JSON",
            $"Transform '{definition.Name}' rewrites JSON request bodies: send application/json (or a +json type).");
        _notJson = new Rejection(StatusCodes.Status415UnsupportedMediaType, "Request body is not JSON",
            $"Transform '{definition.Name}' rewrites JSON request bodies, and this body does not parse as JSON.");
        _encoded = new Rejection(StatusCodes.Status415UnsupportedMediaType, "Request body is encoded",
            $"Transform '{definition.Name}' cannot read a request body with a Content-Encoding: send it uncompressed.");
    }

    public string Name => _definition.Name;

    public StageSide Side => StageSide.Request;

    public ValueTask<StageResult> InvokeAsync(HttpContext context)
    {
        HttpRequest request = context.Request;
        if (!HasBody(context))
        {
            return default; // a GET, or an empty body: nothing to transform (Harmony's transform of nothing changes nothing sent)
        }

        if (!JsonBody.IsIdentity(request.Headers.ContentEncoding))
        {
            return Refuse(_encoded, "Content-Encoding");
        }

        // No Content-Type is read as JSON, as Harmony's HTTP endpoint does; any other type than JSON is not.
        if (request.ContentType is { Length: > 0 } type && !JsonBody.IsJsonMediaType(type))
        {
            return Refuse(_notJsonType, "media type " + type);
        }

        return TransformAsync(context);
    }

    private static bool HasBody(HttpContext context) => context.Request.ContentLength switch
    {
        0 => false,
        > 0 => true,
        _ => context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? context.Request.Headers.TransferEncoding.Count > 0,
    };

    /// <summary>Refused before any byte was read: with <c>fail_on_error = false</c> the body streams on untouched.</summary>
    private ValueTask<StageResult> Refuse(Rejection rejection, string reason)
    {
        GatewayLog.TransformFailed(_logger, LogLevel.Information, _definition.Name, "request", reason, _definition.FailOnError ? "refused" : "passed on unchanged");
        return _definition.FailOnError ? new ValueTask<StageResult>(StageResult.Reject(rejection)) : default;
    }

    private async ValueTask<StageResult> TransformAsync(HttpContext context)
    {
        HttpRequest request = context.Request;
        var body = new PooledBuffer(request.ContentLength ?? 0);
        context.Response.RegisterForDispose(body);
        try
        {
            if (!await body.FillAsync(request.Body, _limits.MaxBodySize, context.RequestAborted).ConfigureAwait(false))
            {
                return StageResult.Reject(_limits.RequestTooLarge); // the gateway's limit, whatever fail_on_error says
            }
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's own body limit (413), or a malformed chunked body (400).
            return StageResult.Reject(e.StatusCode == StatusCodes.Status413PayloadTooLarge ? _limits.RequestTooLarge : TransformLimits.BrokenBody);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            return StageResult.Reject(TransformLimits.BrokenBody); // the client went away mid-body: nobody reads this answer
        }

        if (!JsonBody.TryParse(body.WrittenSpan, out JsonNode? input))
        {
            return Fallback(request, body, _notJson, "the body does not parse as JSON");
        }

        JsonNode? output;
        try
        {
            output = _definition.Transform.Apply(input);
        }
        catch (JoltTransformException e)
        {
            var failed = new Rejection(StatusCodes.Status422UnprocessableEntity, "Request body could not be transformed",
                $"Transform '{_definition.Name}' ({_definition.SpecFile}) cannot be applied to this body: {e.Message}.");
            return Fallback(request, body, failed, e.Message);
        }

        PooledBuffer transformed = JsonBody.Write(output, body.Count);
        context.Response.RegisterForDispose(transformed);
        Replace(request, transformed);
        if (string.IsNullOrEmpty(request.ContentType))
        {
            request.ContentType = "application/json";
        }

        return StageResult.Continue;
    }

    /// <summary>A body read but not transformed: refused, or (<c>fail_on_error = false</c>) handed on byte for byte from the buffer.</summary>
    private StageResult Fallback(HttpRequest request, PooledBuffer body, Rejection rejection, string reason)
    {
        GatewayLog.TransformFailed(_logger, LogLevel.Information, _definition.Name, "request", reason, _definition.FailOnError ? "refused" : "passed on unchanged");
        if (_definition.FailOnError)
        {
            return StageResult.Reject(rejection);
        }

        Replace(request, body);
        return StageResult.Continue;
    }

    /// <summary>The body the backend gets: a known length now, so a chunked request leaves with Content-Length instead.</summary>
    private static void Replace(HttpRequest request, PooledBuffer body)
    {
        request.Body = body.AsStream();
        request.ContentLength = body.Count;
        request.Headers.Remove(HeaderNames.TransferEncoding);
    }
}
