using System;

namespace HarmonyGen.Generator.Validation;

/// <summary>What a caller header name (<c>caller_header</c>, <c>caller_mesh_header</c>) may be.</summary>
internal static class CallerHeaderRules
{
    /// <summary>The runtime's default caller header names (<c>MeshDefinition.DefaultCallerHeader</c> and <c>DefaultCallerMeshHeader</c>).</summary>
    public const string DefaultCaller = "X-Harmony-Mesh-Caller";

    public const string DefaultCallerMesh = "X-Harmony-Mesh";

    // RFC 9110 §7.6.1 and the headers HTTP/1.1 proxies treat as hop-by-hop (Keep-Alive, Proxy-Connection).
    private static readonly string[] HopByHop =
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding", "Upgrade",
        "Proxy-Authenticate", "Proxy-Authorization",
    };

    // Headers the gateway sets or replaces itself, or that describe the message rather than the caller.
    private static readonly string[] Reserved = { "Authorization", "Host", "Cookie", "Expect" };

    /// <summary>Why <paramref name="name"/> cannot be a caller header, or null when it can.</summary>
    public static string? Problem(string name)
    {
        if (name.Length == 0)
        {
            return "a header name cannot be empty";
        }

        foreach (char c in name)
        {
            if (!IsTokenChar(c))
            {
                return $"'{c}' is not allowed in a header name (RFC 9110 §5.6.2: letters, digits and !#$%&'*+-.^_`|~)";
            }
        }

        if (Array.Exists(HopByHop, h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase)))
        {
            return "it is a hop-by-hop header, which proxies remove before the backend sees it";
        }

        if (Array.Exists(Reserved, h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase))
            || name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
        {
            return "the gateway or HTTP itself gives that header its meaning";
        }

        return null;
    }

    private static bool IsTokenChar(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')
            or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';
}
