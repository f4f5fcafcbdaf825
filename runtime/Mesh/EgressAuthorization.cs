using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using HarmonyGen.Diagnostics;
using HarmonyGen.Forwarding;
using HarmonyGen.Providers;
using HarmonyGen.Routing;
using HarmonyGen.Definitions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HarmonyGen.Mesh;

/// <summary>
/// The egress authorization stage: a request leaving through a mesh egress carries a fresh mesh token for the
/// backend's origin, or is refused. A mesh-mode egress refuses a request without mesh context; the egress's mesh is
/// the compiled one or one a resolved provider reference adds; a provider mesh's token comes from the provider, a
/// local mesh's is signed here (<see cref="MeshTokenIssuer"/>, reused until shortly before it expires).
/// </summary>
internal sealed class EgressAuthorization
{
    private static readonly ProviderFailure MembershipPending =
        new("the mesh membership of this egress is not known yet (a provider reference is unresolved)", MalformedAnswer: false);

    private static readonly Rejection NoSigningKey = new(
        StatusCodes.Status503ServiceUnavailable, "Mesh token unavailable", "This gateway cannot obtain a token for the egress's mesh.");

    private static readonly Rejection NoMeshContext = Rejection.MeshForbidden("this egress only carries requests that arrived with a valid mesh token");

    private readonly MeshTokenIssuer _issuer;
    private readonly IReadOnlyDictionary<string, MeshCredentials> _meshes;
    private readonly ProviderSet? _providers;
    private readonly ILogger _logger;
    private readonly GatewayMetrics _metrics;

    public EgressAuthorization(MeshTokenIssuer issuer, IReadOnlyDictionary<string, MeshCredentials> meshes, ProviderSet? providers, ILogger logger, GatewayMetrics metrics)
    {
        _issuer = issuer;
        _meshes = meshes;
        _providers = providers;
        _logger = logger;
        _metrics = metrics;
    }

    /// <summary>
    /// The outcome for a request to <paramref name="backend"/> with the mesh context <paramref name="mesh"/>.
    /// Completes synchronously unless a provider must be asked for a token it has not issued yet.
    /// </summary>
    public ValueTask<EgressOutcome> AuthorizeAsync(HttpContext context, RouteTarget target, BackendRoute? backend, in MeshValidation mesh)
    {
        if (backend?.Egress is not { } egress)
        {
            return default;
        }

        if (egress.Definition.Mode == MeshMode.Mesh && !mesh.IsValid)
        {
            GatewayLog.MeshRejected(_logger, egress.Definition.Name, "no mesh context for a mesh-mode egress");
            _metrics.MeshRejected(target.Pipeline, target.Ingress, MeshRejection.NoMeshContext);
            GatewayActivity.MeshRejected(MeshRejection.NoMeshContext);
            return new ValueTask<EgressOutcome>(EgressOutcome.Refused(NoMeshContext));
        }

        // No mesh: an egress that no enabled mesh lists (nor a resolved reference). A mesh-mode one is still guarded
        // (above); it has no token to add.
        MeshCredentials? egressMesh = egress.Mesh;
        ProviderMembership? membership = _providers?.Membership;
        if (egressMesh is null && membership is not null && egress.Audience.Length > 0)
        {
            if (membership.MeshOfEgress(egress.Definition.Name) is { } referenced)
            {
                egressMesh = _meshes[referenced];
            }
            else if (membership.EgressPending)
            {
                // A reference that may name this egress has not been resolved yet: its token may be needed.
                return new ValueTask<EgressOutcome>(Unavailable(MembershipPending));
            }
        }

        if (egressMesh is null)
        {
            return default;
        }

        if (egressMesh.Mesh.Provider != MeshProvider.Local)
        {
            ValueTask<ProviderAuthorization> fetching = _providers!.GetAuthorizationAsync(egressMesh.Mesh, egress.Audience, backend.Definition.BaseUrl!, context.RequestAborted);
            return fetching.IsCompletedSuccessfully ? new ValueTask<EgressOutcome>(Fetched(fetching.Result)) : AwaitFetchAsync(fetching);
        }

        return new ValueTask<EgressOutcome>(egressMesh.SigningCredentials is null
            ? EgressOutcome.Refused(NoSigningKey)
            : EgressOutcome.Token(_issuer.GetAuthorization(egressMesh, egress.Audience)));
    }

    // The provider has no token for this audience cached: a call to it, next to which a pooled state machine is nothing.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<EgressOutcome> AwaitFetchAsync(ValueTask<ProviderAuthorization> fetching) =>
        Fetched(await fetching.ConfigureAwait(false));

    private EgressOutcome Fetched(ProviderAuthorization fetched) =>
        fetched.Authorization is { } authorization
            ? EgressOutcome.Token(authorization)
            : Unavailable(fetched.Failure!);

    private EgressOutcome Unavailable(ProviderFailure failure)
    {
        GatewayLog.ProviderUnavailable(_logger, failure.Reason);
        return EgressOutcome.Refused(Rejection.ProviderUnavailable(failure, "Mesh token unavailable"));
    }
}
