using System;
using System.Collections.Immutable;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using HarmonyGen.Definitions;
using HarmonyGen.Middleware;
using HarmonyGen.Routing;
using HarmonyGen.Runtime.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace HarmonyGen.Runtime.Tests;

/// <summary>
/// <c>path_filter</c> as Harmony runs it: the path after the endpoint's prefix must match one of its rules, else 404
/// (problem+json here) and the backend is never asked; a path it allows is forwarded unchanged.
/// </summary>
public sealed class PathFilterTests
{
    [Fact]
    public async Task A_path_a_rule_allows_reaches_the_backend_unchanged()
    {
        await using Filtered g = await Filtered.StartAsync("/records/{*rest}", "/health");

        var request = new HttpRequestMessage(HttpMethod.Get, g.Url("/api/records/7?fields=name"));
        request.Headers.Add("X-Trace-Me", "yes");
        (await g.Client.CallAsync(request)).AssertOk();
        (await g.Client.FetchAsync(g.Url("/api/health/"))).AssertOk(); // Harmony trims the trailing slash before matching

        Assert.Collection(
            g.Backend.Requests,
            first =>
            {
                Assert.Equal("/base/records/7", first.Path);
                Assert.Equal("?fields=name", first.Query);
                Assert.Equal("yes", first.Headers["X-Trace-Me"]);
            },
            second => Assert.Equal("/base/health/", second.Path));
    }

    [Fact]
    public async Task A_path_no_rule_allows_is_404_problem_json_and_never_reaches_the_backend()
    {
        await using Filtered g = await Filtered.StartAsync("/records/{*rest}");

        Answer refused = await g.Client.FetchAsync(g.Url("/api/admin/users"));
        Answer bare = await g.Client.FetchAsync(g.Url("/api/records")); // {*rest} needs at least one character, as in matchit

        Assert.Equal("Path not allowed", refused.AssertProblem(HttpStatusCode.NotFound).GetProperty("title").GetString());
        bare.AssertProblem(HttpStatusCode.NotFound);
        Assert.Empty(g.Backend.Requests);
    }

    [Fact]
    public async Task Rules_match_the_path_after_the_endpoint_prefix_as_Harmonys_path_metadata()
    {
        await using Filtered g = await Filtered.StartAsync("/api/{*rest}");

        (await g.Client.FetchAsync(g.Url("/api/records/1"))).AssertProblem(HttpStatusCode.NotFound); // the subpath is /records/1
        (await g.Client.FetchAsync(g.Url("/api/api/records/1"))).AssertOk();

        Assert.Equal("/base/api/records/1", Assert.Single(g.Backend.Requests).Path);
    }

    [Fact]
    public async Task A_percent_encoded_path_is_judged_as_the_backend_would_receive_it()
    {
        await using Filtered g = await Filtered.StartAsync("/records/{*rest}");

        (await g.Client.FetchAsync(g.Url("/api/%72ecords/1"))).AssertOk();
        (await g.Client.FetchAsync(g.Url("/api/%61dmin"))).AssertProblem(HttpStatusCode.NotFound);

        Assert.Equal("/base/records/1", Assert.Single(g.Backend.Requests).Path);
    }

    [Theory]
    [InlineData("/api", "/api", "/")]
    [InlineData("/api", "/api/", "/")]
    [InlineData("/api", "/api/a/b", "/a/b")]
    [InlineData("/api", "/api/a/b//", "/a/b")]
    [InlineData("/api", "/api//a", "/a")]
    [InlineData("/", "/", "/")]
    [InlineData("/", "/a/", "/a")]
    public void The_subpath_is_Harmonys_after_the_prefix_one_leading_slash_and_none_trailing(string prefix, string path, string subpath) =>
        Assert.Equal(subpath, PathFilterStage.Subpath(path, prefix).ToString());

    [Fact]
    public void A_request_the_filter_lets_through_allocates_nothing()
    {
        var stage = new PathFilterStage(new PathFilterMiddlewareDefinition("filter", ImmutableArray.Create("/users/{id}", "/records/{*rest}")));
        var target = new RouteTarget("records", "api", "/api", null, MeshMode.Default, ImmutableArray<string>.Empty, null);
        var context = new DefaultHttpContext();
        context.Request.Path = "/api/records/7/";
        stage.InvokeAsync(context, target); // warm up

        long before = GC.GetAllocatedBytesForCurrentThread();
        ValueTask<StageResult> result = stage.InvokeAsync(context, target);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(result.IsCompletedSuccessfully);
#pragma warning disable xUnit1031 // completed, asserted above
        Assert.Null(result.Result.Rejection);
#pragma warning restore xUnit1031
        Assert.Equal(0, allocated);
    }

    private sealed class Filtered : IAsyncDisposable
    {
        private GatewayScenario _scenario = null!;

        public RecordingBackend Backend { get; private set; } = null!;

        public HttpClient Client => _scenario.Client;

        public string Url(string pathAndQuery) => $"http://127.0.0.1:{_scenario.Port}{pathAndQuery}";

        public static async Task<Filtered> StartAsync(params string[] rules)
        {
            var g = new Filtered();
            g._scenario = await GatewayScenario.StartAsync(async (servers, port) =>
            {
                g.Backend = await servers.StartBackendAsync();
                return new GatewayBuilder("hospital")
                    .Network("edge", port)
                    .Pipeline("records", "edge", ["api"], ["records_service"])
                    .Stage("records", new PathFilterMiddlewareDefinition("paths", rules.ToImmutableArray()))
                    .Endpoint("api", "/api")
                    .Backend("records_service", g.Backend.Url("/base"))
                    .Build();
            });
            return g;
        }

        public ValueTask DisposeAsync() => _scenario.DisposeAsync();
    }
}
