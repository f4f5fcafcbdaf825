using System.Collections.Generic;
using HarmonyGen.Generator.Parsing;

namespace HarmonyGen.Generator.Model;

/// <summary>
/// The merged key tree of one gateway root: every file's headers and entries, so that any table may sit in any
/// file. Built once per bind and thrown away; never part of a cached model.
/// </summary>
internal sealed class TomlTree
{
    private readonly List<DiagnosticInfo> _diagnostics;

    public TomlTree(List<DiagnosticInfo> diagnostics) => _diagnostics = diagnostics;

    public TomlNode Root { get; } = new(string.Empty, string.Empty, null);

    public void Add(TomlDocument document)
    {
        foreach (TomlTableHeader header in document.Tables)
        {
            TomlNode node = GetOrCreate(header.Path, header.Location);
            if (node.Header is not null)
            {
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateDefinition, header.Location, node.Header, "[" + node.DottedPath + "]"));
                continue;
            }

            node.Header = header.Location;
        }

        foreach (TomlEntry entry in document.Entries)
        {
            TomlNode node = GetOrCreate(entry.Path, entry.KeyLocation);
            if (node.Value is not null)
            {
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateDefinition, entry.KeyLocation, node.KeyLocation ?? node.Value.Location, "'" + node.DottedPath + "'"));
                continue;
            }

            node.Value = entry.Value;
            node.KeyLocation = entry.KeyLocation;
        }
    }

    private TomlNode GetOrCreate(EquatableArray<string> path, LocationInfo location)
    {
        TomlNode node = Root;
        foreach (string segment in path)
        {
            node = node.Child(segment, location);
        }

        return node;
    }
}

internal sealed class TomlNode
{
    private readonly Dictionary<string, TomlNode> _byName = new(System.StringComparer.Ordinal);
    private readonly List<TomlNode> _children = new();

    public TomlNode(string name, string dottedPath, LocationInfo? firstSeen)
    {
        Name = name;
        DottedPath = dottedPath;
        FirstSeen = firstSeen;
    }

    public string Name { get; }

    public string DottedPath { get; }

    /// <summary>Where this table or key first appeared (a header, or the first key under it).</summary>
    public LocationInfo? FirstSeen { get; }

    /// <summary>The <c>[header]</c> naming exactly this table, when there is one.</summary>
    public LocationInfo? Header { get; set; }

    /// <summary>The value, when this node is a key.</summary>
    public TomlValue? Value { get; set; }

    public LocationInfo? KeyLocation { get; set; }

    /// <summary>Where to point when something about this table as a whole is wrong: its header, else where it first appeared.</summary>
    public LocationInfo Location => Header ?? KeyLocation ?? FirstSeen!;

    /// <summary>Children in the order they first appeared, so that output is deterministic.</summary>
    public IReadOnlyList<TomlNode> Children => _children;

    public bool IsTable => Value is null;

    public TomlNode? Get(string name) => _byName.TryGetValue(name, out TomlNode? child) ? child : null;

    public TomlNode Child(string name, LocationInfo location)
    {
        if (!_byName.TryGetValue(name, out TomlNode? child))
        {
            child = new TomlNode(name, DottedPath.Length == 0 ? name : DottedPath + "." + name, location);
            _byName.Add(name, child);
            _children.Add(child);
        }

        return child;
    }
}
