using System.Net;
using HarmonyGen.Definitions;
using Microsoft.AspNetCore.Http;

namespace HarmonyGen.Middleware.Policies;

/// <summary>
/// <c>ip_allow</c> / <c>ip_deny</c>: the client address in one of the networks (<see cref="IpNetworkSet"/>). The client
/// is the connection's peer, or what <c>[proxy] trusted_proxies</c> let X-Forwarded-For say (<see cref="Hosting.TrustedProxies"/>).
/// </summary>
internal sealed class IpRule : PolicyRule
{
    private readonly IpNetworkSet _networks;
    private readonly RuleVerdict _verdict;

    public IpRule(PolicyRuleDefinition definition, IpNetworksCondition condition, RuleVerdict verdict)
        : base(definition)
    {
        _verdict = verdict;
        _networks = new IpNetworkSet(condition.Networks);
    }

    public override RuleVerdict Evaluate(HttpContext context, IPAddress? client) =>
        client is null ? RuleVerdict.NoMatch // Harmony: no client address, the rule does not match
        : _networks.Contains(client) ? _verdict : RuleVerdict.NoMatch;
}
