namespace HarmonyGen.Generator.Spec;

/// <summary>
/// A <c>metadata_transform</c> middleware: a compiled JOLT spec (one of the gateway's <c>Transforms</c>, shared with
/// <c>transform</c>) run over the request's metadata map on the request side and over the response's on the response
/// side, its string outputs written back, as Harmony's MetadataTransformMiddleware does with
/// <c>transform_target = "metadata"</c>.
/// </summary>
internal sealed record MetadataTransformOptionsSpec : MiddlewareOptionsSpec
{
    /// <summary>The generated class, in the gateway's <c>Transforms</c> group.</summary>
    public required string ClassName { get; init; }

    public required string SpecFile { get; init; }

    /// <summary>Harmony's <c>apply</c> is <c>left</c> (its default for this type) or <c>both</c>: the request's metadata.</summary>
    public required bool Request { get; init; }

    /// <summary>Harmony's <c>apply</c> is <c>right</c> or <c>both</c>: the response's metadata.</summary>
    public required bool Response { get; init; }

    /// <summary>True (Harmony's default): a spec that fails refuses the request; false: the metadata is left as it was.</summary>
    public required bool FailOnError { get; init; }
}
