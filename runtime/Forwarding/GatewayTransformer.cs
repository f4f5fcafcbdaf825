using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using HarmonyGen.Diagnostics;
using HarmonyGen.Mesh;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace HarmonyGen.Forwarding;

/// <summary>
/// YARP's default header copying, plus the gateway's rewrite: the destination is the backend base URL with the
/// prefix-stripped path and the query, its Host is the backend's, the consumed mesh token never leaves, an egress
/// token replaces any <c>Authorization</c> the request had, the caller headers are removed from every request and
/// set from a validated mesh token (<see cref="CallerHeaders"/>). Not sealed only for
/// <see cref="ResponseStagesTransformer"/>: a pipeline without response-side stages pays for no field or override.
/// </summary>
internal class GatewayTransformer : HttpTransformer
{
    // Three fields, one per request: a transformer with a caller costs no more than one without did.
    private readonly Uri _destination;
    private readonly string? _authorization;
    private readonly Caller _caller;

    /// <param name="authorization">The egress token's <c>Authorization</c>, or null.</param>
    /// <param name="caller">
    /// Who called (from <see cref="CallerHeaders.For"/>): an authenticated caller's mesh token was consumed and is
    /// dropped, and its identity is told to the backend, unless the request leaves with an egress token.
    /// </param>
    public GatewayTransformer(Uri destination, string? authorization, Caller caller)
    {
        _destination = destination;
        _authorization = authorization;
        _caller = caller;
    }

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken).ConfigureAwait(false);
        proxyRequest.RequestUri = _destination;
        DirectTraceContext.Apply(httpContext.Request.Headers, proxyRequest.Headers);

        // The backend is another origin: it gets its own host, not the one the client asked this gateway for.
        proxyRequest.Headers.Host = null;
        if (_caller.IsAuthenticated || _authorization is not null)
        {
            proxyRequest.Headers.Remove("Authorization");
        }

        if (_authorization is not null)
        {
            proxyRequest.Headers.TryAddWithoutValidation("Authorization", _authorization);
        }

        // Whatever the client sent under these names never reaches the backend; only a validated token's caller does.
        // A request that leaves with an egress token goes to another member, which learns who calls from that token:
        // it gets no caller headers, which a Harmony member would pass on to its backend unchecked.
        _caller.ApplyTo(proxyRequest.Headers, toMember: _authorization is not null);
    }
}
