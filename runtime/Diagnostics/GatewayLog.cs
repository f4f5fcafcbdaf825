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

    // Provider logs name the provider, the operation and a short reason: never a token, a machine token or an answer body.
    [LoggerMessage(7, LogLevel.Information, "Provider {Provider} issued a mesh token for mesh {Mesh}, audience {Audience}, valid until {Expires:O}")]
    public static partial void ProviderTokenFetched(ILogger logger, string provider, string mesh, string audience, System.DateTimeOffset expires);

    [LoggerMessage(8, LogLevel.Warning, "Provider {Provider} could not be asked for {Operation}: {Reason}")]
    public static partial void ProviderCallFailed(ILogger logger, string provider, string operation, string reason);

    [LoggerMessage(9, LogLevel.Warning, "Provider {Provider} answered {Operation} with something HarmonyGen does not trust, and it was rejected: {Reason}")]
    public static partial void ProviderAnswerRejected(ILogger logger, string provider, string operation, string reason);

    [LoggerMessage(10, LogLevel.Information, "Provider {Provider} publishes {Count} usable RS256 key(s) at {Url}")]
    public static partial void JwksFetched(ILogger logger, string provider, string url, int count);

    [LoggerMessage(11, LogLevel.Information, "Mesh {Mesh}: reference {Reference} resolved to {Resolution}")]
    public static partial void ReferenceResolved(ILogger logger, string mesh, string reference, string resolution);

    [LoggerMessage(12, LogLevel.Warning, "Mesh {Mesh}: reference {Reference} cannot be resolved ({Reason}); {Keeping}")]
    public static partial void ReferenceUnresolved(ILogger logger, string mesh, string reference, string reason, string keeping);

    [LoggerMessage(13, LogLevel.Information, "A request that needed a provider's answer failed: {Reason}")]
    public static partial void ProviderUnavailable(ILogger logger, string reason);

    // A request body the transform cannot read is the client's mistake (Information); a response body, the backend's (Warning).
    [LoggerMessage(EventId = 14, Message = "Transform {Transform} could not rewrite the {Side} body ({Reason}); {Outcome}")]
    public static partial void TransformFailed(ILogger logger, LogLevel level, string transform, string side, string reason, string outcome);
}
