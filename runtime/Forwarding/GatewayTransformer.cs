using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
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
    private readonly Uri _destination;
    private readonly bool _dropAuthorization;
    private readonly string? _authorization;
    private readonly CallerHeaders _callers;
    private readonly MeshCallerHeaders? _caller;
    private readonly string? _sender;
    private readonly string? _mesh;

    /// <param name="mesh">The request's mesh context: its caller is told to the backend, unless the request leaves with an egress token.</param>
    public GatewayTransformer(Uri destination, bool dropAuthorization, string? authorization, CallerHeaders callers, in MeshValidation mesh)
    {
        _destination = destination;
        _dropAuthorization = dropAuthorization;
        _authorization = authorization;
        _callers = callers;

        // A request that leaves with an egress token goes to another member, which learns who calls from that token; it
        // gets no caller headers, which a Harmony member would pass on to its backend unchecked.
        if (authorization is null && callers.For(mesh) is { } caller)
        {
            _caller = caller;
            _sender = mesh.Sender;
            _mesh = mesh.Mesh;
        }
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

        // Whatever the client sent under these names never reaches the backend; only a validated token's caller does.
        _callers.RemoveFrom(proxyRequest.Headers);
        if (_caller is not null)
        {
            proxyRequest.Headers.TryAddWithoutValidation(_caller.Caller, _sender);
            proxyRequest.Headers.TryAddWithoutValidation(_caller.Mesh, _mesh);
        }
    }
}
