using System.Globalization;
using System.Net;
using System.Net.Sockets;
using HarmonyGen.Generator.Spec;

namespace HarmonyGen.Generator.Validation;

/// <summary>
/// An ip_allow / ip_deny entry: an IPv4 or IPv6 address, optionally with a prefix length (<c>10.0.0.0/8</c>,
/// <c>2001:db8::/32</c>), as Harmony's ipnetwork crate reads it. System.Net.IPNetwork is not in netstandard2.0, and
/// IPAddress.TryParse alone is too lenient (it takes <c>10.1</c> and zone ids), so the shape is checked here first.
/// </summary>
internal static class CidrRange
{
    /// <summary>Null when <paramref name="text"/> is a valid range (then <paramref name="network"/> is set); otherwise why not.</summary>
    public static string? Parse(string text, out IpNetworkSpec? network)
    {
        network = null;
        if (text.Length == 0)
        {
            return "it is empty";
        }

        string address = text;
        int? prefix = null;
        int slash = text.IndexOf('/');
        if (slash >= 0)
        {
            address = text.Substring(0, slash);
            string length = text.Substring(slash + 1);
            if (length.Length == 0 || length.Length > 3 || !AllDigits(length))
            {
                return "the prefix length after '/' must be a number";
            }

            prefix = int.Parse(length, NumberStyles.None, CultureInfo.InvariantCulture);
        }

        if (address.IndexOf(':') >= 0)
        {
            // Hex digits, colons and an embedded IPv4 tail only: no zone id (%eth0), brackets or spaces.
            foreach (char c in address)
            {
                if (!(IsHex(c) || c == ':' || c == '.'))
                {
                    return "it is not an IPv6 address";
                }
            }

            if (!IPAddress.TryParse(address, out IPAddress? ip) || ip.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return "it is not an IPv6 address";
            }

            if (prefix > 128)
            {
                return $"an IPv6 prefix length is 0 to 128, not {prefix}";
            }

            network = new IpNetworkSpec { Address = ip.ToString(), PrefixLength = prefix ?? 128 };
            return null;
        }

        string[] octets = address.Split('.');
        if (octets.Length != 4)
        {
            return "an IPv4 address is four numbers from 0 to 255 separated by dots";
        }

        foreach (string octet in octets)
        {
            // No leading zeros: Rust's parser refuses them (010 would be octal elsewhere).
            if (octet.Length == 0 || octet.Length > 3 || !AllDigits(octet) || (octet.Length > 1 && octet[0] == '0')
                || int.Parse(octet, NumberStyles.None, CultureInfo.InvariantCulture) > 255)
            {
                return "an IPv4 address is four numbers from 0 to 255 separated by dots";
            }
        }

        if (prefix > 32)
        {
            return $"an IPv4 prefix length is 0 to 32, not {prefix}";
        }

        network = new IpNetworkSpec { Address = address, PrefixLength = prefix ?? 32 };
        return null;
    }

    private static bool AllDigits(string text)
    {
        foreach (char c in text)
        {
            if (c < '0' || c > '9')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsHex(char c) => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
