using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using HarmonyGen.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace HarmonyGen.Runtime.Tests;

/// <summary>What a gateway logs about refused and accepted mesh tokens: the reason, never the token.</summary>
public sealed class LogSecrecyTests
{
    [Fact]
    public async Task Log_of_a_tampered_token_rejection_holds_the_reason_and_no_token_text()
    {
        await using MeshScenario mesh = await MeshScenario.StartAsync(new MeshSetup());
        var logsOfA = new LogRecorder();
        var logsOfB = new LogRecorder();
        mesh.A.App.Services.GetRequiredService<ILoggerFactory>().AddProvider(logsOfA);
        mesh.B.App.Services.GetRequiredService<ILoggerFactory>().AddProvider(logsOfB);
        string token = mesh.IssueToken(mesh.BOrigin);
        string tampered = GatewayMetricsTests.TamperedSignature(token);

        Assert.Equal(HttpStatusCode.Forbidden, (await mesh.Client.FetchAsync(mesh.BUrl("/Patient"), "Bearer " + tampered)).Status);
        (await mesh.Client.FetchAsync(mesh.AUrl("/Patient"))).AssertOk(); // A signs and logs a token of its own; B accepts it

        string rejection = Assert.Single(logsOfB.Lines, l => l.Contains("Mesh request rejected", StringComparison.Ordinal));
        Assert.Contains("b_in", rejection, StringComparison.Ordinal);
        Assert.Contains("the mesh token is not valid for this mesh", rejection, StringComparison.Ordinal);
        Assert.Contains(logsOfA.Lines, l => l.Contains("Issued a mesh token for mesh care", StringComparison.Ordinal));

        Assert.Single(mesh.Backend.Requests); // the tampered one never reached it

        // "eyJ" starts every JWT (base64url of '{"'): it also catches A's own token, whose text the test never sees.
        string[] secrets = { tampered, token.Split('.')[1], token.Split('.')[2], tampered.Split('.')[2], "eyJ" };
        Assert.All(logsOfA.Lines.Concat(logsOfB.Lines), line =>
            Assert.DoesNotContain(secrets, s => line.Contains(s, StringComparison.Ordinal)));
    }
}
