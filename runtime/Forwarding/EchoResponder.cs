using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using HarmonyGen.Diagnostics;
using HarmonyGen.Mesh;
using HarmonyGen.Middleware;
using HarmonyGen.Middleware.Transform;
using HarmonyGen.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace HarmonyGen.Forwarding;

/// <summary>
/// The in-process <c>echo</c> backend, as Harmony's echo service: answers 200 with a JSON description of the request
/// it would have forwarded (method, path after the prefix, query, headers, body), so a pipeline can be tried
/// without a backend. Credentials are never echoed. The pipeline's response-side stages see its status and headers
/// before the body is written, as they see a forwarded backend's.
/// </summary>
internal static class EchoResponder
{
    /// <summary>Bodies up to this size are echoed; larger ones are summarised by length.</summary>
    private const int MaxEchoedBody = 64 * 1024;

    /// <returns>The answer a response-side stage gave instead of the echo; null when the echo was written.</returns>
    /// <param name="caller">Who called: the client's copies of the caller headers are not echoed, a validated caller's are.</param>
    public static async Task<Rejection?> WriteAsync(HttpContext context, string remainder, Caller caller, PipelineStages stages, RouteTarget target)
    {
        HttpRequest request = context.Request;
        string? body = null;
        long length = 0;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
            length = buffer.Length;
            body = length <= MaxEchoedBody ? Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)length) : null;
        }

        HttpResponse response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        if (stages.HasResponseStages && (await stages.RunResponseAsync(context, target).ConfigureAwait(false)).Rejection is { } refused)
        {
            return refused;
        }

        if (stages.ResponseBody is { } transforms)
        {
            // The echo is the backend's answer here: the response transforms rewrite it as they would a backend's.
            var echo = new PooledBuffer(1024 + length);
            context.Response.RegisterForDispose(echo);
            using (var writer = new Utf8JsonWriter(echo))
            {
                Write(writer, request, remainder, caller, body, length);
            }

            return await transforms.WriteAsync(context, echo, context.RequestAborted).ConfigureAwait(false);
        }

        using (var writer = new Utf8JsonWriter(response.BodyWriter))
        {
            Write(writer, request, remainder, caller, body, length);
        }

        await response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        return null;
    }

    private static void Write(Utf8JsonWriter writer, HttpRequest request, string remainder, Caller caller, string? body, long length)
    {
        writer.WriteStartObject();
        writer.WriteString("service", "echo");
        writer.WriteString("method", request.Method);
        writer.WriteString("path", remainder.Length == 0 ? "/" : remainder);
        writer.WriteString("query", request.QueryString.Value ?? string.Empty);
        if (caller.Sender is not null)
        {
            writer.WriteString("mesh_sender", caller.Sender);
        }

        writer.WriteStartObject("headers");
        foreach ((string name, StringValues values) in request.Headers)
        {
            if (!name.Equals("Authorization", System.StringComparison.OrdinalIgnoreCase) && !name.Equals("Cookie", System.StringComparison.OrdinalIgnoreCase) && !caller.Headers.IsRemoved(name))
            {
                writer.WriteString(name, values.ToString());
            }
        }

        if (caller.Names is { } names)
        {
            writer.WriteString(names.Caller, caller.Sender);
            writer.WriteString(names.Mesh, caller.Mesh);
        }

        writer.WriteEndObject();
        writer.WriteNumber("body_length", length);
        if (body is not null)
        {
            writer.WriteString("body", body);
        }

        writer.WriteEndObject();
    }
}
