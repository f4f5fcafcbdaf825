using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using HarmonyGen.Generator.Parsing;

namespace HarmonyGen.Generator.Model;

/// <summary>
/// Finds the gateway roots among the project's TOML files, gives each the files under the folders its
/// <c>[proxy]</c> names, merges each into a <see cref="GatewayTree"/>, and names the generated types.
/// </summary>
internal static class GatewayRoots
{
    public static EquatableArray<GatewayTree> Merge(ImmutableArray<TomlDocument> documents)
    {
        List<TomlDocument> ordered = documents.OrderBy(d => PathText.Normalize(d.FilePath), StringComparer.Ordinal).ToList();
        var result = new List<GatewayTree>();
        var typeNames = new Dictionary<string, LocationInfo>(StringComparer.Ordinal);
        foreach (TomlDocument root in ordered.Where(d => PathText.FileName(d.FilePath).Equals("config.toml", StringComparison.OrdinalIgnoreCase)))
        {
            string directory = PathText.Directory(root.FilePath);
            string pipelines = PathText.Combine(directory, ProxyValue(root, "pipelines_path")?.Text ?? "pipelines");
            string mesh = PathText.Combine(directory, ProxyValue(root, "mesh_path")?.Text ?? "mesh");
            var files = new List<TomlDocument> { root };
            files.AddRange(ordered.Where(d => !ReferenceEquals(d, root) && (PathText.IsUnder(d.FilePath, pipelines) || PathText.IsUnder(d.FilePath, mesh))));

            var tree = new TomlTree();
            foreach (TomlDocument file in files)
            {
                tree.Add(file);
            }

            ConfigNode merged = tree.Freeze();
            TomlValue? id = ProxyValue(root, "id") ?? ProxyValue(root, "name");
            string typeName = TypeName(id?.Text ?? PathText.FileName(directory));
            TypeNameTaken? taken = null;
            if (merged.Get("proxy") is { IsTable: true } proxy)
            {
                // Only a root that can be emitted (it has a [proxy]) claims its name.
                LocationInfo where = id?.Location ?? proxy.Location;
                if (typeNames.TryGetValue(typeName, out LocationInfo? first))
                {
                    taken = new TypeNameTaken(id?.Text ?? typeName, where, first);
                }
                else
                {
                    typeNames.Add(typeName, where);
                }
            }

            result.Add(new GatewayTree
            {
                ConfigPath = root.FilePath,
                TypeName = typeName,
                Root = merged,
                SourceFiles = files.Select(f => f.FilePath).ToEquatableArray(),
                Duplicates = tree.Duplicates.ToEquatableArray(),
                SyntaxErrors = files.SelectMany(f => f.Diagnostics).ToEquatableArray(),
                TypeNameTaken = taken,
            });
        }

        return result.ToEquatableArray();
    }

    private static string TypeName(string proxyId)
    {
        string name = Identifier.Pascal(proxyId);
        return Array.IndexOf(GeneratedNames.Reserved, name) >= 0 ? name + "Gateway" : name;
    }

    /// <summary>A string <c>[proxy]</c> key of the root file itself, read before the merge to find the root's files.</summary>
    private static TomlValue? ProxyValue(TomlDocument root, string key)
    {
        foreach (TomlEntry entry in root.Entries)
        {
            if (entry.Path.Count == 2 && entry.Path[0] == "proxy" && entry.Path[1] == key && entry.Value.Kind == TomlValueKind.String)
            {
                return entry.Value;
            }
        }

        return null;
    }
}
