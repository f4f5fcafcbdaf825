using System;
using System.Collections.Immutable;
using System.Net;
using HarmonyGen.Definitions;
using HarmonyGen.Middleware;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace HarmonyGen.Hosting;

/// <summary>
/// <c>[proxy] trusted_proxies</c> (a HarmonyGen extension; Harmony believes the connection's peer only): when the peer
/// is one of these networks, the client is read from <c>X-Forwarded-For</c>, right to left, skipping every address that
/// is itself a trusted proxy, as nginx's <c>set_real_ip_from</c> with <c>real_ip_recursive on</c> does. The first
/// address that is not trusted is the client; an entry that is not an address stops the walk at the last trusted hop,
/// so a malformed header never makes a client of a made-up value. A peer that is not trusted is the client whatever
/// the header says, so a client cannot choose its own address.
/// </summary>
/// <remarks>
/// The result is written to <see cref="ConnectionInfo.RemoteIpAddress"/> for the request, as ASP.NET Core's forwarded
/// headers middleware does, so that every stage (policies, rate-limit partitions, logs) sees one client. Kestrel sets
/// the peer address again for the next request on the connection.
/// </remarks>
internal sealed class TrustedProxies
{
    private const string ForwardedFor = "X-Forwarded-For";

    private readonly IpNetworkSet _networks;

    private TrustedProxies(IpNetworkSet networks) => _networks = networks;

    /// <summary>Null when none are configured: the request path then has nothing to do.</summary>
    public static TrustedProxies? Create(ImmutableArray<IpNetworkDefinition> networks) =>
        networks.IsDefaultOrEmpty ? null : new TrustedProxies(new IpNetworkSet(networks));

    public void Apply(HttpContext context)
    {
        if (context.Connection.RemoteIpAddress is { } peer && Client(peer, context.Request.Headers[ForwardedFor]) is { } client && !ReferenceEquals(client, peer))
        {
            context.Connection.RemoteIpAddress = client;
        }
    }

    /// <summary>The client behind <paramref name="peer"/>, as <paramref name="forwardedFor"/> tells it through trusted proxies.</summary>
    internal IPAddress Client(IPAddress peer, StringValues forwardedFor)
    {
        IPAddress current = peer;
        // Header lines in order, then entries of each right to left: the nearest hop is the last entry of the last line.
        for (int line = forwardedFor.Count - 1; line >= 0 && _networks.Contains(current); line--)
        {
            ReadOnlySpan<char> rest = forwardedFor[line].AsSpan();
            while (_networks.Contains(current))
            {
                rest = rest.TrimEnd();
                if (rest.IsEmpty)
                {
                    break; // this line is used up: the next one to the left
                }

                int comma = rest.LastIndexOf(',');
                ReadOnlySpan<char> entry = rest[(comma + 1)..].Trim();
                rest = comma < 0 ? ReadOnlySpan<char>.Empty : rest[..comma];
                if (Address(entry) is not { } hop)
                {
                    return current;
                }

                current = hop;
            }
        }

        return current;
    }

    /// <summary>
    /// An entry as proxies write it: an address, an IPv4 address with a port, or an IPv6 address in brackets with or
    /// without one. IPv4 must be four decimal parts: <see cref="IPAddress.TryParse(ReadOnlySpan{char}, out IPAddress?)"/>
    /// also takes inet_aton's "127.1" and "0x7f.0.0.1", which no proxy writes and an attacker might.
    /// </summary>
    private static IPAddress? Address(ReadOnlySpan<char> entry)
    {
        ReadOnlySpan<char> host = entry;
        int colon = entry.IndexOf(':');
        if (colon >= 0 && entry.LastIndexOf(':') == colon)
        {
            host = entry[..colon]; // IPv4 with a port: one colon only (IPv6 has several)
            if (!int.TryParse(entry[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int port) || port > 65535)
            {
                return null;
            }
        }
        else if (entry.StartsWith("[") && entry.IndexOf(']') is var close and > 0)
        {
            ReadOnlySpan<char> after = entry[(close + 1)..];
            if (!after.IsEmpty && !(after[0] == ':' && int.TryParse(after[1..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int port6) && port6 <= 65535))
            {
                return null;
            }

            host = entry[1..close];
        }

        if (!IPAddress.TryParse(host, out IPAddress? address))
        {
            return null;
        }

        return address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork || DottedQuad(host) ? address : null;
    }

    private static bool DottedQuad(ReadOnlySpan<char> text)
    {
        int dots = 0;
        foreach (char c in text)
        {
            if (c == '.')
            {
                dots++;
            }
            else if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return dots == 3;
    }
}
