using System;

namespace HarmonyGen.Generator.Validation;

/// <summary>What makes a URL acceptable to an ingress or a backend, and its normalised route form.</summary>
internal static class UrlRules
{
    public static bool TryParseHttpUrl(string text, out Uri uri)
    {
        uri = null!;
        if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? parsed) || parsed is null)
        {
            return false;
        }

        if ((parsed.Scheme != "http" && parsed.Scheme != "https") || parsed.Host.Length == 0 || parsed.UserInfo.Length != 0)
        {
            return false;
        }

        uri = parsed;
        return true;
    }

    /// <summary>A literal IPv4 (four parts) or IPv6 address, or <c>localhost</c>; <c>IPAddress.TryParse</c> alone would take "8080".</summary>
    public static bool IsBindAddress(string text)
    {
        if (text == "localhost")
        {
            return true;
        }

        if (!System.Net.IPAddress.TryParse(text, out System.Net.IPAddress? address))
        {
            return false;
        }

        return address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? text.IndexOf(':') >= 0 : text.Split('.').Length == 4;
    }

    public static bool HasQueryOrFragment(string text) => text.IndexOf('?') >= 0 || text.IndexOf('#') >= 0;

    /// <summary>A path prefix for segment-boundary matching: decoded, no trailing slash, "/" for the root.</summary>
    public static string NormalizePrefix(string path)
    {
        string decoded = Uri.UnescapeDataString(path);
        if (decoded.Length == 0)
        {
            return "/";
        }

        string trimmed = decoded.TrimEnd('/');
        return trimmed.Length == 0 ? "/" : trimmed;
    }
}
