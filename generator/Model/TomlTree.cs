using System.Collections.Generic;
using System.Linq;
using HarmonyGen.Generator.Parsing;

namespace HarmonyGen.Generator.Model;

/// <summary>
/// Merges the documents of one gateway root into one <see cref="ConfigNode"/> tree. The first definition of a table
/// or key stands. A later one that says the same (the same keys with the same values) merges silently, as in Harmony;
/// a later one that says something else is recorded as a <see cref="DuplicateDefinition"/> (a fact, reported by the
/// validator). Documents are added in the root's file order (config.toml, then its other files by path), so "later"
/// is defined.
/// </summary>
internal sealed class TomlTree
{
    private readonly Node _root = new(string.Empty, string.Empty, null);
    private readonly List<DuplicateDefinition> _duplicates = new();

    public IReadOnlyList<DuplicateDefinition> Duplicates => _duplicates;

    public void Add(TomlDocument document)
    {
        // A table written twice is one problem: its keys that collide too are part of it, not problems of their own,
        // and so are the sub-tables the later file writes inside it.
        var repeatedTables = new List<EquatableArray<string>>();
        foreach (TomlTableHeader header in document.Tables)
        {
            Node node = GetOrCreate(header.Path, header.Location);
            if (node.Header is null)
            {
                node.Header = header.Location;
                continue;
            }

            if (repeatedTables.Exists(table => IsUnder(header.Path, table)))
            {
                continue;
            }

            // Harmony merges files by named table, the later replacing the earlier: the same content twice is harmless.
            if (!SameContent(node, header.Path, document.Entries))
            {
                _duplicates.Add(new DuplicateDefinition("[" + node.DottedPath + "]", header.Location, node.Header));
            }

            repeatedTables.Add(header.Path);
        }

        foreach (TomlEntry entry in document.Entries)
        {
            Node node = GetOrCreate(entry.Path, entry.KeyLocation);
            if (node.Value is not null)
            {
                if (!node.Value.SameAs(entry.Value) && !repeatedTables.Exists(table => IsUnder(entry.Path, table)))
                {
                    _duplicates.Add(new DuplicateDefinition("'" + node.DottedPath + "'", entry.KeyLocation, node.KeyLocation ?? node.Value.Location));
                }

                continue;
            }

            node.Value = entry.Value;
            node.KeyLocation = entry.KeyLocation;
        }
    }

    /// <summary>The merged tree as values.</summary>
    public ConfigNode Freeze() => Freeze(_root);

    private static ConfigNode Freeze(Node node)
    {
        var children = new ConfigNode[node.Children.Count];
        for (int i = 0; i < children.Length; i++)
        {
            children[i] = Freeze(node.Children[i]);
        }

        LocationInfo location = node.Header ?? node.KeyLocation ?? node.FirstSeen ?? new LocationInfo(string.Empty, default, default);
        return new ConfigNode(node.Name, node.DottedPath, location, node.KeyLocation, node.Value, children.ToEquatableArray());
    }

    /// <summary>
    /// True when a document writes under <paramref name="path"/> exactly the keys and values (sub-tables included) the
    /// tree already holds there, however each side lays them out (headers, dotted keys, inline tables).
    /// </summary>
    private static bool SameContent(Node first, EquatableArray<string> path, EquatableArray<TomlEntry> entries)
    {
        var existing = new Dictionary<string, TomlValue>(System.StringComparer.Ordinal);
        CollectValues(first, string.Empty, existing);
        int written = 0;
        foreach (TomlEntry entry in entries)
        {
            if (!IsUnder(entry.Path, path))
            {
                continue;
            }

            written++;
            string key = string.Join(".", entry.Path.Skip(path.Count));
            if (!existing.TryGetValue(key, out TomlValue? value) || !value.SameAs(entry.Value))
            {
                return false;
            }
        }

        return written == existing.Count;
    }

    private static void CollectValues(Node node, string prefix, Dictionary<string, TomlValue> values)
    {
        foreach (Node child in node.Children)
        {
            string key = prefix.Length == 0 ? child.Name : prefix + "." + child.Name;
            if (child.Value is not null)
            {
                values[key] = child.Value;
            }
            else
            {
                CollectValues(child, key, values);
            }
        }
    }

    private static bool IsUnder(EquatableArray<string> path, EquatableArray<string> table)
    {
        if (path.Count <= table.Count)
        {
            return false;
        }

        for (int i = 0; i < table.Count; i++)
        {
            if (path[i] != table[i])
            {
                return false;
            }
        }

        return true;
    }

    private Node GetOrCreate(EquatableArray<string> path, LocationInfo location)
    {
        Node node = _root;
        foreach (string segment in path)
        {
            node = node.Child(segment, location);
        }

        return node;
    }

    /// <summary>A node while the documents are merged; frozen into a <see cref="ConfigNode"/> afterwards.</summary>
    private sealed class Node
    {
        private readonly Dictionary<string, Node> _byName = new(System.StringComparer.Ordinal);

        public Node(string name, string dottedPath, LocationInfo? firstSeen)
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

        public TomlValue? Value { get; set; }

        public LocationInfo? KeyLocation { get; set; }

        public List<Node> Children { get; } = new();

        public Node Child(string name, LocationInfo location)
        {
            if (!_byName.TryGetValue(name, out Node? child))
            {
                child = new Node(name, DottedPath.Length == 0 ? name : DottedPath + "." + name, location);
                _byName.Add(name, child);
                Children.Add(child);
            }

            return child;
        }
    }
}
