using System;
using System.Collections.Generic;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace HarmonyGen.Middleware.Metadata;

/// <summary>
/// Harmony's <c>request_details.metadata</c> and <c>response_details.metadata</c> of one request: maps of string to
/// string that middleware write and read (a <c>metadata_transform</c> writes them; <c>webhook</c> and <c>log_dump</c>
/// read them). An HTTP request's metadata starts as Harmony's HTTP endpoint fills it (src/adapters/http/mod.rs and
/// src/models/services/types/http.rs in aurabx/harmony): <c>protocol</c> (<c>http</c>), <c>path</c> (the path after the
/// matched prefix, as Rust's <c>strip_prefix</c> leaves it) and <c>full_path</c> (the path and query), and HarmonyGen
/// adds <c>remote_addr</c>, the client. A response's starts empty.
/// </summary>
/// <remarks>
/// Kept as a feature of the <see cref="HttpContext"/> and created by the first metadata_transform that runs, so a
/// request through a pipeline without one allocates nothing for metadata: its readers write the starting entries
/// straight from the request (<see cref="WriteRequest"/>).
/// </remarks>
internal sealed class RequestMetadata
{
    private Dictionary<string, string>? _response;

    private RequestMetadata(Dictionary<string, string> request) => Request = request;

    /// <summary>The request's metadata, starting entries included.</summary>
    public Dictionary<string, string> Request { get; }

    /// <summary>The response's metadata: empty until a metadata_transform writes it.</summary>
    public Dictionary<string, string> Response => _response ??= new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The request's metadata as changed so far; null while no metadata_transform has run (it is then <see cref="WriteRequest"/>'s starting entries).</summary>
    public static RequestMetadata? Find(HttpContext context) => context.Features.Get<RequestMetadata>();

    /// <summary>The request's metadata, created with its starting entries on first use.</summary>
    /// <param name="prefix">The matched route's prefix, which <c>path</c> is the rest after.</param>
    public static RequestMetadata Of(HttpContext context, string prefix)
    {
        if (Find(context) is { } existing)
        {
            return existing;
        }

        var request = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach ((string name, string value) in StartingEntries(context, prefix))
        {
            request[name] = value;
        }

        var created = new RequestMetadata(request);
        context.Features.Set(created);
        return created;
    }

    private const string Protocol = "http";

    /// <summary>What Harmony's HTTP endpoint puts in a request's metadata: one list for the map and for a payload written without one.</summary>
    private static (string Name, string Value)[] StartingEntries(HttpContext context, string prefix)
    {
        HttpRequest http = context.Request;
        string path = PathOf(http);
        (string, string) protocol = ("protocol", Protocol), subpath = ("path", Subpath(path, prefix)), full = ("full_path", path + http.QueryString.Value);
        return context.Connection.RemoteIpAddress is { } client
            ? [protocol, subpath, full, ("remote_addr", client.ToString())]
            : [protocol, subpath, full];
    }

    /// <summary>
    /// Writes the request's metadata as a JSON object: the map a metadata_transform left, or the starting entries when
    /// none ran. <paramref name="redact"/> returns the value to write for a name and value (the value, or a marker).
    /// </summary>
    public static void WriteRequest(Utf8JsonWriter w, HttpContext context, string prefix, Func<string, string, string> redact)
    {
        w.WriteStartObject();
        if (Find(context) is { } metadata)
        {
            foreach (KeyValuePair<string, string> entry in metadata.Request)
            {
                w.WriteString(entry.Key, redact(entry.Key, entry.Value));
            }
        }
        else
        {
            foreach ((string name, string value) in StartingEntries(context, prefix))
            {
                w.WriteString(name, redact(name, value));
            }
        }

        w.WriteEndObject();
    }

    /// <summary>Writes the response's metadata as a JSON object (empty unless a metadata_transform wrote it).</summary>
    public static void WriteResponse(Utf8JsonWriter w, HttpContext context, Func<string, string, string> redact)
    {
        w.WriteStartObject();
        if (Find(context)?._response is { } response)
        {
            foreach (KeyValuePair<string, string> entry in response)
            {
                w.WriteString(entry.Key, redact(entry.Key, entry.Value));
            }
        }

        w.WriteEndObject();
    }

    /// <summary>The value a metadata_transform gave request metadata entry <paramref name="name"/>, or null (none ran, or none wrote it).</summary>
    public static string? RequestValue(HttpContext context, string name) =>
        Find(context) is { } metadata && metadata.Request.TryGetValue(name, out string? value) ? value : null;

    private static string PathOf(HttpRequest request) => request.Path.HasValue ? request.Path.Value! : "/";

    /// <summary>Harmony's <c>path_only.strip_prefix(path_prefix).unwrap_or(path_only)</c>: under <c>/</c>, <c>/echo</c> is <c>echo</c>.</summary>
    private static string Subpath(string path, string prefix) =>
        path.StartsWith(prefix, StringComparison.Ordinal) ? path.Substring(prefix.Length) : path;
}
