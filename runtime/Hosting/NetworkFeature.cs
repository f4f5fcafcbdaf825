namespace HarmonyGen.Hosting;

/// <summary>Set on each connection by its listener, so a request knows which <c>[network.N]</c> it arrived on.</summary>
internal sealed class NetworkFeature
{
    public NetworkFeature(string network) => Network = network;

    public string Network { get; }
}
