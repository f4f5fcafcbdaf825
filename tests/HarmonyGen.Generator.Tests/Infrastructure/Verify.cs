using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;

namespace HarmonyGen.Generator.Tests.Infrastructure;

internal static class Verify
{
    /// <summary>Runs the generator over <paramref name="toml"/> and asserts exactly <paramref name="expected"/> are reported.</summary>
    public static Task Diagnostics(Toml toml, params DiagnosticResult[] expected)
    {
        var test = new GatewayTest(toml.Files);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}
