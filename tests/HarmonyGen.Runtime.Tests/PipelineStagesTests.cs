using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using HarmonyGen.Diagnostics;
using HarmonyGen.Hosting;
using HarmonyGen.Middleware;
using HarmonyGen.Runtime.Tests.Infrastructure;
using HarmonyGen.Definitions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;
using Yarp.ReverseProxy.Forwarder;

namespace HarmonyGen.Runtime.Tests;

/// <summary>
/// Pipeline middleware stages: the empty list every pipeline has today costs nothing, stages run in order on their
/// side of the backend, and a stage's refusal is what the client gets, as problem+json, instead of the backend's answer.
/// </summary>
public sealed class PipelineStagesTests
{
    private static readonly Rejection Teapot = new(418, "Refused by a stage", "The test stage refuses this request.");

    [Fact]
    public void A_pipeline_without_stages_goes_on_synchronously()
    {
        ValueTask<StageResult> request = PipelineStages.None.RunRequestAsync(new DefaultHttpContext());
        ValueTask<StageResult> response = PipelineStages.None.RunResponseAsync(new DefaultHttpContext());

        // Completion is asserted first, so reading Result cannot block: it is what the test is about.
        Assert.True(request.IsCompletedSuccessfully);
#pragma warning disable xUnit1031
        Assert.Null(request.Result.Rejection);
        Assert.True(response.IsCompletedSuccessfully);
        Assert.Null(response.Result.Rejection);
#pragma warning restore xUnit1031
    }

    [Fact]
    public void A_pipeline_without_policies_has_no_stages()
    {
        PipelineDefinition meshAuth = new GatewayBuilder("g").Pipeline("p", "n", new[] { "e" }, new[] { "b" }, meshAuth: true).Endpoint("e").Build().Pipelines[0];

        Assert.Same(PipelineStages.None, PipelineStages.For(meshAuth, TimeProvider.System, _ => null));
    }

    [Fact]
    public async Task Request_stages_run_in_order_and_the_first_refusal_stops_the_rest()
    {
        var ran = new List<string>();
        var stages = new PipelineStages(new IPipelineStage[]
        {
            new TestStage("first", StageSide.Request, ran),
            new TestStage("refuses", StageSide.Request, ran, Teapot, asynchronous: true),
            new TestStage("never", StageSide.Request, ran),
            new TestStage("response", StageSide.Response, ran),
        });

        StageResult result = await stages.RunRequestAsync(new DefaultHttpContext());

        Assert.Same(Teapot, result.Rejection);
        Assert.Equal(new[] { "first", "refuses" }, ran);
    }

    [Fact]
    public async Task Stages_after_an_asynchronous_one_still_run()
    {
        var ran = new List<string>();
        var stages = new PipelineStages(new IPipelineStage[]
        {
            new TestStage("awaits", StageSide.Request, ran, asynchronous: true),
            new TestStage("after", StageSide.Request, ran),
        });

        StageResult result = await stages.RunRequestAsync(new DefaultHttpContext());

        Assert.Null(result.Rejection);
        Assert.Equal(new[] { "awaits", "after" }, ran);
    }

    [Fact]
    public async Task A_request_stage_refusal_is_answered_as_problem_json_and_never_reaches_the_backend()
    {
        var forwarder = new AnsweringForwarder();
        GatewayRuntime runtime = Runtime(forwarder, BackendService.Http, new TestStage("refuses", StageSide.Request, new List<string>(), Teapot));

        (int status, JsonElement problem) = await ServeAsync(runtime);

        Assert.Equal(418, status);
        Assert.Equal("Refused by a stage", problem.GetProperty("title").GetString());
        Assert.Equal(0, forwarder.Calls);
    }

    [Fact]
    public async Task A_response_stage_refusal_replaces_the_backends_answer()
    {
        var forwarder = new AnsweringForwarder();
        GatewayRuntime runtime = Runtime(forwarder, BackendService.Http, new TestStage("refuses", StageSide.Response, new List<string>(), Teapot));

        (int status, JsonElement problem) = await ServeAsync(runtime);

        Assert.Equal(1, forwarder.Calls);
        Assert.Equal(418, status);
        Assert.Equal("The test stage refuses this request.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_response_stage_that_goes_on_leaves_the_backends_answer()
    {
        var ran = new List<string>();
        var forwarder = new AnsweringForwarder();
        GatewayRuntime runtime = Runtime(forwarder, BackendService.Http, new TestStage("looks", StageSide.Response, ran));

        HttpContext context = Context();
        await runtime.HandleAsync(context);

        Assert.Equal(200, context.Response.StatusCode);
        Assert.Equal(AnsweringForwarder.Body, Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray()));
        Assert.Equal(new[] { "looks" }, ran);
    }

    [Fact]
    public async Task A_response_stage_refusal_replaces_the_echo()
    {
        GatewayRuntime runtime = Runtime(new AnsweringForwarder(), BackendService.Echo, new TestStage("refuses", StageSide.Response, new List<string>(), Teapot));

        (int status, JsonElement problem) = await ServeAsync(runtime);

        Assert.Equal(418, status);
        Assert.Equal("Refused by a stage", problem.GetProperty("title").GetString());
    }

    private static GatewayRuntime Runtime(IHttpForwarder forwarder, BackendService service, IPipelineStage stage)
    {
        GatewayDefinition definition = new GatewayBuilder("g")
            .Network("edge", 8080)
            .Pipeline("records", "edge", new[] { "api" }, new[] { "records_service" })
            .Endpoint("api", "/api")
            .Backend("records_service", "http://127.0.0.1:9/base", service: service)
            .Build();
        return new GatewayRuntime(definition, new HarmonyGatewayOptions(), forwarder, new HttpMessageInvoker(new SocketsHttpHandler()), NullLogger.Instance,
            stagesOf: _ => new PipelineStages(new[] { stage }));
    }

    private static HttpContext Context()
    {
        var context = new DefaultHttpContext();
        context.Features.Set(new NetworkFeature("edge"));
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("127.0.0.1", 8080);
        context.Request.Path = "/api/Patient/1";
        context.Response.Body = new MemoryStream();
        return context;
    }

    private static async Task<(int Status, JsonElement Problem)> ServeAsync(GatewayRuntime runtime)
    {
        HttpContext context = Context();
        await runtime.HandleAsync(context);
        Assert.Equal("application/problem+json", context.Response.ContentType);
        using JsonDocument problem = JsonDocument.Parse(((MemoryStream)context.Response.Body).ToArray());
        return (context.Response.StatusCode, problem.RootElement.Clone());
    }

    /// <summary>A stage that records that it ran, and refuses with <c>rejection</c> when given one.</summary>
    private sealed class TestStage(string name, StageSide side, List<string> ran, Rejection? rejection = null, bool asynchronous = false) : IPipelineStage
    {
        public string Name => name;

        public StageSide Side => side;

        public ValueTask<StageResult> InvokeAsync(HttpContext context)
        {
            ran.Add(name);
            StageResult result = rejection is null ? StageResult.Continue : StageResult.Reject(rejection);
            return asynchronous ? LaterAsync(result) : new ValueTask<StageResult>(result);
        }

        private static async ValueTask<StageResult> LaterAsync(StageResult result)
        {
            await Task.Yield();
            return result;
        }
    }

    /// <summary>Stands in for YARP: a 200 from the "backend", through the transformer's response hook as YARP calls it.</summary>
    private sealed class AnsweringForwarder : IHttpForwarder
    {
        public const string Body = "from the backend";

        public int Calls { get; private set; }

        public async ValueTask<ForwarderError> SendAsync(HttpContext context, string destinationPrefix, HttpMessageInvoker httpClient, ForwarderRequestConfig requestConfig, HttpTransformer transformer)
        {
            Calls++;
            context.Response.StatusCode = 200;
            using var response = new HttpResponseMessage(HttpStatusCode.OK);
            if (await transformer.TransformResponseAsync(context, response, CancellationToken.None))
            {
                await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(Body));
            }

            return ForwarderError.None;
        }
    }
}
