using System;
using Microsoft.AspNetCore.Http;

namespace HarmonyGen.Routing;

/// <summary>The origin of a URL as mesh tokens carry it in <c>aud</c>: <c>scheme://host[:port]</c>, default ports omitted.</summary>
internal static class Origin
{
    public static string Of(string url)
    {
        var uri = new Uri(url, UriKind.Absolute);
        return Of(uri.Scheme, uri.Host, uri.Port);
    }

    /// <summary>The port a request was addressed to: its Host header's, else its scheme's default.</summary>
    public static int PortOf(HttpRequest request) => request.Host.Port ?? (request.IsHttps ? 443 : 80);

    public static string Of(string scheme, string host, int port)
    {
        bool defaultPort = (scheme == "http" && port == 80) || (scheme == "https" && port == 443);
        string lowerHost = host.ToLowerInvariant();
        return defaultPort ? $"{scheme}://{lowerHost}" : $"{scheme}://{lowerHost}:{port}";
    }
}
