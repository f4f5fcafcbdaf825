using HarmonyGen.Generator.Transforms;

namespace HarmonyGen.Generator.Spec;

/// <summary>A JOLT spec file a transform middleware uses, ready to compile into one class.</summary>
/// <param name="SourceFile">The file, relative to the project, as the generated comments cite it.</param>
/// <param name="ClassName">The generated class, in the gateway's <c>Transforms</c> group.</param>
internal sealed record TransformSpec(string SourceFile, string ClassName, JoltProgram Program);

/// <summary>Which side a transform middleware rewrites: Harmony's <c>apply</c> (left is the request, right the response).</summary>
internal enum TransformApply
{
    Both,
    Left,
    Right,
}

/// <summary>A <c>transform</c> middleware: the compiled spec it runs, the side, and whether a failed transform fails the request.</summary>
internal sealed record TransformOptionsSpec : MiddlewareOptionsSpec
{
    public required string ClassName { get; init; }

    public required string SpecFile { get; init; }

    public required TransformApply Apply { get; init; }

    public required bool FailOnError { get; init; }
}
