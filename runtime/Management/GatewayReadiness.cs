using System.Collections.Generic;
using System.Threading;

namespace HarmonyGen.Management;

/// <summary>
/// What <c>{base}/health/ready</c> answers: ready only while the listeners are bound, the mesh key material is
/// loaded, the provider caches the gateway needs are warm, and the gateway is not draining. The host flips
/// <see cref="Listening"/> when it has started and <see cref="Draining"/> as soon as it is asked to stop, so a load
/// balancer stops sending before the listeners close.
/// </summary>
internal sealed class GatewayReadiness
{
    private int _listening;
    private int _draining;

    public bool IsListening => Volatile.Read(ref _listening) == 1;

    public bool IsDraining => Volatile.Read(ref _draining) == 1;

    public void Listening() => Volatile.Write(ref _listening, 1);

    public void Draining() => Volatile.Write(ref _draining, 1);

    /// <summary>Every check, in a fixed order; <paramref name="coldCache"/> is null when the provider caches are warm.</summary>
    public List<HealthCheck> Checks(int meshesWithKeys, string? coldCache) =>
    [
        new("listeners", IsListening, IsListening ? "every listener is bound" : "the listeners are not bound yet"),
        // Local key material is read when the gateway is built, which fails rather than start without it.
        new("mesh_keys", true, $"key material of {meshesWithKeys} enabled mesh(es) loaded"),
        new("provider_caches", coldCache is null, coldCache ?? "warm"),
        new("draining", !IsDraining, IsDraining ? "the gateway is shutting down and finishing the requests in flight" : "not draining"),
    ];
}

/// <summary>One readiness check as <c>{base}/health/ready</c> lists it.</summary>
internal sealed record HealthCheck(string Name, bool Ok, string Detail);
