using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace HarmonyGen.Forwarding;

/// <summary>
/// YARP's default header copying, plus the gateway's rewrite: the destination is the backend base URL with the
/// prefix-stripped path and the query, its Host is the backend's, the consumed mesh token never leaves, and an
/// egress token replaces any <c>Authorization</c> the request had. Not sealed only for
/// <see cref="ResponseStagesTransformer"/>: a pipeline without response-side stages pays for no field or override.
/// </summary>
internal class GatewayTransformer : HttpTransformer
{
    private readonly Uri _destination;
    private readonly bool _dropAuthorization;
    private readonly string? _authorization;

    public GatewayTransformer(Uri destination, bool dropAuthorization, string? authorization)
    {
        _destination = destination;
        _dropAuthorization = dropAuthorization;
        _authorization = authorization;
    }

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken).ConfigureAwait(false);
        proxyRequest.RequestUri = _destination;

        // The backend is another origin: it gets its own host, not the one the client asked this gateway for.
        proxyRequest.Headers.Host = null;
        if (_dropAuthorization || _authorization is not null)
        {
            proxyRequest.Headers.Remove("Authorization");
        }

        if (_authorization is not null)
        {
            proxyRequest.Headers.TryAddWithoutValidation("Authorization", _authorization);
        }
    }
}
