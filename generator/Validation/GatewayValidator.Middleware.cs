using System.Collections.Generic;
using System.Linq;
using HarmonyGen.Generator.Parsing;
using HarmonyGen.Generator.Spec;

namespace HarmonyGen.Generator.Validation;

/// <summary>
/// Middleware: what each type would do and whether HarmonyGen does it (HG0008), how a pipeline's middleware
/// names resolve (a table, else a built-in type that needs none), and which pipelines a <c>mesh_auth</c> guards.
/// </summary>
internal sealed partial class GatewayValidator
{
    /// <summary>Built-in types a pipeline names without a table, by the name written: one spec each.</summary>
    private readonly Dictionary<string, MiddlewareSpec> _builtIns = new(System.StringComparer.Ordinal);

    /// <summary>Every middleware table either has a meaning HarmonyGen enforces or stops the build: security is never dropped silently.</summary>
    private List<MiddlewareSpec> ValidateMiddleware()
    {
        ValidateSensitiveFieldPatterns(); // before any log_dump, table or built-in, is given them
        var specs = new List<MiddlewareSpec>();
        foreach (MiddlewareTable middleware in _tables.Middleware)
        {
            if (middleware.Type is not { } written)
            {
                continue; // HG0004 already
            }

            HarmonyMiddlewareType? type = HarmonyMiddleware.Find(written.Text);
            if (type is null)
            {
                // Harmony refuses it too ("Unknown middleware type"), so the pipeline could not run.
                Report(DiagnosticDescriptors.UnknownEnumValue, written.Location, $"middleware.{middleware.Name}.type", Quoted(HarmonyMiddleware.Names), written.Text);
                continue;
            }

            MiddlewareOptionsSpec? options = null;
            switch (type.Name)
            {
                case HarmonyMiddleware.Passthru:
                case HarmonyMiddleware.MeshAuth:
                case HarmonyMiddleware.JsonExtractor: // what it prepares, the transform stage does itself (docs/configuration-decisions.md)
                    break;
                case HarmonyMiddleware.Policies:
                    options = new PoliciesOptionsSpec { Policies = ValidatePoliciesMiddleware(middleware, written) };
                    break;
                case HarmonyMiddleware.PathFilter:
                    options = ValidatePathFilter(middleware);
                    break;
                case HarmonyMiddleware.LogDump:
                    options = ValidateLogDump(middleware);
                    break;
                case HarmonyMiddleware.Webhook:
                    options = ValidateWebhook(middleware);
                    break;
                case HarmonyMiddleware.BasicAuth:
                    options = ValidateBasicAuth(middleware);
                    break;
                case HarmonyMiddleware.JwtAuth:
                    options = ValidateJwtAuth(middleware);
                    break;
                case HarmonyMiddleware.Transform:
                    options = ValidateTransformMiddleware(middleware);
                    break;
                case HarmonyMiddleware.MetadataTransform:
                    options = ValidateMetadataTransform(middleware, written);
                    break;
                default:
                    ReportNotRun($"Middleware '{middleware.Name}' of type '{written.Text}'", type, written);
                    break;
            }

            specs.Add(new MiddlewareSpec { Name = middleware.Name, Type = type.Name, BuiltIn = false, Options = options });
        }

        return specs;
    }

    /// <summary>
    /// A pipeline's middleware entry: the <c>[middleware.X]</c> table of that name, else (as Harmony falls back) a
    /// built-in type of that name that needs no options. The resolved type, or null (reported) when neither.
    /// </summary>
    private HarmonyMiddlewareType? ResolveMiddleware(TomlValue reference)
    {
        if (_middleware.TryGetValue(reference.Text, out MiddlewareTable? table))
        {
            return table.Type is null ? null : HarmonyMiddleware.Find(table.Type.Text);
        }

        HarmonyMiddlewareType? builtIn = HarmonyMiddleware.Find(reference.Text);
        if (builtIn is { UsableWithoutTable: true })
        {
            // log_dump named alone runs with Harmony's defaults; json_extractor needs no stage (the transform parses the
            // body itself); the other built-ins usable so have no run-time stage.
            bool runs = builtIn.Name is HarmonyMiddleware.LogDump or HarmonyMiddleware.JsonExtractor;
            if (!_builtIns.ContainsKey(reference.Text))
            {
                _builtIns.Add(reference.Text, new MiddlewareSpec { Name = reference.Text, Type = builtIn.Name, BuiltIn = true, Options = builtIn.Name == HarmonyMiddleware.LogDump ? LogDumpDefaults : null });
            }

            if (builtIn.Effect != MiddlewareEffect.None && !runs)
            {
                ReportNotRun($"Built-in middleware '{reference.Text}' (named without a [middleware.{reference.Text}] table)", builtIn, reference);
            }

            return builtIn;
        }

        string hint = builtIn is null
            ? NameSuggester.Hint(reference.Text, _middleware.Keys.Concat(HarmonyMiddleware.Types.Where(t => t.UsableWithoutTable).Select(t => t.Name)))
            : $"; Harmony's built-in '{builtIn.Name}' needs options, so it needs a [middleware.{reference.Text}] table with type = \"{builtIn.Name}\"";
        Report(DiagnosticDescriptors.UnresolvedReference, reference.Location, "Middleware", reference.Text, hint);
        return null;
    }

    /// <summary>A middleware HarmonyGen does not run: it touches traffic, so the build stops (HG0008).</summary>
    private void ReportNotRun(string subject, HarmonyMiddlewareType type, TomlValue where) =>
        Report(DiagnosticDescriptors.UnenforceableSecurity, where.Location, subject, HarmonyMiddleware.Phrase(type.Effect));

    /// <summary>True when <paramref name="middleware"/> names a defined <c>mesh_auth</c> middleware.</summary>
    private bool IsMeshAuth(TomlValue middleware) =>
        _middleware.TryGetValue(middleware.Text, out MiddlewareTable? definition)
        && definition.Type is not null
        && HarmonyMiddleware.Find(definition.Type.Text)?.Name == HarmonyMiddleware.MeshAuth;

    /// <summary>The pipeline's first <c>mesh_auth</c> middleware reference, or null.</summary>
    private TomlValue? MeshAuthOf(PipelineTable pipeline) => pipeline.Middleware.All.FirstOrDefault(IsMeshAuth);

    private static string Quoted(IEnumerable<string> words) => "'" + string.Join("', '", words) + "'";
}
