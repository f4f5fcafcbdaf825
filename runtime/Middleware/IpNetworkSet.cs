using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using HarmonyGen.Definitions;

namespace HarmonyGen.Middleware;

/// <summary>
/// A set of IP networks, matched as Harmony's ipnetwork crate matches them (host bits after the prefix ignored). An
/// IPv4 client that a dual-stack listener reports as IPv4-mapped IPv6 is matched as the IPv4 address it is: each IPv4
/// network is also held in its mapped form, so nothing is converted or allocated per request. Serves the policy rules
/// <c>ip_allow</c>/<c>ip_deny</c> and <c>[proxy] trusted_proxies</c>.
/// </summary>
internal sealed class IpNetworkSet
{
    private readonly IPNetwork[] _networks;
    private readonly IPNetwork[] _mapped;

    public IpNetworkSet(IEnumerable<IpNetworkDefinition> definitions)
    {
        var networks = new List<IPNetwork>();
        var mapped = new List<IPNetwork>();
        foreach (IpNetworkDefinition network in definitions)
        {
            IPAddress address = IPAddress.Parse(network.Address);
            networks.Add(Masked(address, network.PrefixLength));
            if (address.AddressFamily == AddressFamily.InterNetwork)
            {
                mapped.Add(Masked(address.MapToIPv6(), 96 + network.PrefixLength));
            }
        }

        _networks = networks.ToArray();
        _mapped = mapped.ToArray();
    }

    public bool IsEmpty => _networks.Length == 0;

    public bool Contains(IPAddress address)
    {
        IPNetwork[] networks = address.IsIPv4MappedToIPv6 ? _mapped : _networks;
        foreach (IPNetwork network in networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The network of <paramref name="address"/>/<paramref name="prefix"/> with its host bits cleared, which <see cref="IPNetwork"/> requires.</summary>
    private static IPNetwork Masked(IPAddress address, int prefix)
    {
        byte[] bytes = address.GetAddressBytes();
        for (int i = 0; i < bytes.Length; i++)
        {
            int bits = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - bits));
        }

        return new IPNetwork(new IPAddress(bytes), prefix);
    }
}
