using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using HarmonyGen.Diagnostics;
using HarmonyGen.Hosting;
using HarmonyGen.Mesh;
using HarmonyGen.Middleware;
using HarmonyGen.Routing;
using HarmonyGen.Runtime.Tests.Infrastructure;
using HarmonyGen.Definitions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace HarmonyGen.Runtime.Tests;

/// <summary>
/// The ingress authentication stage on its own, behind the match stage: for a request as it arrives (Host, path,
/// token), the decision, the bounded reason and the answer a refused client gets.
/// </summary>
public sealed class IngressAuthenticationTests
{
    private const string IngressOrigin = "http://records.example";

    private readonly MeshKeys _keys = MeshKeys.Hs256();

    [Fact]
    public async Task Mesh_mode_ingress_without_a_token_is_refused_403_as_missing()
    {
        IngressOutcome outcome = await AuthenticateAsync(MeshModeIngress(), "records.example", "/r4/Patient", token: null);

        Assert.Equal(IngressDecision.Rejected, outcome.Decision);
        Assert.Equal(MeshRejection.Missing, outcome.Reason);
        Assert.Equal(StatusCodes.Status403Forbidden, outcome.Rejection!.Status);
        Assert.Equal("a mesh token (Authorization: Bearer) is required", outcome.Rejection.Detail);
    }

    [Fact]
    public async Task Mesh_mode_ingress_with_a_valid_token_is_authenticated_with_its_mesh_and_sender()
    {
        IngressOutcome outcome = await AuthenticateAsync(MeshModeIngress(), "records.example", "/r4/Patient", Token(IngressOrigin));

        Assert.Equal(IngressDecision.Authenticated, outcome.Decision);
        Assert.Null(outcome.Rejection);
        Assert.Equal("care", outcome.Mesh.Mesh);
        Assert.Equal("upstream", outcome.Mesh.Sender);
    }

    [Fact]
    public async Task Mesh_auth_path_route_under_a_host_that_is_no_ingress_origin_refuses_a_token_that_names_an_audience()
    {
        // A token minted for the pipeline's own ingress, replayed through the path route with another Host.
        IngressOutcome outcome = await AuthenticateAsync(MeshAuthPipeline(), "other.example", "/api/Patient", Token(IngressOrigin));

        Assert.Equal(IngressDecision.Rejected, outcome.Decision);
        Assert.Equal(MeshRejection.WrongAudience, outcome.Reason);
        Assert.Equal(StatusCodes.Status403Forbidden, outcome.Rejection!.Status);
    }

    [Fact]
    public async Task Mesh_auth_path_route_under_the_pipelines_ingress_origin_accepts_a_token_for_that_origin()
    {
        IngressOutcome outcome = await AuthenticateAsync(MeshAuthPipeline(), "records.example", "/api/Patient", Token(IngressOrigin));

        Assert.Equal(IngressDecision.Authenticated, outcome.Decision);
        Assert.Equal("upstream", outcome.Mesh.Sender);
    }

    [Fact]
    public async Task Mesh_auth_path_route_without_a_token_is_refused_as_missing()
    {
        IngressOutcome outcome = await AuthenticateAsync(MeshAuthPipeline(), "other.example", "/api/Patient", token: null);

        Assert.Equal(IngressDecision.Rejected, outcome.Decision);
        Assert.Equal(MeshRejection.Missing, outcome.Reason);
    }

    [Fact]
    public async Task Default_mode_ingress_lets_a_request_without_a_token_through_anonymously()
    {
        IngressOutcome outcome = await AuthenticateAsync(DefaultModeIngress(), "records.example", "/r4/Patient", token: null);

        Assert.Equal(IngressDecision.Anonymous, outcome.Decision);
        Assert.Null(outcome.Rejection);
        Assert.False(outcome.Mesh.IsValid);
    }

    [Fact]
    public async Task Default_mode_ingress_lets_a_token_of_another_key_through_without_mesh_context()
    {
        string foreign = Jwt.Sign(MeshKeys.Hs256(), Jwt.Claims("care", IngressOrigin, DateTimeOffset.UtcNow));

        IngressOutcome outcome = await AuthenticateAsync(DefaultModeIngress(), "records.example", "/r4/Patient", foreign);

        Assert.Equal(IngressDecision.Anonymous, outcome.Decision);
        Assert.False(outcome.Mesh.IsValid);
    }

    private GatewayDefinition MeshModeIngress() => Gateway(meshAuth: false, MeshMode.Mesh);

    private GatewayDefinition DefaultModeIngress() => Gateway(meshAuth: false, MeshMode.Default);

    /// <summary>A mesh_auth pipeline reachable by its ingress (<c>/r4</c> on records.example) and by the path route <c>/api</c>.</summary>
    private GatewayDefinition MeshAuthPipeline() => Gateway(meshAuth: true, MeshMode.Default);

    private GatewayDefinition Gateway(bool meshAuth, MeshMode ingressMode) => new GatewayBuilder("clinic")
        .Network("edge", 8080)
        .Pipeline("records", "edge", new[] { "api" }, new[] { "records_service" }, meshAuth)
        .Endpoint("api", "/api")
        .Backend("records_service", "http://127.0.0.1:9/base")
        .Ingress("records_in", "records", IngressOrigin + "/r4", ingressMode)
        .Mesh(_keys.Signer("care", ingresses: new[] { "records_in" }))
        .Build();

    private string Token(string audience) => Jwt.Sign(_keys, Jwt.Claims("care", audience, DateTimeOffset.UtcNow));

    /// <summary>Matches the request as the runtime does, then authenticates it on the route it matched.</summary>
    private async Task<IngressOutcome> AuthenticateAsync(GatewayDefinition definition, string host, string path, string? token)
    {
        Dictionary<string, MeshCredentials> meshes = definition.Meshes.ToDictionary(m => m.Name, m => MeshCredentials.Load(m, _keys.Environment), StringComparer.Ordinal);
        GatewayMetrics metrics = GatewayMetrics.Create(null);
        var router = new RequestRouter(
            definition,
            new Dictionary<string, int>(),
            definition.Pipelines.ToDictionary(p => p.Name, p => PipelineRoute.Create(definition, p, meshes, PipelineStages.None)),
            management: null);
        var ingress = new IngressAuthentication(new MeshTokenValidator(meshes, TimeProvider.System, metrics), providers: null, NullLogger.Instance, metrics);

        var context = new DefaultHttpContext();
        context.Features.Set(new NetworkFeature("edge"));
        context.Request.Scheme = "http";
        context.Request.Host = new HostString(host);
        context.Request.Path = path;
        if (token is not null)
        {
            context.Request.Headers.Authorization = "Bearer " + token;
        }

        RouteMatch match = router.Match(context);
        Assert.NotNull(match.Target);
        return await ingress.AuthenticateAsync(context, match.Target, match.Pipeline!.MeshAuth);
    }
}
