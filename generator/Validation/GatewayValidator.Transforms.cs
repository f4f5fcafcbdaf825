using System.Collections.Generic;
using HarmonyGen.Generator.Parsing;
using HarmonyGen.Generator.Spec;
using HarmonyGen.Generator.Transforms;

namespace HarmonyGen.Generator.Validation;

/// <summary>
/// The <c>transform</c> middleware: its options at their spans, and its JOLT spec file, found where Harmony looks for it
/// (<c>spec_path</c> under <c>[proxy] transforms_path</c>, default <c>transforms</c>, beside config.toml: aurabx/harmony
/// src/config/config.rs <c>resolved_transforms_path</c> and transform.rs <c>parse_config</c>) and compiled once per file.
/// </summary>
internal sealed partial class GatewayValidator
{
    /// <summary>The spec files used, by resolved path, in the order first used: one generated class each.</summary>
    private readonly Dictionary<string, TransformSpec> _transforms = new(System.StringComparer.OrdinalIgnoreCase);

    private readonly HashSet<string> _reportedSpecFiles = new(System.StringComparer.OrdinalIgnoreCase);

    // The group's own name is taken: C# forbids a member named as its type.
    private readonly HashSet<string> _transformClassNames = new(System.StringComparer.Ordinal) { GeneratedNames.Transforms };

    private TransformOptionsSpec? ValidateTransformMiddleware(MiddlewareTable middleware)
    {
        if (middleware.Transform is not { } options)
        {
            return null;
        }

        if (options.InjectContext is { Value: true } inject)
        {
            // Harmony wraps the body with the request's details for the spec to read; HarmonyGen does not build that envelope.
            Report(DiagnosticDescriptors.UnenforceableSecurity, inject.Location, $"Transform '{middleware.Name}' with inject_context = true", HarmonyMiddleware.Phrase(MiddlewareEffect.Transforms));
        }

        if (CompileSpec(options) is not { } spec)
        {
            return null;
        }

        return new TransformOptionsSpec
        {
            ClassName = spec.ClassName,
            SpecFile = spec.SourceFile,
            Apply = options.Apply?.Text switch
            {
                "left" => TransformApply.Left,
                "right" => TransformApply.Right,
                _ => TransformApply.Both,
            },
            FailOnError = options.FailOnError?.Value ?? true,
        };
    }

    /// <summary>
    /// The compiled spec a <c>transform</c> or <c>metadata_transform</c> names: both resolve <c>spec_path</c> under
    /// <c>[proxy] transforms_path</c> (Harmony's factories pass <c>resolved_transforms_path</c> to both
    /// <c>parse_config</c>s), and a file two middleware name is one class. Null when the file is missing or does not
    /// compile (reported: at <c>spec_path</c>, and the file's own diagnostics once).
    /// </summary>
    private TransformSpec? CompileSpec(TransformOptionsTable options)
    {
        if (options.SpecPath is not { } specPath)
        {
            return null; // HG0004 already
        }

        string folder = PathText.Combine(_configDirectory, _tables.Proxy.TransformsPath?.Text ?? "transforms");
        string resolved = PathText.Combine(folder, specPath.Text);
        if (!_specFiles.TryGetValue(resolved, out JoltSpecFile? file))
        {
            Report(DiagnosticDescriptors.TransformSpecNotFound, specPath.Location, specPath.Text, Relative(resolved));
            return null;
        }

        if (_reportedSpecFiles.Add(resolved))
        {
            _diagnostics.AddRange(file.Diagnostics);
        }

        if (file.Program is null)
        {
            return null;
        }

        if (!_transforms.TryGetValue(resolved, out TransformSpec? spec))
        {
            spec = new TransformSpec(Relative(resolved), ClassName(resolved), file.Program);
            _transforms.Add(resolved, spec);
        }

        return spec;
    }

    /// <summary>The class for a spec file: its name in PascalCase, made unique among the gateway's transforms.</summary>
    private string ClassName(string path)
    {
        string file = PathText.FileName(path);
        int dot = file.LastIndexOf('.');
        string baseName = Identifier.Pascal(dot > 0 ? file.Substring(0, dot) : file);
        string name = baseName;
        for (int suffix = 2; !_transformClassNames.Add(name); suffix++)
        {
            name = baseName + suffix;
        }

        return name;
    }
}
