using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;

namespace HarmonyGen.Generator.Validation;

/// <summary>
/// Which listeners of one gateway would fight over a socket. Kestrel binds every listener at start-up and the second
/// bind of an address and port fails the whole gateway (EADDRINUSE), so a clash is a configuration error, found here.
/// </summary>
internal static class ListenerPorts
{
    /// <summary>A listener with a valid address and port, in file order.</summary>
    public sealed record Bound(string Network, string Kind, IPAddress Address, LocatedInt Port)
    {
        public string Endpoint => Address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{Address}]:{Port.Value}" : $"{Address}:{Port.Value}";
    }

    /// <summary>Each listener that clashes with an earlier one, with that earlier one.</summary>
    public static IEnumerable<(Bound Later, Bound Earlier)> Clashes(IReadOnlyList<Bound> listeners)
    {
        for (int i = 1; i < listeners.Count; i++)
        {
            for (int j = 0; j < i; j++)
            {
                if (listeners[i].Port.Value == listeners[j].Port.Value && Overlap(listeners[i].Address, listeners[j].Address))
                {
                    yield return (listeners[i], listeners[j]);
                    break;
                }
            }
        }
    }

    /// <summary>The address Kestrel binds for a TOML bind_address (the runtime maps <c>localhost</c> to 127.0.0.1).</summary>
    public static IPAddress? Address(string text) =>
        text == "localhost" ? IPAddress.Loopback : UrlRules.IsBindAddress(text) && IPAddress.TryParse(text, out IPAddress? address) ? address : null;

    // Both an [N.http] and an [N.http3] listener bind TCP (HTTP/3 listeners also serve HTTP/1.1 and HTTP/2), so the kind
    // does not matter. "::" is a dual-mode socket and takes the port on IPv4 too; "0.0.0.0" takes it on every IPv4
    // address; two specific addresses clash only when they are the same.
    private static bool Overlap(IPAddress a, IPAddress b)
    {
        if (a.Equals(IPAddress.IPv6Any) || b.Equals(IPAddress.IPv6Any))
        {
            return true;
        }

        if (a.AddressFamily != b.AddressFamily)
        {
            return false;
        }

        return a.Equals(b) || a.Equals(IPAddress.Any) || b.Equals(IPAddress.Any);
    }
}
