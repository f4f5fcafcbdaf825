using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using HarmonyGen.Hosting;
using HarmonyGen.Definitions;
using Microsoft.Extensions.Logging.Abstractions;

namespace HarmonyGen.Mesh;

/// <summary>
/// Sends application requests out through a gateway's mesh egress: each request to the egress's backend carries the
/// egress's mesh token (<c>Authorization: Bearer</c>), signed with the gateway's key and reused per audience until
/// shortly before it expires, exactly as the gateway does for the traffic it forwards.
/// </summary>
/// <example>
/// <code>
/// var handler = new MeshEgressHandler(Gateways.Clinic.Definition, Gateways.Clinic.Egress.PartnerFhir) { InnerHandler = new SocketsHttpHandler() };
/// using var client = new HttpClient(handler) { BaseAddress = handler.BaseAddress };
/// HttpResponseMessage patient = await client.GetAsync("Patient/123");
/// </code>
/// With <c>IHttpClientFactory</c>: <c>services.AddHttpClient("partner").AddHarmonyEgress(Gateways.Clinic.Definition, Gateways.Clinic.Egress.PartnerFhir)</c>.
/// </example>
public sealed class MeshEgressHandler : DelegatingHandler
{
    private readonly MeshEgressSigner _signer;

    /// <summary>
    /// A handler for <paramref name="egress"/> of <paramref name="gateway"/>. The mesh's signing key is loaded now (from
    /// <paramref name="options"/>' environment), so a missing key fails here rather than on the first request.
    /// </summary>
    /// <exception cref="ArgumentException">The egress is not the gateway's, is disabled, or is listed by no enabled mesh.</exception>
    /// <exception cref="NotSupportedException">The egress's mesh uses a provider this runtime cannot obtain tokens from.</exception>
    /// <exception cref="InvalidOperationException">The mesh's signing key is missing or cannot be read.</exception>
    public MeshEgressHandler(GatewayDefinition gateway, EgressDefinition egress, HarmonyGatewayOptions? options = null)
        : this(MeshEgressSigner.Create(gateway, egress, options ?? new HarmonyGatewayOptions(), NullLogger.Instance))
    {
    }

    internal MeshEgressHandler(MeshEgressSigner signer) => _signer = signer;

    /// <summary>The backend's base URL, with a trailing slash: the <c>HttpClient.BaseAddress</c> to use with this handler.</summary>
    public Uri BaseAddress => _signer.Target.BaseAddress;

    /// <summary>The egress this handler signs for.</summary>
    public EgressDefinition Egress => _signer.Target.Egress;

    /// <summary>Tokens signed so far by this handler's signer; the other requests reused one.</summary>
    public long TokensSigned => _signer.Signed;

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The request goes to an origin other than the egress's backend.</exception>
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _signer.Authorize(request);
        return base.SendAsync(request, cancellationToken);
    }

    /// <inheritdoc />
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _signer.Authorize(request);
        return base.Send(request, cancellationToken);
    }
}
