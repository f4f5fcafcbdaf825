using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using HarmonyGen.Definitions;
using HarmonyGen.Limits;
using HarmonyGen.Middleware.LogDump;
using HarmonyGen.Middleware.Auth;
using HarmonyGen.Middleware.MetadataTransform;
using HarmonyGen.Middleware.Policies;
using HarmonyGen.Middleware.Transform;
using HarmonyGen.Middleware.Webhook;
using HarmonyGen.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HarmonyGen.Middleware;

/// <summary>
/// A pipeline's middleware stages, in the order its <c>middleware</c> list names them, split by side and held as
/// arrays at start-up. An empty side costs one length check per request: no enumerator, no async state machine.
/// </summary>
internal sealed class PipelineStages : IDisposable
{
    /// <summary>A pipeline without run-time middleware.</summary>
    public static readonly PipelineStages None = new(Array.Empty<IPipelineStage>());

    private readonly IPipelineStage[] _request;
    private readonly IPipelineStage[] _response;

    /// <param name="limits">How much of a body the response transforms may hold; only read when there are some.</param>
    public PipelineStages(IEnumerable<IPipelineStage> stages, TransformLimits? limits = null, ILogger? logger = null)
    {
        IPipelineStage[] all = stages.ToArray();
        _request = all.Where(s => s.Side == StageSide.Request).ToArray();

        // Response transforms work on the body, after every stage that judges the status and headers.
        _response = all.Where(s => s.Side == StageSide.Response && s is not ResponseTransformStage).ToArray();
        TransformMiddlewareDefinition[] bodies = all.OfType<ResponseTransformStage>().Select(s => s.Definition).ToArray();
        if (bodies.Length > 0)
        {
            ResponseBody = new ResponseBodyTransforms(bodies, limits ?? new TransformLimits(new RequestLimits(null)), logger ?? NullLogger.Instance);
        }
    }

    /// <summary>True when the response goes through the pipeline on its way back: header stages, or body transforms.</summary>
    public bool HasResponseStages => _response.Length > 0 || ResponseBody is not null;

    /// <summary>The pipeline's response transforms, run on the response body; null when it has none (the body streams).</summary>
    public ResponseBodyTransforms? ResponseBody { get; }

    /// <summary>
    /// The run-time stages of <paramref name="pipeline"/>: its request chain, then its response chain, each in the order
    /// it runs. The generator lets through only middleware that runs here or elsewhere (<c>mesh_auth</c>, by ingress
    /// authentication through <see cref="PipelineDefinition.RequiresMeshAuth"/>; <c>passthru</c>, which does nothing)
    /// and stops the build on the rest (HG0008), rule types of policies included.
    /// </summary>
    /// <param name="time">The gateway's clock (<c>HarmonyGatewayOptions.TimeProvider</c>), for stages that read the time.</param>
    /// <param name="environment">The gateway's <c>${ENV}</c> lookup (<c>HarmonyGatewayOptions.Environment</c>), for credentials; the process environment when null.</param>
    /// <param name="logger">The gateway's logger, for stages that log (<c>log_dump</c>, <c>webhook</c>, <c>transform</c>); none when null.</param>
    /// <param name="limits">The gateway's <c>[proxy.content_limits]</c>, which bound the bodies a transform holds; Kestrel's default when null.</param>
    public static PipelineStages For(PipelineDefinition pipeline, TimeProvider time, Func<string, string?>? environment = null, ILogger? logger = null, RequestLimits? limits = null)
    {
        if (pipeline.RequestStages.IsDefaultOrEmpty && pipeline.ResponseStages.IsDefaultOrEmpty)
        {
            return None;
        }

        var context = new StageContext(time, environment ?? Environment.GetEnvironmentVariable, logger ?? NullLogger.Instance, new TransformLimits(limits ?? new RequestLimits(null)));
        return new PipelineStages(
            pipeline.RequestStages.Select(d => Create(d, StageSide.Request, context))
                .Concat(pipeline.ResponseStages.Select(d => Create(d, StageSide.Response, context))),
            context.BodyLimits,
            context.Logger);
    }

    /// <summary>One stage per definition; throws at start-up for a type this runtime cannot run, so none is dropped silently.</summary>
    private static IPipelineStage Create(MiddlewareDefinition definition, StageSide side, StageContext c) => (definition, side) switch
    {
        (PoliciesMiddlewareDefinition policies, StageSide.Request) => new PolicyStage(policies, c.Time),
        (BasicAuthMiddlewareDefinition basic, StageSide.Request) => new BasicAuthStage(basic, c.Environment),
        (JwtAuthMiddlewareDefinition jwt, StageSide.Request) => new JwtAuthStage(jwt, c.Time, c.Environment),
        (PathFilterMiddlewareDefinition filter, StageSide.Request) => new PathFilterStage(filter),
        (LogDumpMiddlewareDefinition dump, _) => new LogDumpStage(dump, side, c.Logger),
        (MetadataTransformMiddlewareDefinition metadata, _) => new MetadataTransformStage(metadata, side, c.Logger),
        (TransformMiddlewareDefinition transform, StageSide.Request) => new RequestTransformStage(transform, c.BodyLimits, c.Logger),
        (TransformMiddlewareDefinition transform, StageSide.Response) => new ResponseTransformStage(transform),
        (WebhookMiddlewareDefinition hook, _) => new WebhookStage(hook, side, new WebhookSender(hook.Name, hook.Endpoint, TimeSpan.FromSeconds(hook.TimeoutSeconds), c.Logger)),
        _ => throw new InvalidOperationException(
            $"Middleware '{definition.Name}' ({definition.GetType().Name}) cannot run on the {side.ToString().ToLowerInvariant()} side in this runtime; the generator reports such middleware as HG0008."),
    };

    /// <summary>Releases what stages hold beyond the request (a rate limit's timers), when the gateway stops.</summary>
    public void Dispose()
    {
        foreach (IPipelineStage stage in _request.Concat(_response))
        {
            (stage as IDisposable)?.Dispose();
        }
    }

    /// <summary>The request-side stages in order, until one refuses the request.</summary>
    /// <param name="target">The route the request matched; null for a request that came through none (tests).</param>
    public ValueTask<StageResult> RunRequestAsync(HttpContext context, RouteTarget? target = null) =>
        _request.Length == 0 ? default : RunAsync(_request, context, target);

    /// <summary>The response-side stages in order, until one refuses the response.</summary>
    /// <param name="target">The route the request matched (for the metadata's <c>path</c>); null for a request that came through none (tests).</param>
    public ValueTask<StageResult> RunResponseAsync(HttpContext context, RouteTarget? target = null) =>
        _response.Length == 0 ? default : RunAsync(_response, context, target);

    /// <summary>Stages that complete synchronously are run in a plain loop; the first that does not is awaited with the rest.</summary>
    private static ValueTask<StageResult> RunAsync(IPipelineStage[] stages, HttpContext context, RouteTarget? target)
    {
        for (int i = 0; i < stages.Length; i++)
        {
            ValueTask<StageResult> pending = Invoke(stages[i], context, target);
            if (!pending.IsCompletedSuccessfully)
            {
                return AwaitRestAsync(stages, i, pending, context, target);
            }

            StageResult result = pending.Result;
            if (result.Rejection is not null)
            {
                return new ValueTask<StageResult>(result);
            }
        }

        return default;
    }

    private static async ValueTask<StageResult> AwaitRestAsync(IPipelineStage[] stages, int index, ValueTask<StageResult> pending, HttpContext context, RouteTarget? target)
    {
        StageResult result = await pending.ConfigureAwait(false);
        for (int i = index + 1; result.Rejection is null && i < stages.Length; i++)
        {
            result = await Invoke(stages[i], context, target).ConfigureAwait(false);
        }

        return result;
    }

    private static ValueTask<StageResult> Invoke(IPipelineStage stage, HttpContext context, RouteTarget? target) =>
        target is null ? stage.InvokeAsync(context) : stage.InvokeAsync(context, target);
}

/// <summary>What the stages of a gateway are built with: its clock, its <c>${ENV}</c> lookup, its logger and its body limit.</summary>
internal sealed record StageContext(TimeProvider Time, Func<string, string?> Environment, ILogger Logger, TransformLimits BodyLimits);
