using System.Text.Json.Nodes;

namespace HarmonyGen.Transforms;

/// <summary>
/// A payload transform compiled at build time from a Harmony <c>transform</c> middleware's JOLT spec file. The generator
/// emits one sealed class per spec file; its <see cref="Apply"/> is the spec written out as code, with no spec read or
/// walked at run time.
/// </summary>
public interface IJsonTransform
{
    /// <summary>
    /// Transforms <paramref name="input"/> as Harmony's engine would. The input is the transform's to change: a
    /// <c>default</c> or <c>remove</c> operation edits it in place, so pass a copy to keep the original.
    /// </summary>
    /// <returns>The output; <c>null</c> is JSON null (a shift that matched nothing).</returns>
    /// <exception cref="JoltTransformException">The spec cannot be applied to this input (Harmony's transform error).</exception>
    JsonNode? Apply(JsonNode? input);
}
