namespace HarmonyGen.Generator;

/// <summary>
/// The names the generated code gives its types and members, and the runtime types it refers to. One list, compiled
/// into the generator (which writes them) and the analyzers (which find them again in C#): renaming a group here
/// renames it for both.
/// </summary>
internal static class GeneratedNames
{
    /// <summary>The static partial class that holds every generated gateway.</summary>
    public const string Gateways = "Gateways";

    // The nested classes of a gateway type, one per kind of TOML table.
    public const string Networks = "Networks";
    public const string Pipelines = "Pipelines";
    public const string Endpoints = "Endpoints";
    public const string Backends = "Backends";
    public const string Ingress = "Ingress";
    public const string Egress = "Egress";
    public const string RemoteIngress = "RemoteIngress";
    public const string Meshes = "Meshes";

    /// <summary>The nested class of a gateway type that holds its compiled transform specs, one class per spec file.</summary>
    public const string Transforms = "Transforms";

    /// <summary>The runtime namespace of the compiled transforms' interface and helpers (runtime/Transforms/).</summary>
    public const string TransformsNamespace = "HarmonyGen.Transforms";

    // Members of a gateway type besides the groups.
    public const string Definition = "Definition";
    public const string ProxyId = "ProxyId";
    public const string MeshGraph = "MeshGraph";

    /// <summary>The runtime namespace of the definition types the generated code constructs.</summary>
    public const string DefinitionsNamespace = "HarmonyGen.Definitions";

    public const string GatewayInterface = DefinitionsNamespace + ".IHarmonyGateway";
    public const string NameAttribute = DefinitionsNamespace + ".HarmonyGenNameAttribute";
    public const string Lookups = DefinitionsNamespace + ".GatewayDefinitionLookups";

    // The named arguments of [HarmonyGenName] the emitter writes and the analyzers read (HG1001-HG1003).
    public const string NameAttributeEnabled = "Enabled";
    public const string NameAttributeMesh = "Mesh";
    public const string NameAttributeListening = "Listening";

    /// <summary>Names a gateway type may not take: they are already used inside <c>Gateways</c> and each gateway type.</summary>
    public static readonly string[] Reserved =
    {
        Gateways, Networks, Pipelines, Endpoints, Backends, Ingress, Egress, RemoteIngress, Meshes, Definition, ProxyId, MeshGraph,
    };
}
