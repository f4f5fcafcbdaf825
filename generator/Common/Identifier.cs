using System.Collections.Generic;
using System.Text;

namespace HarmonyGen.Generator;

/// <summary>Turns TOML names (<c>partner_fhir</c>, <c>harmony-node-a</c>) into C# identifiers (<c>PartnerFhir</c>, <c>HarmonyNodeA</c>).</summary>
internal static class Identifier
{
    public static string Pascal(string name)
    {
        var builder = new StringBuilder(name.Length);
        bool upper = true;
        foreach (char c in name)
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
            else
            {
                upper = true;
            }
        }

        if (builder.Length == 0)
        {
            return "_";
        }

        return char.IsDigit(builder[0]) ? "_" + builder : builder.ToString();
    }

    /// <summary>
    /// Unique member names for a set of TOML names inside one C# type: later collisions get a numeric suffix, and a
    /// name equal to its containing type gets a trailing underscore (C# forbids that).
    /// </summary>
    public static Dictionary<string, string> UniqueMembers(IEnumerable<string> names, string containingType)
    {
        var result = new Dictionary<string, string>(System.StringComparer.Ordinal);
        var used = new HashSet<string>(System.StringComparer.Ordinal) { containingType };
        foreach (string name in names)
        {
            if (result.ContainsKey(name))
            {
                continue;
            }

            string baseName = Pascal(name);
            string candidate = baseName == containingType ? baseName + "_" : baseName;
            int suffix = 2;
            while (!used.Add(candidate))
            {
                candidate = baseName + suffix++;
            }

            result.Add(name, candidate);
        }

        return result;
    }
}
