using System;
using HarmonyGen.Providers;
using Microsoft.AspNetCore.Http;

namespace HarmonyGen.Diagnostics;

/// <summary>
/// A request refused by a stage of the request path, as a value: the status, title and detail of the problem+json
/// answer (RFC 9457) and any header it needs (<c>Retry-After</c>). Stages return it; only the edge of the request path
/// writes it, with <see cref="Problem.WriteAsync(HttpContext, Rejection)"/>. Rejections whose text is known at
/// start-up are made once and shared, so refusing a request allocates nothing of its own.
/// </summary>
internal sealed class Rejection
{
    /// <summary>Nothing of the gateway matches: no network, no ingress, no endpoint path route.</summary>
    public static readonly Rejection NoRoute =
        new(StatusCodes.Status404NotFound, "No route", "No ingress or endpoint of this gateway matches the request.");

    /// <param name="headers">Sets response headers the answer needs (after anything earlier was cleared); a static lambda, so it captures nothing.</param>
    public Rejection(int status, string title, string detail, Action<IHeaderDictionary>? headers = null)
    {
        Status = status;
        Title = title;
        Detail = detail;
        Headers = headers;
    }

    public int Status { get; }

    public string Title { get; }

    /// <summary>A short reason for the client: never token text, secrets or stack traces.</summary>
    public string Detail { get; }

    public Action<IHeaderDictionary>? Headers { get; }

    /// <summary>A 403 from mesh authentication, ingress or egress.</summary>
    public static Rejection MeshForbidden(string reason) =>
        new(StatusCodes.Status403Forbidden, "Mesh authentication required", reason);

    /// <summary>A request that needed a provider's answer and could not get one: 502 for an answer not trusted, else 503.</summary>
    public static Rejection ProviderUnavailable(ProviderFailure failure, string title) =>
        new(failure.Status, title, "The mesh provider gave no usable answer: " + failure.Reason + ".");
}
