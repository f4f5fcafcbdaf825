using HarmonyGen.Generator.Parsing;
using HarmonyGen.Generator.Spec;

namespace HarmonyGen.Generator.Validation;

/// <summary>
/// <c>metadata_transform</c> (src/models/middleware/types/metadata_transform.rs in aurabx/harmony, the release with
/// <c>transform_target</c>): its options at their spans, and its spec compiled as a <c>transform</c>'s is.
/// </summary>
internal sealed partial class GatewayValidator
{
    private MetadataTransformOptionsSpec? ValidateMetadataTransform(MiddlewareTable middleware, TomlValue type)
    {
        if (middleware.Transform is not { } options)
        {
            return null;
        }

        // Harmony's default for this type is left (the transform type's is both).
        string apply = options.Apply?.Text ?? "left";
        bool request = apply is "left" or "both";
        CheckTransformTarget(middleware.Name, options.TransformTarget, type, request);
        if (CompileSpec(options) is not { } spec)
        {
            return null;
        }

        return new MetadataTransformOptionsSpec
        {
            ClassName = spec.ClassName,
            SpecFile = spec.SourceFile,
            Request = request,
            Response = apply is "right" or "both",
            FailOnError = options.FailOnError?.Value ?? true,
        };
    }

    /// <summary>
    /// Harmony's left side reads <c>transform_target</c>: <c>metadata</c> transforms the metadata map;
    /// <c>target_details</c>, its default, builds the backend request (method, URI, headers, query) from the spec's
    /// output instead, which HarmonyGen does not (HG0920, at the value or, when it is not written, at <c>type</c>);
    /// anything else fails every request there ("Unknown transform_target", HG0003). The right side ignores it.
    /// </summary>
    private void CheckTransformTarget(string name, TomlValue? target, TomlValue type, bool request)
    {
        if (target is not null && System.Array.IndexOf(GatewayBinder.MetadataTransformTargets, target.Text) < 0)
        {
            Report(DiagnosticDescriptors.UnknownEnumValue, target.Location, $"middleware.{name}.options.transform_target", Quoted(GatewayBinder.MetadataTransformTargets), target.Text);
            return;
        }

        if (request && target?.Text != "metadata")
        {
            Report(DiagnosticDescriptors.MetadataTransformTargetNotRun, target?.Location ?? type.Location, name, target is null ? "'target_details' (Harmony's default, as transform_target is not written)" : "'target_details'");
        }
    }
}
