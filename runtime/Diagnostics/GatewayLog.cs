using Microsoft.Extensions.Logging;

namespace HarmonyGen.Diagnostics;

/// <summary>Source-generated log messages: no boxing or formatting on the hot path, and never token text.</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(1, LogLevel.Information, "Gateway {ProxyId} listening on {Network} at {Url}")]
    public static partial void Listening(ILogger logger, string proxyId, string network, string url);

    [LoggerMessage(2, LogLevel.Warning, "QUIC is not available on this machine ({Reason}); HTTP/3 listeners and egress fall back to HTTP/2 and HTTP/1.1")]
    public static partial void QuicUnavailable(ILogger logger, string reason);

    [LoggerMessage(3, LogLevel.Information, "Mesh request rejected on ingress {Ingress}: {Reason}")]
    public static partial void MeshRejected(ILogger logger, string ingress, string reason);

    [LoggerMessage(4, LogLevel.Warning, "Backend {Backend} failed: {Error}")]
    public static partial void BackendFailed(ILogger logger, string backend, string error);

    [LoggerMessage(5, LogLevel.Information, "Issued a mesh token for mesh {Mesh}, audience {Audience}, valid until {Expires:O}")]
    public static partial void TokenIssued(ILogger logger, string mesh, string audience, System.DateTimeOffset expires);

    [LoggerMessage(6, LogLevel.Warning, "Mesh {Mesh} uses provider {Provider}, which this runtime does not reach yet; its mesh-mode traffic is refused")]
    public static partial void ProviderUnsupported(ILogger logger, string mesh, string provider);
}
