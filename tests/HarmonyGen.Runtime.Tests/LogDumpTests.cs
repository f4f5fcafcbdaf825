using System;
using System.Collections.Immutable;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using HarmonyGen.Definitions;
using HarmonyGen.Middleware;
using HarmonyGen.Middleware.LogDump;
using HarmonyGen.Runtime.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace HarmonyGen.Runtime.Tests;

/// <summary>
/// <c>log_dump</c>: a structured entry for each request and response that passes, with the method, path and status,
/// and never a credential: not the mesh token, not an <c>Authorization</c> or <c>Cookie</c> value, not a secret query value.
/// </summary>
public sealed class LogDumpTests
{
    // As the generator writes it for redact_headers = ["X-Patient-Id"] and [proxy] sensitive_field_patterns = [".*patient.*name.*", "ssn"].
    private static readonly LogDumpMiddlewareDefinition Dump = new("dump_in", "hospital_in", ImmutableArray.Create("X-Patient-Id"), ImmutableArray.Create(".*patient.*name.*", "ssn"));

    [Fact]
    public async Task Entries_name_method_path_and_status_and_hold_no_mesh_token_or_credential()
    {
        await using MeshScenario mesh = await MeshScenario.StartAsync(new MeshSetup { StageOnB = Dump });
        var logsOfB = new LogRecorder();
        mesh.B.App.Services.GetRequiredService<ILoggerFactory>().AddProvider(logsOfB);
        string token = mesh.IssueToken(mesh.BOrigin);

        var request = new HttpRequestMessage(HttpMethod.Get, mesh.BUrl("/Patient?id=7&access_token=q-secret-1&api_key=q-secret-2&patient_ssn=q-secret-7"));
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        request.Headers.TryAddWithoutValidation("Cookie", "session=c-secret-3");
        request.Headers.TryAddWithoutValidation("X-Api-Key", "h-secret-4");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Credentials", "Bearer h-secret-5");
        request.Headers.TryAddWithoutValidation("X-Patient-Id", "h-secret-6"); // the definition's redact_headers
        request.Headers.TryAddWithoutValidation("X-Patient-Name", "h-secret-8"); // a sensitive_field_patterns match
        request.Headers.TryAddWithoutValidation("X-Trace-Me", "visible");
        (await mesh.Client.CallAsync(request)).AssertOk();

        string requestEntry = Assert.Single(logsOfB.Lines, l => l.Contains("Dump hospital_in (dump_in) request", StringComparison.Ordinal));
        Assert.Contains("request GET /in/Patient?id=7&access_token=[redacted]&api_key=[redacted]&patient_ssn=[redacted] headers", requestEntry, StringComparison.Ordinal);
        Assert.Contains("\"Authorization\":\"[redacted]\"", requestEntry, StringComparison.Ordinal);
        Assert.Contains("\"Cookie\":\"[redacted]\"", requestEntry, StringComparison.Ordinal);
        Assert.Contains("\"X-Trace-Me\":\"visible\"", requestEntry, StringComparison.Ordinal);
        Assert.Contains("Method=GET", requestEntry, StringComparison.Ordinal); // a structured field, not only text
        string responseEntry = Assert.Single(logsOfB.Lines, l => l.Contains("Dump hospital_in (dump_in) response", StringComparison.Ordinal));
        Assert.Contains("response 200 to GET /in/Patient?id=7", responseEntry, StringComparison.Ordinal);
        Assert.Contains("Status=200", responseEntry, StringComparison.Ordinal);

        // log_dump changes nothing: the backend got what it would have without it (the consumed mesh token excepted).
        RecordedRequest seen = Assert.Single(mesh.Backend.Requests);
        Assert.Equal("?id=7&access_token=q-secret-1&api_key=q-secret-2&patient_ssn=q-secret-7", seen.Query);
        Assert.Equal("h-secret-4", seen.Headers["X-Api-Key"]);

        // "eyJ" starts every JWT: no part of the mesh token, nor any other credential, is in any line B wrote.
        string[] secrets = { token, token.Split('.')[1], token.Split('.')[2], "eyJ", "q-secret-1", "q-secret-2", "c-secret-3", "h-secret-4", "h-secret-5", "h-secret-6", "q-secret-7", "h-secret-8" };
        Assert.All(logsOfB.Lines, line => Assert.DoesNotContain(secrets, s => line.Contains(s, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_mesh_token_a_member_signs_on_the_way_in_is_redacted_too()
    {
        await using MeshScenario mesh = await MeshScenario.StartAsync(new MeshSetup { StageOnB = Dump });
        var logsOfB = new LogRecorder();
        mesh.B.App.Services.GetRequiredService<ILoggerFactory>().AddProvider(logsOfB);

        (await mesh.Client.FetchAsync(mesh.AUrl("/Patient"))).AssertOk(); // A signs a token the test never sees

        string requestEntry = Assert.Single(logsOfB.Lines, l => l.Contains("Dump hospital_in (dump_in) request GET /in/Patient", StringComparison.Ordinal));
        Assert.Contains("\"Authorization\":\"[redacted]\"", requestEntry, StringComparison.Ordinal);
        Assert.All(logsOfB.Lines, line => Assert.DoesNotContain("eyJ", line, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("?id=7", "?id=7")]
    [InlineData("?token=abc&id=7", "?token=[redacted]&id=7")]
    [InlineData("?key=k&Password=p&client_secret=s&sig=x&flag", "?key=[redacted]&Password=[redacted]&client_secret=[redacted]&sig=[redacted]&flag")]
    [InlineData("?%74oken=abc", "?%74oken=[redacted]")]
    [InlineData("", "")]
    public void Secret_looking_query_values_are_redacted(string query, string logged) =>
        Assert.Equal(logged, new LogRedactor([], []).Query(new QueryString(query.Length == 0 ? null : query)));

    [Fact]
    public void With_information_logs_off_a_dump_costs_no_allocation()
    {
        var stage = new LogDumpStage(Dump, StageSide.Request, NullLogger.Instance);
        var context = new DefaultHttpContext();
        context.Request.Path = "/in/Patient";
        context.Request.Headers.Authorization = "Bearer x";
        stage.InvokeAsync(context); // warm up

        long before = GC.GetAllocatedBytesForCurrentThread();
        ValueTask<StageResult> result = stage.InvokeAsync(context);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(result.IsCompletedSuccessfully);
        Assert.Equal(0, allocated);
    }
}
