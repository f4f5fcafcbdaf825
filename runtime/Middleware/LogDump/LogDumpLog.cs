using Microsoft.Extensions.Logging;

namespace HarmonyGen.Middleware.LogDump;

/// <summary>
/// log_dump's entries, source-generated (no boxing, nothing formatted unless the level is on). Each value is a
/// structured field; headers and metadata are JSON objects of name to value, as Harmony's dump writes them, already redacted.
/// </summary>
internal static partial class LogDumpLog
{
    [LoggerMessage(EventId = 30, EventName = "LogDumpRequest", Level = LogLevel.Information,
        Message = "Dump {Label} ({Middleware}) request {Method} {Path}{Query} headers {RequestHeaders} metadata {RequestMetadata}")]
    public static partial void Request(ILogger logger, string label, string middleware, string method, string path, string query, string requestHeaders, string requestMetadata);

    [LoggerMessage(EventId = 31, EventName = "LogDumpResponse", Level = LogLevel.Information,
        Message = "Dump {Label} ({Middleware}) response {Status} to {Method} {Path}{Query} headers {ResponseHeaders} request headers {RequestHeaders} metadata {RequestMetadata} response metadata {ResponseMetadata}")]
    public static partial void Response(ILogger logger, string label, string middleware, int status, string method, string path, string query, string responseHeaders, string requestHeaders, string requestMetadata, string responseMetadata);
}
