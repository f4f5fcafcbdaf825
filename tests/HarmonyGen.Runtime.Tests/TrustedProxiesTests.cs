using System.Collections.Immutable;
using System.Net;
using HarmonyGen.Definitions;
using HarmonyGen.Hosting;
using Microsoft.Extensions.Primitives;
using Xunit;

namespace HarmonyGen.Runtime.Tests;

/// <summary>
/// How <c>[proxy] trusted_proxies</c> reads X-Forwarded-For (the request path's use is in <see cref="PolicyTests"/>):
/// right to left over every header line, skipping trusted hops, stopping at the first untrusted or malformed one.
/// </summary>
public sealed class TrustedProxiesTests
{
    private static readonly TrustedProxies s_trusted = TrustedProxies.Create(
        [new IpNetworkDefinition("127.0.0.0", 8), new IpNetworkDefinition("10.0.0.0", 8), new IpNetworkDefinition("fd00::", 8)])!;

    [Theory]
    [InlineData("127.0.0.1", new[] { "203.0.113.9" }, "203.0.113.9")]
    [InlineData("127.0.0.1", new[] { "198.51.100.1, 203.0.113.9" }, "203.0.113.9")]
    [InlineData("127.0.0.1", new[] { "203.0.113.9, 10.1.1.1" }, "203.0.113.9")]            // a second trusted hop
    [InlineData("127.0.0.1", new[] { "203.0.113.9", "10.1.1.1" }, "203.0.113.9")]          // the same across two header lines
    [InlineData("127.0.0.1", new[] { "10.2.2.2, 10.1.1.1" }, "10.2.2.2")]                  // all trusted: the farthest one
    [InlineData("127.0.0.1", new[] { "[2001:db8::7]:443" }, "2001:db8::7")]
    [InlineData("127.0.0.1", new[] { "2001:db8::7, fd00::1" }, "2001:db8::7")]
    [InlineData("127.0.0.1", new[] { "203.0.113.9:8443" }, "203.0.113.9")]
    [InlineData("127.0.0.1", new[] { "203.0.113.9, unknown" }, "127.0.0.1")]               // malformed: the proxy itself
    [InlineData("127.0.0.1", new[] { "203.0.113.9,,10.1.1.1" }, "10.1.1.1")]               // an empty entry is malformed too
    [InlineData("127.0.0.1", new[] { "0x7f.0.0.1" }, "127.0.0.1")]
    [InlineData("127.0.0.1", new[] { "203.0.113.9:99999" }, "127.0.0.1")]
    [InlineData("127.0.0.1", new string[0], "127.0.0.1")]
    [InlineData("192.0.2.1", new[] { "203.0.113.9" }, "192.0.2.1")]                        // an untrusted peer speaks for itself only
    [InlineData("::ffff:127.0.0.1", new[] { "203.0.113.9" }, "203.0.113.9")]               // a dual-stack listener's mapped IPv4 peer
    public void The_client_is_the_nearest_untrusted_hop(string peer, string[] lines, string client) =>
        Assert.Equal(IPAddress.Parse(client), s_trusted.Client(IPAddress.Parse(peer), new StringValues(lines)));

    [Fact]
    public void No_trusted_proxies_is_no_work_on_the_request_path() =>
        Assert.Null(TrustedProxies.Create(ImmutableArray<IpNetworkDefinition>.Empty));
}
