using System;
using System.Collections.Generic;
using HarmonyGen.Diagnostics;
using HarmonyGen.Definitions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace HarmonyGen.Limits;

/// <summary>
/// <c>[proxy.content_limits]</c> at the edge of the request path. Kestrel enforces both limits too, but answers
/// them its own way (a bare 431; an exception while the body is read): here they become problem+json answers, and a
/// request whose declared length is already too large is refused before anything is sent to a backend.
/// </summary>
internal sealed class RequestLimits
{
    /// <summary>Kestrel's own default body limit (30,000,000 bytes), which applies when the TOML sets none.</summary>
    public const long DefaultMaxBodySize = 30_000_000;

    public RequestLimits(LimitsDefinition? limits)
    {
        MaxBodySize = limits?.MaxBodySize ?? DefaultMaxBodySize;
        MaxHeaderSize = limits?.MaxHeaderSize;

        // The limits never change while the gateway runs, so neither do their answers: made once, shared by every refusal.
        BodyTooLarge = new Rejection(StatusCodes.Status413PayloadTooLarge, "Request body too large",
            $"The request body exceeds this gateway's max_body_size of {MaxBodySize} bytes.");
        _headersTooLarge = MaxHeaderSize is { } maxHeaders
            ? new Rejection(StatusCodes.Status431RequestHeaderFieldsTooLarge, "Request headers too large",
                $"The request's headers exceed this gateway's max_header_size of {maxHeaders} bytes.")
            : null;
    }

    public long MaxBodySize { get; }

    public int? MaxHeaderSize { get; }

    /// <summary>The 413 of a body over <see cref="MaxBodySize"/>: declared up front, or found while it streams to the backend.</summary>
    public Rejection BodyTooLarge { get; }

    private readonly Rejection? _headersTooLarge;

    /// <summary>
    /// The limit Kestrel is given for request headers: twice the configured one, so that requests up to that size
    /// reach the gateway and get a problem+json 431 from <see cref="Check"/>; beyond it Kestrel answers 431
    /// itself, with an empty body, before the request is parsed further.
    /// </summary>
    public static int KestrelHeaderLimit(int maxHeaderSize) => maxHeaderSize > int.MaxValue / 2 ? int.MaxValue : maxHeaderSize * 2;

    /// <summary>
    /// The limits stage: the content limits, then a slot of the pipeline's <paramref name="gate"/> (kept until the
    /// request completes). Null when the request may go on; otherwise the 413, 431 or 503 to answer.
    /// </summary>
    public Rejection? Check(HttpContext context, ConcurrencyGate? gate)
    {
        HttpRequest request = context.Request;
        if (request.ContentLength is { } length && length > MaxBodySize)
        {
            return BodyTooLarge;
        }

        if (MaxHeaderSize is { } maxHeaders && HeaderBytes(request.Headers) > maxHeaders)
        {
            return _headersTooLarge;
        }

        return gate is not null && !gate.TryEnter(context) ? gate.Full : null;
    }

    /// <summary>True when Kestrel stopped reading a body at the size limit (the cause of a forwarding failure).</summary>
    public static bool IsBodyTooLarge(Exception? exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Header bytes as an HTTP/1.1 request carries them: <c>name: value\r\n</c> per value.</summary>
    private static long HeaderBytes(IHeaderDictionary headers)
    {
        long total = 0;
        foreach (KeyValuePair<string, StringValues> header in headers)
        {
            foreach (string? value in header.Value)
            {
                total += header.Key.Length + 4 + (value?.Length ?? 0);
            }
        }

        return total;
    }
}
