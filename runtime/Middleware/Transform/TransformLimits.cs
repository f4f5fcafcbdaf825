using HarmonyGen.Diagnostics;
using HarmonyGen.Limits;
using Microsoft.AspNetCore.Http;

namespace HarmonyGen.Middleware.Transform;

/// <summary>
/// How much of a body a transform holds: <c>max_body_size</c> (Kestrel's 30,000,000 bytes when unset), for the request it
/// rewrites and for the backend's response alike, with the answers made once for the gateway.
/// </summary>
internal sealed class TransformLimits
{
    /// <summary>A request body that broke off or was malformed while it was read.</summary>
    public static readonly Rejection BrokenBody =
        new(StatusCodes.Status400BadRequest, "Request body incomplete", "The request body ended before it was complete.");

    public TransformLimits(RequestLimits limits)
    {
        MaxBodySize = limits.MaxBodySize;
        RequestTooLarge = limits.BodyTooLarge;
        ResponseTooLarge = new Rejection(StatusCodes.Status502BadGateway, "Backend response too large",
            $"The backend's response body exceeds this gateway's max_body_size of {MaxBodySize} bytes, the most a transform holds.");
    }

    public long MaxBodySize { get; }

    public Rejection RequestTooLarge { get; }

    public Rejection ResponseTooLarge { get; }
}
