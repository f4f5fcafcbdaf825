using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using HarmonyGen.Generator.Parsing;

namespace HarmonyGen.Generator.Model;

/// <summary>
/// Finds the gateway roots among the project's TOML files, gives each the files under the folders its
/// <c>[proxy]</c> names, binds each, and names the generated types (two roots may not share a name).
/// </summary>
internal static class GatewayRoots
{
    public static EquatableArray<BoundGateway> Bind(ImmutableArray<TomlDocument> documents)
    {
        List<TomlDocument> ordered = documents.OrderBy(d => PathText.Normalize(d.FilePath), StringComparer.Ordinal).ToList();
        var result = new List<BoundGateway>();
        var typeNames = new Dictionary<string, LocationInfo>(StringComparer.Ordinal);
        foreach (TomlDocument root in ordered.Where(d => PathText.FileName(d.FilePath).Equals("config.toml", StringComparison.OrdinalIgnoreCase)))
        {
            string directory = PathText.Directory(root.FilePath);
            string pipelines = PathText.Combine(directory, ProxyString(root, "pipelines_path") ?? "pipelines");
            string mesh = PathText.Combine(directory, ProxyString(root, "mesh_path") ?? "mesh");
            List<TomlDocument> members = ordered
                .Where(d => !ReferenceEquals(d, root) && (PathText.IsUnder(d.FilePath, pipelines) || PathText.IsUnder(d.FilePath, mesh)))
                .ToList();

            BoundGateway bound;
            try
            {
                bound = GatewayBinder.Bind(root, members);
            }
            catch (Exception ex)
            {
                bound = new BoundGateway(null, new[] { InternalError.Create(root.FilePath, ex) }.ToEquatableArray(), root.FilePath, string.Empty);
            }

            var diagnostics = new List<DiagnosticInfo>(root.Diagnostics);
            foreach (TomlDocument member in members)
            {
                diagnostics.AddRange(member.Diagnostics);
            }

            diagnostics.AddRange(bound.Diagnostics);
            string typeName = TypeName(bound.Model?.Proxy.Id ?? PathText.FileName(directory));
            if (bound.Model is { } model)
            {
                LocationInfo where = model.Proxy.IdValue?.Location ?? model.Proxy.Location;
                if (typeNames.TryGetValue(typeName, out LocationInfo? first))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateGateway, where, first, model.Proxy.Id ?? typeName, typeName));
                    bound = bound with { IsDuplicate = true };
                }
                else
                {
                    typeNames.Add(typeName, where);
                }
            }

            result.Add(bound with { Diagnostics = diagnostics.ToEquatableArray(), TypeName = typeName });
        }

        return result.ToEquatableArray();
    }

    private static string TypeName(string proxyId)
    {
        string name = Identifier.Pascal(proxyId);
        return System.Array.IndexOf(GeneratedNames.Reserved, name) >= 0 ? name + "Gateway" : name;
    }

    private static string? ProxyString(TomlDocument root, string key)
    {
        foreach (TomlEntry entry in root.Entries)
        {
            if (entry.Path.Count == 2 && entry.Path[0] == "proxy" && entry.Path[1] == key && entry.Value.Kind == TomlValueKind.String)
            {
                return entry.Value.Text;
            }
        }

        return null;
    }
}
