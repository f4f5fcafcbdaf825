using System;
using System.Diagnostics;
using System.Threading.Tasks;
using Xunit;

namespace HarmonyGen.Runtime.Tests.Infrastructure;

/// <summary>Waits for something the gateway does in the background (a token renewal), failing after a bound.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, TimeSpan? within = null)
    {
        var stopwatch = Stopwatch.StartNew();
        TimeSpan limit = within ?? TimeSpan.FromSeconds(15); // generous: the machine may be loaded
        while (!condition())
        {
            Assert.True(stopwatch.Elapsed < limit, $"the condition did not become true within {limit.TotalSeconds} s");
            await Task.Delay(20);
        }
    }
}
