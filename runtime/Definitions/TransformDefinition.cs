using HarmonyGen.Transforms;

namespace HarmonyGen.Definitions;

/// <summary>
/// A <c>transform</c> middleware: a JOLT spec compiled at build time, run on the JSON body of each request (left) and/or
/// response (right) that passes, on each chain its <see cref="Apply"/> names.
/// </summary>
/// <param name="Transform">The compiled spec (the gateway's <c>Transforms</c> group).</param>
/// <param name="FailOnError">
/// True (Harmony's default): a body the transform cannot read or apply is refused, 415/422 for a request, 502 for a
/// response. False: such a body goes on unchanged.
/// </param>
/// <param name="SpecFile">The JOLT spec file, relative to the project, for logs and problem details.</param>
public sealed record TransformMiddlewareDefinition(string Name, IJsonTransform Transform, TransformApply Apply, bool FailOnError, string SpecFile) : MiddlewareDefinition(Name);
