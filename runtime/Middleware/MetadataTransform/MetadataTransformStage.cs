using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using HarmonyGen.Definitions;
using HarmonyGen.Diagnostics;
using HarmonyGen.Middleware.Metadata;
using HarmonyGen.Routing;
using HarmonyGen.Transforms;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HarmonyGen.Middleware.MetadataTransform;

/// <summary>
/// A <c>metadata_transform</c> middleware on one side, as Harmony's MetadataTransformMiddleware runs with
/// <c>transform_target = "metadata"</c> (src/models/middleware/types/metadata_transform.rs in aurabx/harmony): the
/// metadata map (the request's on the left, the response's on the right) as a JSON object of strings through the
/// compiled spec; of the output object, each string value is written back under its key, adding or replacing, and
/// every other value is ignored; no key is removed. A spec that cannot be applied refuses the request with 500 when
/// <c>fail_on_error</c> (Harmony's middleware error, which its router maps to 500) and otherwise leaves the metadata
/// as it was. The body and headers are never touched.
/// </summary>
internal sealed class MetadataTransformStage : IPipelineStage
{
    private readonly IJsonTransform _transform;
    private readonly bool _failOnError;
    private readonly ILogger _logger;
    private readonly Rejection _failed;
    private readonly string _side;

    public MetadataTransformStage(MetadataTransformMiddlewareDefinition middleware, StageSide side, ILogger logger)
    {
        Name = middleware.Name;
        Side = side;
        _transform = middleware.Transform;
        _failOnError = middleware.FailOnError;
        _logger = logger;
        _side = side == StageSide.Request ? "left" : "right";
        // The spec and the metadata are the gateway's, not the client's: the request was not at fault.
        _failed = new Rejection(StatusCodes.Status500InternalServerError, "Metadata transform failed", $"Middleware '{middleware.Name}' could not apply its transform to the request's metadata.");
    }

    public string Name { get; }

    public StageSide Side { get; }

    /// <summary>A request that came through no route (a test's): <c>path</c> is the rest after <c>/</c>.</summary>
    public ValueTask<StageResult> InvokeAsync(HttpContext context) => Run(context, "/");

    public ValueTask<StageResult> InvokeAsync(HttpContext context, RouteTarget target) => Run(context, target.PathPrefix);

    private ValueTask<StageResult> Run(HttpContext context, string prefix)
    {
        RequestMetadata metadata = RequestMetadata.Of(context, prefix);
        Dictionary<string, string> map = Side == StageSide.Request ? metadata.Request : metadata.Response;
        var input = new JsonObject();
        foreach (KeyValuePair<string, string> entry in map)
        {
            input[entry.Key] = JsonValue.Create(entry.Value);
        }

        JsonNode? output;
        try
        {
            output = _transform.Apply(input);
        }
        catch (JoltTransformException failure)
        {
            if (_failOnError)
            {
                MetadataTransformLog.Failed(_logger, Name, _side, failure.Message);
                return new ValueTask<StageResult>(StageResult.Reject(_failed));
            }

            MetadataTransformLog.Skipped(_logger, Name, _side, failure.Message);
            return default;
        }

        if (output is JsonObject written)
        {
            foreach (KeyValuePair<string, JsonNode?> entry in written)
            {
                if (entry.Value is JsonValue value && value.GetValueKind() == JsonValueKind.String)
                {
                    map[entry.Key] = value.GetValue<string>();
                }
            }
        }

        return default;
    }
}
