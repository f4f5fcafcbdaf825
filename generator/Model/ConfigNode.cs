using HarmonyGen.Generator.Parsing;

namespace HarmonyGen.Generator.Model;

/// <summary>
/// One table or key of a gateway root's merged configuration: every file's headers and entries in one tree, so that
/// any table may sit in any file. Value-equatable, so the tree is what the incremental pipeline caches per root.
/// </summary>
/// <param name="Location">Where to point when something about this node as a whole is wrong: its header, else its key, else where it first appeared.</param>
/// <param name="KeyLocation">The key's span, when this node was written as <c>key = value</c>.</param>
/// <param name="Value">The value, when this node is a key; null for a table.</param>
/// <param name="Children">Child tables and keys in the order they first appeared, so that output is deterministic.</param>
internal sealed record ConfigNode(
    string Name,
    string DottedPath,
    LocationInfo Location,
    LocationInfo? KeyLocation,
    TomlValue? Value,
    EquatableArray<ConfigNode> Children)
{
    public bool IsTable => Value is null;

    /// <summary>The child named <paramref name="name"/>, or null. A linear scan: tables hold a handful of keys.</summary>
    public ConfigNode? Get(string name)
    {
        foreach (ConfigNode child in Children)
        {
            if (child.Name == name)
            {
                return child;
            }
        }

        return null;
    }
}

/// <summary>
/// A table or key written a second time: the merged tree keeps the first definition; the validator reports the pair
/// once (HG0005). <paramref name="What"/> is how the message names it (<c>[mesh.regional]</c>, <c>'proxy.id'</c>).
/// </summary>
internal sealed record DuplicateDefinition(string What, LocationInfo Later, LocationInfo First);
