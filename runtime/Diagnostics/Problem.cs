using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace HarmonyGen.Diagnostics;

/// <summary>
/// Gateway errors as <c>application/problem+json</c> (RFC 9457): a status and a short reason, never secrets, token
/// text or stack traces. Written with <see cref="Utf8JsonWriter"/>, so no reflection-based serialisation.
/// </summary>
internal static class Problem
{
    public static Task WriteAsync(HttpContext context, int status, string title, string detail) => WriteAsync(context, status, title, detail, null, null);

    /// <summary>
    /// A problem with extension members (RFC 9457 §3.2) written by <paramref name="extensions"/> and response headers
    /// (<c>Allow</c>, <c>Retry-After</c>) set by <paramref name="headers"/> after anything earlier was cleared.
    /// </summary>
    public static Task WriteAsync(HttpContext context, int status, string title, string detail, System.Action<Utf8JsonWriter>? extensions, System.Action<IHeaderDictionary>? headers)
    {
        HttpResponse response = context.Response;
        if (response.HasStarted)
        {
            // Too late for a status: the backend's response is already streaming. Abort so the client sees a failure.
            context.Abort();
            return Task.CompletedTask;
        }

        response.Clear();
        headers?.Invoke(response.Headers);
        response.StatusCode = status;
        response.ContentType = "application/problem+json";
        response.Headers.CacheControl = "no-store";
        using (var writer = new Utf8JsonWriter(response.BodyWriter))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "about:blank");
            writer.WriteString("title", title);
            writer.WriteNumber("status", status);
            writer.WriteString("detail", detail);
            extensions?.Invoke(writer);
            writer.WriteEndObject();
        }

        return response.BodyWriter.FlushAsync().AsTask();
    }

    /// <summary>The answer to a request a stage of the request path refused (the edge's one way of writing it).</summary>
    public static Task WriteAsync(HttpContext context, Rejection rejection) =>
        WriteAsync(context, rejection.Status, rejection.Title, rejection.Detail, null, rejection.Headers);
}
