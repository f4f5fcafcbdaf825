using Microsoft.Extensions.Logging;

namespace HarmonyGen.Middleware.MetadataTransform;

/// <summary>A metadata_transform whose spec could not be applied, source-generated, as Harmony logs it (an error when it refuses, a warning when it goes on).</summary>
internal static partial class MetadataTransformLog
{
    [LoggerMessage(EventId = 60, EventName = "MetadataTransformFailed", Level = LogLevel.Error,
        Message = "Metadata transform {Middleware} failed on the {Side} side, request refused: {Reason}")]
    public static partial void Failed(ILogger logger, string middleware, string side, string reason);

    [LoggerMessage(EventId = 61, EventName = "MetadataTransformSkipped", Level = LogLevel.Warning,
        Message = "Metadata transform {Middleware} failed on the {Side} side, continuing with the metadata unchanged: {Reason}")]
    public static partial void Skipped(ILogger logger, string middleware, string side, string reason);
}
