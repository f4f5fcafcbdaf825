using System;
using System.Buffers;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading.Tasks;
using HarmonyGen.Definitions;
using HarmonyGen.Middleware.LogDump;
using HarmonyGen.Middleware.Metadata;
using HarmonyGen.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace HarmonyGen.Middleware.Webhook;

/// <summary>
/// A <c>webhook</c> middleware on one side, as Harmony's WebhookMiddleware (src/models/middleware/types/webhook.rs,
/// aurabx/harmony 575e2c5f) posts: <c>{"middleware":"webhook","name","side","request":{method, uri, headers, cookies,
/// query_params, metadata, content_metadata},"extra"}</c>, and on the response side also <c>"response":{"status"}</c>
/// (Harmony sends the request alone there). <c>metadata</c> is the request's (<see cref="RequestMetadata"/>) on both
/// sides, as Harmony reads <c>request_details.metadata</c> on both; <c>extra</c> is its <c>webhook.&lt;name&gt;</c>
/// entry (written by a metadata_transform before it) read as JSON, or as a string when it is not JSON, else null. Built on the request path, queued (<see cref="WebhookSender"/>), posted in
/// the background: the request never waits for it and is never refused by it.
/// </summary>
/// <remarks>
/// Redaction is Harmony's (its <c>redact_headers</c>, <c>redact_metadata</c> and <c>[proxy] sensitive_field_patterns</c>,
/// written <c>&lt;redacted&gt;</c>) and more: credentials are never copied to another service whatever the options say
/// (<see cref="LogRedactor"/>: Authorization, Cookie, values sent with an authentication scheme, secret-looking names),
/// and cookie values are always redacted. Bodies are not sent: Harmony sends its parsed content's metadata, not the
/// body, and HarmonyGen streams bodies without parsing them (<c>content_metadata</c> is null).
/// </remarks>
internal sealed class WebhookStage : IPipelineStage, IDisposable
{
    private const string Marker = "<redacted>";

    private static readonly JsonWriterOptions s_json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly WebhookSender _sender;
    private readonly LogRedactor _redactor;
    private readonly MetadataRedactor _metadata;
    private readonly string _side;
    private readonly string _extraKey;

    public WebhookStage(WebhookMiddlewareDefinition middleware, StageSide side, WebhookSender sender)
    {
        Name = middleware.Name;
        Side = side;
        _sender = sender;
        _side = side == StageSide.Request ? "left" : "right";
        _redactor = new LogRedactor(OrEmpty(middleware.RedactHeaders), OrEmpty(middleware.SensitiveFieldPatterns), Marker);
        _metadata = new MetadataRedactor(OrEmpty(middleware.RedactMetadata), _redactor);
        _extraKey = "webhook." + middleware.Name; // Harmony's instance_name is the middleware's name
    }

    public string Name { get; }

    public StageSide Side { get; }

    /// <summary>A request that came through no route (a test's): the metadata's <c>path</c> is the rest after <c>/</c>.</summary>
    public ValueTask<StageResult> InvokeAsync(HttpContext context) => InvokeAsync(context, "/");

    public ValueTask<StageResult> InvokeAsync(HttpContext context, RouteTarget target) => InvokeAsync(context, target.PathPrefix);

    private ValueTask<StageResult> InvokeAsync(HttpContext context, string prefix)
    {
        _sender.Enqueue(Payload(context, prefix));
        return default;
    }

    public void Dispose() => _sender.Dispose();

    /// <summary>The JSON posted for this request (or response), redacted.</summary>
    internal byte[] Payload(HttpContext context, string prefix = "/")
    {
        HttpRequest request = context.Request;
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer, s_json))
        {
            w.WriteStartObject();
            w.WriteString("middleware", "webhook");
            w.WriteString("name", Name);
            w.WriteString("side", _side);
            w.WritePropertyName("request");
            w.WriteStartObject();
            w.WriteString("method", request.Method);
            w.WriteString("uri", (request.Path.HasValue ? request.Path.Value : "/") + _redactor.Query(request.QueryString));
            w.WritePropertyName("headers");
            WriteHeaders(w, request.Headers);
            w.WritePropertyName("cookies");
            w.WriteStartObject();
            foreach (KeyValuePair<string, string> cookie in request.Cookies)
            {
                w.WriteString(cookie.Key, Marker); // a cookie is a credential more often than not
            }

            w.WriteEndObject();
            w.WritePropertyName("query_params");
            w.WriteStartObject();
            foreach (KeyValuePair<string, StringValues> parameter in request.Query)
            {
                w.WritePropertyName(parameter.Key);
                w.WriteStartArray();
                bool secret = _redactor.IsRedactedName(parameter.Key);
                foreach (string? value in parameter.Value)
                {
                    w.WriteStringValue(secret ? Marker : value);
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
            w.WritePropertyName("metadata");
            RequestMetadata.WriteRequest(w, context, prefix, _metadata.Value);
            w.WriteNull("content_metadata");
            w.WriteEndObject();
            if (Side == StageSide.Response)
            {
                w.WritePropertyName("response");
                w.WriteStartObject();
                w.WriteNumber("status", context.Response.StatusCode);
                w.WriteEndObject();
            }

            w.WritePropertyName("extra");
            WriteExtra(w, RequestMetadata.RequestValue(context, _extraKey));
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private void WriteHeaders(Utf8JsonWriter w, IHeaderDictionary headers)
    {
        w.WriteStartObject();
        foreach (KeyValuePair<string, StringValues> header in headers)
        {
            // Harmony's headers are a map of lower-case names (as hyper gives them) to one value.
            w.WriteString(header.Key.ToLowerInvariant(), _redactor.IsRedacted(header.Key, header.Value) ? Marker : header.Value.ToString());
        }

        w.WriteEndObject();
    }

    /// <summary>Harmony's <c>build_extra_from_metadata</c>: the entry parsed as JSON, else the entry as a string, else null.</summary>
    private static void WriteExtra(Utf8JsonWriter w, string? raw)
    {
        if (raw is null)
        {
            w.WriteNullValue();
            return;
        }

        try
        {
            using JsonDocument parsed = JsonDocument.Parse(raw);
            parsed.RootElement.WriteTo(w);
        }
        catch (JsonException)
        {
            w.WriteStringValue(raw);
        }
    }

    private static ImmutableArray<string> OrEmpty(ImmutableArray<string> names) => names.IsDefault ? ImmutableArray<string>.Empty : names;
}
