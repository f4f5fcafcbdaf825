using System;
using System.Collections.Generic;

namespace HarmonyGen.Hosting;

/// <summary>Run-time settings of a gateway; the configuration itself is compiled in.</summary>
public sealed class HarmonyGatewayOptions
{
    /// <summary>Where <c>${NAME}</c> values are read from; the process environment by default.</summary>
    public Func<string, string?> Environment { get; set; } = System.Environment.GetEnvironmentVariable;

    /// <summary>The clock for mesh tokens (issue times, expiry, reuse) and for what is cached from providers.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Ports to listen on instead of the compiled <c>bind_port</c>, by network name (0 picks a free port). For tests
    /// and side-by-side runs; routes still match the URLs in the configuration.
    /// </summary>
    public IDictionary<string, int> PortOverrides { get; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>Backend connect timeout; a backend that does not accept within it answers 502.</summary>
    public TimeSpan BackendConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long one call to a mesh provider (a token, the JWKS, a reference) may take, from connecting to the last byte
    /// of the answer. A request that needs an answer the provider does not give in time fails with 503.
    /// </summary>
    public TimeSpan ProviderTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long requests in flight may finish after the gateway is told to stop (SIGTERM, Ctrl+C, <c>StopAsync</c>);
    /// then their connections are closed. Null: <c>[proxy] drain_timeout_secs</c>, else 30 seconds.
    /// </summary>
    public TimeSpan? DrainTimeout { get; set; }

    /// <summary>
    /// The size of the blocks Kestrel reads connections into (<see cref="LargeBlockMemoryPool"/>): 64 KiB by default,
    /// so that a streamed upload is read in 64 KiB steps rather than Kestrel's 4 KiB; 0 keeps Kestrel's own pool.
    /// </summary>
    public int ConnectionBlockSize { get; set; } = LargeBlockMemoryPool.DefaultBlockSize;

    /// <summary>
    /// While nothing records spans, ASP.NET Core's hosting skips its server span and the gateway writes the backend's
    /// W3C trace context itself (<see cref="HostingTraceFilter"/>, <see cref="HarmonyGen.Diagnostics.DirectTraceContext"/>).
    /// On by default; off only for A/B measurement against the span-per-request path.
    /// </summary>
    internal bool DirectTraceContext { get; set; } = true;
}
