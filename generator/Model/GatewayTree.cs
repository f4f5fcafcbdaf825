using HarmonyGen.Generator.Parsing;

namespace HarmonyGen.Generator.Model;

// Stage 2: one gateway root's configuration as a value: its files merged into one tree, with the facts the merge
// found. Nothing here decides whether the configuration is valid; the validator reads the tree and reports.

/// <summary>One gateway root: the merged tree of its config.toml and the files under its pipelines and mesh folders.</summary>
internal sealed record GatewayTree
{
    public required string ConfigPath { get; init; }

    /// <summary>The C# name of the generated gateway type (<c>Gateways.Clinic</c>).</summary>
    public required string TypeName { get; init; }

    public required ConfigNode Root { get; init; }

    /// <summary>The root's files in merge order: config.toml, then the others by path.</summary>
    public required EquatableArray<string> SourceFiles { get; init; }

    /// <summary>Tables and keys written more than once across the root's files.</summary>
    public required EquatableArray<DuplicateDefinition> Duplicates { get; init; }

    /// <summary>The syntax errors (HG0001) of the root's files, found by the parser and reported with the rest.</summary>
    public required EquatableArray<DiagnosticInfo> SyntaxErrors { get; init; }

    /// <summary>Set when an earlier root already generates <see cref="TypeName"/>: this one is validated, never emitted.</summary>
    public TypeNameTaken? TypeNameTaken { get; init; }
}

/// <param name="Here">This root's <c>[proxy] id</c> (or its <c>[proxy]</c> table).</param>
/// <param name="First">The earlier root's.</param>
internal sealed record TypeNameTaken(string ProxyId, LocationInfo Here, LocationInfo First);
