using System;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using HarmonyGen.Definitions;
using HarmonyGen.Hosting;
using HarmonyGen.Middleware;
using HarmonyGen.Middleware.Auth;
using HarmonyGen.Runtime.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace HarmonyGen.Runtime.Tests;

/// <summary>
/// <c>basic_auth</c> enforced as Harmony's AuthSidecarMiddleware enforces it (src/models/middleware/types/auth.rs at
/// 4a412bc8, 401 from src/adapters/http/router.rs): the configured pair as <c>Authorization: Basic</c> reaches the
/// backend, header and all; anything else is 401 with a challenge and a problem body, and never reaches the backend.
/// </summary>
public sealed class BasicAuthTests
{
    private const string User = "clinician";
    private const string Password = "pässwörd-42"; // not ASCII: Harmony compares the UTF-8 text
    private const string PasswordVariable = "HG_TEST_BASIC_AUTH_PASSWORD";

    private static string Basic(string credentials) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials));

    [Fact]
    public async Task The_configured_credentials_reach_the_backend_with_their_Authorization_header()
    {
        await using GuardedGateway g = await Guarded.StartAsync();

        (await g.Client.FetchAsync(g.Url("/api/records?id=7"), Basic(User + ":" + Password))).AssertOk();

        RecordedRequest seen = Assert.Single(g.Backend.Requests);
        Assert.Equal("/base/records", seen.Path);
        Assert.Equal("?id=7", seen.Query);
        Assert.Equal(Basic(User + ":" + Password), seen.Headers["Authorization"]); // Harmony does not strip it
    }

    [Theory]
    [InlineData("clinician:wrong")]
    [InlineData("clinicia:pässwörd-42")]
    [InlineData("clinician:pässwörd-42 ")]
    [InlineData("clinician")]
    [InlineData("")]
    public async Task Wrong_credentials_are_401_with_a_Basic_challenge_and_never_reach_the_backend(string credentials)
    {
        await using GuardedGateway g = await Guarded.StartAsync();

        Answer answer = await g.Client.FetchAsync(g.Url("/api/records"), Basic(credentials));

        Assert.Equal("Authentication required", answer.AssertProblem(HttpStatusCode.Unauthorized, Password, Basic(credentials)["Basic ".Length..]).GetProperty("title").GetString());
        Assert.Equal("Basic realm=\"staff\", charset=\"UTF-8\"", Assert.Single(answer.Response.Headers.WwwAuthenticate).ToString());
        Assert.Empty(g.Backend.Requests);
    }

    [Fact]
    public async Task No_Authorization_header_is_401_and_never_reaches_the_backend()
    {
        await using GuardedGateway g = await Guarded.StartAsync();

        (await g.Client.FetchAsync(g.Url("/api/records"))).AssertProblem(HttpStatusCode.Unauthorized);

        Assert.Empty(g.Backend.Requests);
    }

    [Fact]
    public async Task The_scheme_is_Basic_with_one_space_and_the_base64_canonical_as_Harmony_reads_them()
    {
        await using GuardedGateway g = await Guarded.StartAsync();
        string encoded = Basic(User + ":" + Password)["Basic ".Length..];
        Assert.EndsWith("=", encoded, StringComparison.Ordinal); // so that leaving out the padding changes the text

        foreach (string header in new[] { "basic " + encoded, "BASIC " + encoded, "Basic  " + encoded, "Basic " + encoded.TrimEnd('='), "Bearer " + encoded, encoded })
        {
            (await g.Client.FetchAsync(g.Url("/api/records"), header)).AssertProblem(HttpStatusCode.Unauthorized, Password);
        }

        Assert.Empty(g.Backend.Requests);
    }

    [Fact]
    public async Task Two_Authorization_headers_are_401_even_when_one_is_right()
    {
        await using GuardedGateway g = await Guarded.StartAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, g.Url("/api/records"));
        request.Headers.TryAddWithoutValidation("Authorization", new[] { Basic(User + ":" + Password), Basic("someone:else") });

        (await g.Client.CallAsync(request)).AssertProblem(HttpStatusCode.Unauthorized);

        Assert.Empty(g.Backend.Requests);
    }

    [Fact]
    public async Task A_request_that_passes_allocates_nothing_in_the_stage()
    {
        var stage = new BasicAuthStage(Gate(ConfigValue.FromLiteral(User, "middleware.staff.options.username (pipelines/api.toml)")), name => name == PasswordVariable ? Password : null);
        var context = new DefaultHttpContext();
        context.Request.Headers.Authorization = Basic(User + ":" + Password);
        await stage.InvokeAsync(context); // warm up

        long before = GC.GetAllocatedBytesForCurrentThread();
        StageResult result = await stage.InvokeAsync(context);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Null(result.Rejection);
        Assert.Equal(0, allocated);
        context.Request.Headers.Authorization = Basic(User + ":wrong");
        Assert.NotNull((await stage.InvokeAsync(context)).Rejection);
    }

    [Fact]
    public void A_password_variable_that_is_not_set_stops_start_up_naming_the_variable_and_the_key()
    {
        GatewayDefinition definition = Definition(1, "http://127.0.0.1:9/base", ConfigValue.FromLiteral(User, "middleware.staff.options.username (pipelines/api.toml)"));

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => HarmonyGateway.Build(definition, GatewayOptions.For()));

        Assert.Contains(PasswordVariable, error.Message, StringComparison.Ordinal);
        Assert.Contains("middleware.staff.options.password", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_user_name_with_a_colon_from_the_environment_stops_start_up()
    {
        GatewayDefinition definition = Definition(1, "http://127.0.0.1:9/base", ConfigValue.FromEnvironment("HG_TEST_BASIC_AUTH_USER", "middleware.staff.options.username (pipelines/api.toml)"));
        HarmonyGatewayOptions options = GatewayOptions.For();
        options.Environment = name => name == "HG_TEST_BASIC_AUTH_USER" ? "dr:who" : name == PasswordVariable ? Password : null;

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => HarmonyGateway.Build(definition, options));

        Assert.Contains("middleware.staff.options.username", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, error.Message, StringComparison.Ordinal);
    }

    private static BasicAuthMiddlewareDefinition Gate(ConfigValue username) =>
        new("staff", username, ConfigValue.FromEnvironment(PasswordVariable, "middleware.staff.options.password (pipelines/api.toml)"));

    private static GatewayDefinition Definition(int port, string backend, ConfigValue username) => GuardedGateway.Definition(port, backend, Gate(username));

    private static class Guarded
    {
        public static Task<GuardedGateway> StartAsync()
        {
            HarmonyGatewayOptions options = GatewayOptions.For();
            options.Environment = name => name == PasswordVariable ? Password : null;
            return GuardedGateway.StartAsync(Gate(ConfigValue.FromLiteral(User, "middleware.staff.options.username (pipelines/api.toml)")), options);
        }
    }
}
