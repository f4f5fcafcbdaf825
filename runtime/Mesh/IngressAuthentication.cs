using System;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using HarmonyGen.Diagnostics;
using HarmonyGen.Providers;
using HarmonyGen.Routing;
using HarmonyGen.Spec;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HarmonyGen.Mesh;

/// <summary>
/// The ingress authentication stage: decides whether a routed request is authenticated, before anything reaches the
/// backend. It settles the mode (the ingress's, or mesh for a path route into a pipeline that needs a token), the
/// meshes that may sign the token (with those a provider reference adds) and the expected <c>aud</c>, validates the
/// bearer token with <see cref="MeshTokenValidator"/>, and logs and counts what it refuses.
/// </summary>
internal sealed class IngressAuthentication
{
    private readonly MeshTokenValidator _validator;
    private readonly ProviderSet? _providers;
    private readonly ILogger _logger;
    private readonly GatewayMetrics _metrics;

    public IngressAuthentication(MeshTokenValidator validator, ProviderSet? providers, ILogger logger, GatewayMetrics metrics)
    {
        _validator = validator;
        _providers = providers;
        _logger = logger;
        _metrics = metrics;
    }

    /// <summary>
    /// The outcome for <paramref name="context"/>'s request on <paramref name="target"/>. Completes synchronously
    /// unless the token is new to the validator and its checks must wait (a provider's keys).
    /// </summary>
    public ValueTask<IngressOutcome> AuthenticateAsync(HttpContext context, RouteTarget target, PipelineMeshAuth pipeline) =>
        // A path route into a pipeline that no mesh guards has no mode and no mesh (a path route is in none), so there
        // is nothing to check, not even the Authorization header: the request goes on anonymously.
        target.Ingress is null && !pipeline.Required ? default : AuthenticateRoutedAsync(context, target, pipeline);

    private ValueTask<IngressOutcome> AuthenticateRoutedAsync(HttpContext context, RouteTarget target, PipelineMeshAuth pipeline)
    {
        HttpRequest request = context.Request;
        ProviderMembership? membership = _providers?.Membership;
        MeshMode mode = target.Mode;
        ImmutableArray<string> meshes = membership is null ? target.Meshes : membership.MeshesOfIngress(target.Ingress, target.Meshes);
        string? audience = target.IngressOrigin;
        if (target.Ingress is null && pipeline.Required)
        {
            mode = MeshMode.Mesh;
            meshes = membership is null ? pipeline.Meshes : membership.MeshesOfPipeline(target.Pipeline, pipeline.Meshes);

            // The Host header is the caller's to choose, so it may name only one of the pipeline's own ingress origins
            // as the expected aud; otherwise a token minted for another member could be replayed here by sending that
            // member's name as Host. With no such origin, a token that names any audience is refused.
            string origin = Origin.Of(request.Scheme, request.Host.Host, Origin.PortOf(request));
            audience = pipeline.IngressOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase) ? origin : null;
        }

        string? bearer = BearerToken(request);
        if (bearer is null || meshes.IsDefaultOrEmpty)
        {
            return new ValueTask<IngressOutcome>(Decide(target, mode, bearer, default));
        }

        Activity? validation = GatewayActivity.StartValidation(); // ended by Validated, or by the awaiting path if validation throws
        ValueTask<MeshValidation> pending = _validator.ValidateAsync(bearer, meshes, audience, context.RequestAborted);
        if (!pending.IsCompletedSuccessfully)
        {
            return AwaitValidationAsync(pending, validation, target, mode, bearer);
        }

        MeshValidation mesh = pending.Result;
        GatewayActivity.Validated(validation, mesh);
        return new ValueTask<IngressOutcome>(Decide(target, mode, bearer, mesh));
    }

    // A token new to the validator's cache: rare, and its signature check costs far more than this state machine (pooled).
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<IngressOutcome> AwaitValidationAsync(ValueTask<MeshValidation> pending, Activity? validation, RouteTarget target, MeshMode mode, string bearer)
    {
        using (validation)
        {
            MeshValidation mesh = await pending.ConfigureAwait(false);
            GatewayActivity.Validated(validation, mesh);
            return Decide(target, mode, bearer, mesh);
        }
    }

    private IngressOutcome Decide(RouteTarget target, MeshMode mode, string? bearer, in MeshValidation mesh)
    {
        // A token of a provider mesh that could not be checked, because the provider's keys could not be fetched, is
        // neither accepted nor passed on as if it were some other credential: the request fails, whatever the mode.
        if (mesh.ProviderFailure is { } unverifiable)
        {
            Count(target, MeshRejection.ProviderUnavailable);
            GatewayLog.ProviderUnavailable(_logger, unverifiable.Reason);
            return IngressOutcome.Unavailable(mesh, Rejection.ProviderUnavailable(unverifiable, "The mesh token cannot be checked"));
        }

        if (mode == MeshMode.Mesh && !mesh.IsValid)
        {
            string reason = bearer is null ? "a mesh token (Authorization: Bearer) is required" : mesh.Reason ?? "the mesh token was not accepted";
            MeshRejection code = bearer is null ? MeshRejection.Missing : mesh.Rejection;
            GatewayLog.MeshRejected(_logger, target.Ingress ?? target.Pipeline, reason);
            Count(target, code);
            return IngressOutcome.Rejected(code, Rejection.MeshForbidden(reason));
        }

        return IngressOutcome.Allowed(mesh);
    }

    /// <summary>Counts a request refused by mesh authentication and marks its server span.</summary>
    private void Count(RouteTarget target, MeshRejection reason)
    {
        _metrics.MeshRejected(target.Pipeline, target.Ingress, reason);
        GatewayActivity.MeshRejected(reason);
    }

    /// <summary>The token of an <c>Authorization: Bearer</c> header, or null.</summary>
    private static string? BearerToken(HttpRequest request)
    {
        string? value = request.Headers.Authorization;
        const string scheme = "Bearer ";
        return value is not null && value.Length > scheme.Length && value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            ? value.Substring(scheme.Length).Trim()
            : null;
    }
}
