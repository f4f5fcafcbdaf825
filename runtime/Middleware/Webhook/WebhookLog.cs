using Microsoft.Extensions.Logging;

namespace HarmonyGen.Middleware.Webhook;

/// <summary>The webhook's warnings, source-generated. A failed post is the webhook's problem, never the request's.</summary>
internal static partial class WebhookLog
{
    [LoggerMessage(EventId = 40, EventName = "WebhookPostFailed", Level = LogLevel.Warning, Message = "Webhook {Middleware}: post failed: {Reason}")]
    public static partial void Failed(ILogger logger, string middleware, string reason);

    [LoggerMessage(EventId = 41, EventName = "WebhookPostRefused", Level = LogLevel.Warning, Message = "Webhook {Middleware}: the endpoint answered {Status}")]
    public static partial void Refused(ILogger logger, string middleware, int status);

    [LoggerMessage(EventId = 42, EventName = "WebhookQueueFull", Level = LogLevel.Warning,
        Message = "Webhook {Middleware}: {Dropped} payload(s) dropped so far, the endpoint is not keeping up (queue of {Capacity})")]
    public static partial void Dropped(ILogger logger, string middleware, long dropped, int capacity);
}
