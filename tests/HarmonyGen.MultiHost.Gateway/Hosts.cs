namespace HarmonyGen.MultiHost.Gateway;

/// <summary>The hosts' addresses: netns.sh gives them to the namespaces, and the TOML roots bind to them.</summary>
internal static class Hosts
{
    public const string Clinic = "http://10.213.0.11:8080";
    public const string Hospital = "http://10.213.0.12:8080";
    public const string Backend = "http://10.213.0.13:8080";

    /// <summary>The mesh both gateways belong to (clinic/mesh/care.toml, hospital/mesh/care.toml).</summary>
    public const string Mesh = "care";
}
