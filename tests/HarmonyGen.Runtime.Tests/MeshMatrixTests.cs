using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Threading.Tasks;
using HarmonyGen.Runtime.Tests.Infrastructure;
using HarmonyGen.Definitions;
using Xunit;

namespace HarmonyGen.Runtime.Tests;

/// <summary>
/// Client → gateway A (egress) → gateway B (ingress) → backend, for every ingress mode × egress mode × membership ×
/// caller × algorithm. The expected outcome is SPEC §4 read literally:
/// <list type="bullet">
/// <item>An egress in <c>mode = "mesh"</c> carries only requests that arrived with mesh context, which needs a mesh
/// member's valid token at an ingress of A that is in the mesh; otherwise A answers 403 and B is never called.</item>
/// <item>An egress of the mesh replaces any Authorization with a fresh token; B's ingress in the mesh accepts it
/// in either mode and removes it before the backend.</item>
/// <item>A <c>mode = "mesh"</c> ingress that no enabled mesh lists rejects everything (403).</item>
/// <item>Where nobody is a member, the caller's Authorization is just a header, passed through untouched.</item>
/// </list>
/// </summary>
public sealed class MeshMatrixTests
{
    public static IEnumerable<object[]> Matrix()
    {
        foreach (MeshAlgorithm algorithm in new[] { MeshAlgorithm.HS256, MeshAlgorithm.RS256 })
        foreach (MeshMode ingress in new[] { MeshMode.Default, MeshMode.Mesh })
        foreach (MeshMode egress in new[] { MeshMode.Default, MeshMode.Mesh })
        foreach (bool inMesh in new[] { true, false })
        foreach (bool callerIsMember in new[] { false, true })
        {
            yield return new object[] { algorithm, ingress, egress, inMesh, callerIsMember };
        }
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Request_through_egress_and_ingress(MeshAlgorithm algorithm, MeshMode ingressMode, MeshMode egressMode, bool inMesh, bool callerIsMember)
    {
        await using MeshScenario mesh = await MeshScenario.StartAsync(new MeshSetup
        {
            Algorithm = algorithm,
            IngressMode = ingressMode,
            EgressMode = egressMode,
            InMesh = inMesh,
        });

        // A member calling A presents a token for A; anyone else calls without one.
        string? callerToken = callerIsMember ? mesh.IssueToken(mesh.AOrigin) : null;
        byte[] body = RandomNumberGenerator.GetBytes(12_345);
        Answer answer = await mesh.Client.CallAsync(MeshScenario.Post(
            mesh.AUrl("/Patient/123/_history?_format=json&name=J%C3%BCrgen&x=1&x=2"),
            body,
            callerToken is null ? null : "Bearer " + callerToken));

        // Mesh context at A needs a member's token at an ingress of A that is in the mesh.
        bool rejectedByA = egressMode == MeshMode.Mesh && !(inMesh && callerIsMember);

        // In the mesh, A's egress signs and B's ingress verifies; outside it, B's mesh-mode ingress refuses everything.
        bool rejectedByB = !rejectedByA && ingressMode == MeshMode.Mesh && !inMesh;

        if (rejectedByA || rejectedByB)
        {
            System.Text.Json.JsonElement problem = answer.AssertProblem(HttpStatusCode.Forbidden, callerToken, mesh.Keys.Secret);
            string detail = problem.GetProperty("detail").GetString()!;
            Assert.True(rejectedByA == detail.Contains("egress", StringComparison.Ordinal), $"rejected by {(rejectedByA ? "A's egress" : "B's ingress")} expected; got: {detail}");
            Assert.Empty(mesh.Backend.Requests);
            return;
        }

        answer.AssertOk();
        RecordedRequest received = Assert.Single(mesh.Backend.Requests);
        Assert.Equal("POST", received.Method);
        Assert.Equal("/base/Patient/123/_history", received.Path); // /out and /in stripped, the rest appended to /base
        Assert.Equal("?_format=json&name=J%C3%BCrgen&x=1&x=2", received.Query);
        Assert.Equal("custom value 1", received.Headers["X-Custom-Header"]);
        Assert.Equal("req-42", received.Headers["X-Request-Id"]);
        Assert.Equal("application/fhir+json", received.Headers["Content-Type"]);
        Assert.True(received.BodyComplete);
        Assert.Equal(body, received.Body);
        Assert.Equal($"127.0.0.1:{mesh.Backend.Port}", received.Headers["Host"]);

        if (inMesh || !callerIsMember)
        {
            // The mesh token is a hop credential: it never reaches the backend.
            Assert.False(received.Headers.ContainsKey("Authorization"), $"backend got Authorization: {received.Headers.GetValueOrDefault("Authorization")}");
        }
        else
        {
            // Nobody on the way is a member of the mesh, so the caller's header is an ordinary one: passed through untouched.
            Assert.Equal("Bearer " + callerToken, received.Headers["Authorization"]);
        }
    }

    [Theory]
    [InlineData(MeshAlgorithm.HS256)]
    [InlineData(MeshAlgorithm.RS256)]
    public async Task Default_mode_ingress_passes_an_unrelated_Authorization_header_untouched(MeshAlgorithm algorithm)
    {
        await using MeshScenario mesh = await MeshScenario.StartAsync(new MeshSetup { Algorithm = algorithm, IngressMode = MeshMode.Default });

        foreach (string authorization in new[] { "Basic dXNlcjpwYXNzd29yZA==", "Bearer not-a-mesh-token", "Bearer aaa.bbb.ccc" })
        {
            Answer answer = await mesh.Client.CallAsync(MeshScenario.Post(mesh.BUrl("/Patient"), new byte[] { 1, 2, 3 }, authorization));

            answer.AssertOk();
            Assert.Equal(authorization, mesh.Backend.Requests[^1].Headers["Authorization"]);
        }
    }

    [Theory]
    [InlineData(MeshAlgorithm.HS256)]
    [InlineData(MeshAlgorithm.RS256)]
    public async Task Mesh_egress_replaces_the_callers_Authorization_and_the_backend_gets_none(MeshAlgorithm algorithm)
    {
        await using MeshScenario mesh = await MeshScenario.StartAsync(new MeshSetup { Algorithm = algorithm, IngressMode = MeshMode.Default });

        Answer answer = await mesh.Client.CallAsync(MeshScenario.Post(mesh.AUrl("/Patient"), new byte[] { 1 }, "Basic dXNlcjpwYXNzd29yZA=="));

        answer.AssertOk();
        Assert.False(Assert.Single(mesh.Backend.Requests).Headers.ContainsKey("Authorization"));
    }

    [Theory]
    [InlineData(MeshAlgorithm.HS256)]
    [InlineData(MeshAlgorithm.RS256)]
    public async Task Default_mode_ingress_with_a_valid_mesh_token_removes_it(MeshAlgorithm algorithm)
    {
        await using MeshScenario mesh = await MeshScenario.StartAsync(new MeshSetup { Algorithm = algorithm, IngressMode = MeshMode.Default });

        Answer answer = await mesh.Client.CallAsync(MeshScenario.Post(mesh.BUrl("/Patient"), new byte[] { 1 }, "Bearer " + mesh.IssueToken(mesh.BOrigin)));

        answer.AssertOk();
        Assert.False(Assert.Single(mesh.Backend.Requests).Headers.ContainsKey("Authorization"));
    }
}
