using System.Net;
using System.Net.Sockets;
using HarmonyGen.Definitions;
using Microsoft.AspNetCore.Http;

namespace HarmonyGen.Middleware.Policies;

/// <summary>
/// <c>ip_allow</c> / <c>ip_deny</c>: the client address in one of the networks, as Harmony's ipnetwork crate decides it
/// (host bits after the prefix ignored). An IPv4 client a dual-stack listener reports as IPv4-mapped IPv6 is matched as
/// the IPv4 address it is: each IPv4 network is also held in its mapped form, so nothing is converted per request.
/// </summary>
internal sealed class IpRule : PolicyRule
{
    private readonly IPNetwork[] _networks;
    private readonly IPNetwork[] _mapped;
    private readonly RuleVerdict _verdict;

    public IpRule(PolicyRuleDefinition definition, IpNetworksCondition condition, RuleVerdict verdict)
        : base(definition)
    {
        _verdict = verdict;
        var networks = new System.Collections.Generic.List<IPNetwork>();
        var mapped = new System.Collections.Generic.List<IPNetwork>();
        foreach (IpNetworkDefinition network in condition.Networks)
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

    public override RuleVerdict Evaluate(HttpContext context, IPAddress? client)
    {
        if (client is null)
        {
            return RuleVerdict.NoMatch; // Harmony: no client address, the rule does not match
        }

        IPNetwork[] networks = client.IsIPv4MappedToIPv6 ? _mapped : _networks;
        foreach (IPNetwork network in networks)
        {
            if (network.Contains(client))
            {
                return _verdict;
            }
        }

        return RuleVerdict.NoMatch;
    }

    /// <summary>The network of <paramref name="address"/>/<paramref name="prefix"/> with its host bits cleared, which <see cref="IPNetwork"/> requires.</summary>
    private static IPNetwork Masked(IPAddress address, int prefix)
    {
        byte[] bytes = address.GetAddressBytes();
        for (int i = 0; i < bytes.Length; i++)
        {
            int bits = System.Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - bits));
        }

        return new IPNetwork(new IPAddress(bytes), prefix);
    }
}
