using System;
using System.IO;
using HarmonyGen.Definitions;

namespace HarmonyGen.Hosting;

public static partial class HarmonyGateway
{
    /// <summary>The command-line switch that prints the gateways' mesh graphs instead of starting them.</summary>
    public const string DescribeSwitch = "--describe";

    /// <summary>
    /// When <paramref name="args"/> holds <c>--describe</c>, prints each gateway's mesh graph (Mermaid, generated at
    /// compile time) to standard output, a blank line between two, and returns <see langword="true"/>: the caller then
    /// exits without building or binding anything. Otherwise prints nothing and returns <see langword="false"/>.
    /// </summary>
    /// <example><code>if (HarmonyGateway.Describe(args, Gateways.Clinic.Definition)) return;</code></example>
    public static bool Describe(string[] args, params GatewayDefinition[] gateways) => Describe(Console.Out, args, gateways);

    internal static bool Describe(TextWriter output, string[] args, params GatewayDefinition[] gateways)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(gateways);
        if (Array.IndexOf(args, DescribeSwitch) < 0)
        {
            return false;
        }

        for (int i = 0; i < gateways.Length; i++)
        {
            // Always '\n': the text is Mermaid, and a doc or a diff compares it byte for byte on every platform.
            output.Write(i == 0 ? string.Empty : "\n");
            output.Write(GraphOf(gateways[i]));
            output.Write('\n');
        }

        output.Flush();
        return true;
    }

    /// <summary>The gateway's Mermaid graph; for a definition built by hand, a Mermaid comment saying it has none.</summary>
    internal static string GraphOf(GatewayDefinition gateway) =>
        gateway.MeshGraph ?? $"%% Gateway \"{OneLine(gateway.ProxyId)}\" was built by hand and has no generated mesh graph.";

    // A %% comment ends at the line's end: a line break in the id would turn the rest into (invalid) Mermaid.
    private static string OneLine(string text) => string.Concat(Array.ConvertAll(text.ToCharArray(), c => char.IsControl(c) ? ' ' : c));
}
