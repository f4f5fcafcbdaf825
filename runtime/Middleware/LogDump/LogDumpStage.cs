using System.Collections.Immutable;
using System.Threading.Tasks;
using HarmonyGen.Definitions;
using HarmonyGen.Middleware.Metadata;
using HarmonyGen.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HarmonyGen.Middleware.LogDump;

/// <summary>
/// A <c>log_dump</c> middleware on one side, as Harmony's LogDumpMiddleware (src/models/middleware/types/logger.rs,
/// aurabx/harmony 2446b8ee) logs at info level: on the request side the method, path, query and headers; on the
/// response side the status and headers too; the request's metadata on both sides and the response's on the response
/// side, as Harmony dumps <c>request_details.metadata</c> and <c>response_details.metadata</c>. Redacted as <see cref="LogRedactor"/> says. Bodies are not logged:
/// Harmony dumps the body it has parsed, but HarmonyGen streams bodies to the backend and back, and reading one to log
/// it would buffer it. It never refuses and changes nothing; when information logs are off it costs one check.
/// </summary>
internal sealed class LogDumpStage : IPipelineStage
{
    private readonly ILogger _logger;
    private readonly string _label;
    private readonly LogRedactor _redactor;
    private readonly MetadataRedactor _metadata;

    public LogDumpStage(LogDumpMiddlewareDefinition middleware, StageSide side, ILogger logger)
    {
        Name = middleware.Name;
        Side = side;
        _logger = logger;
        _label = middleware.Label;
        _redactor = new LogRedactor(OrEmpty(middleware.RedactHeaders), OrEmpty(middleware.SensitiveFieldPatterns));
        _metadata = new MetadataRedactor(OrEmpty(middleware.RedactMetadata), _redactor);
    }

    public string Name { get; }

    public StageSide Side { get; }

    /// <summary>A request that came through no route (a test's): the metadata's <c>path</c> is the rest after <c>/</c>.</summary>
    public ValueTask<StageResult> InvokeAsync(HttpContext context) => Dump(context, "/");

    public ValueTask<StageResult> InvokeAsync(HttpContext context, RouteTarget target) => Dump(context, target.PathPrefix);

    private ValueTask<StageResult> Dump(HttpContext context, string prefix)
    {
        if (!_logger.IsEnabled(LogLevel.Information))
        {
            return default;
        }

        HttpRequest request = context.Request;
        string path = request.Path.HasValue ? request.Path.Value! : "/";
        string query = _redactor.Query(request.QueryString);
        string requestHeaders = _redactor.Headers(request.Headers);
        string requestMetadata = _metadata.Json(context, prefix, response: false);
        if (Side == StageSide.Request)
        {
            LogDumpLog.Request(_logger, _label, Name, request.Method, path, query, requestHeaders, requestMetadata);
        }
        else
        {
            HttpResponse response = context.Response;
            LogDumpLog.Response(_logger, _label, Name, response.StatusCode, request.Method, path, query, _redactor.Headers(response.Headers), requestHeaders, requestMetadata, _metadata.Json(context, prefix, response: true));
        }

        return default;
    }

    private static ImmutableArray<string> OrEmpty(ImmutableArray<string> names) => names.IsDefault ? ImmutableArray<string>.Empty : names;
}
