using System.Threading.Tasks;
using HarmonyGen.Definitions;
using Microsoft.AspNetCore.Http;

namespace HarmonyGen.Middleware.Transform;

/// <summary>
/// A <c>transform</c> middleware on the response chain (apply right or both). It has nothing to do when the backend's
/// status and headers arrive: its work is on the body, which <see cref="ResponseBodyTransforms"/> reads once and runs
/// through every response transform of the pipeline, in order.
/// </summary>
internal sealed class ResponseTransformStage : IPipelineStage
{
    public ResponseTransformStage(TransformMiddlewareDefinition definition) => Definition = definition;

    public TransformMiddlewareDefinition Definition { get; }

    public string Name => Definition.Name;

    public StageSide Side => StageSide.Response;

    public ValueTask<StageResult> InvokeAsync(HttpContext context) => default;
}
