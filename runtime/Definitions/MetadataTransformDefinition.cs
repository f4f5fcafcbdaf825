using HarmonyGen.Transforms;

namespace HarmonyGen.Definitions;

/// <summary>
/// A <c>metadata_transform</c> middleware: on each chain that names it (its <c>apply</c>), <paramref name="Transform"/>
/// run over the request's metadata (request side) or the response's (response side), its string outputs written back.
/// </summary>
/// <param name="Transform">The JOLT spec, compiled at build time (the gateway's <c>Transforms</c> group).</param>
/// <param name="FailOnError">True: a spec that cannot be applied refuses the request; false: the metadata stays as it was.</param>
public sealed record MetadataTransformMiddlewareDefinition(string Name, IJsonTransform Transform, bool FailOnError) : MiddlewareDefinition(Name);
