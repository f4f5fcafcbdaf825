using System.Collections.Generic;
using System.Linq;
using HarmonyGen.Generator.Spec;

namespace HarmonyGen.Generator.Emit;

/// <summary>
/// A pipeline's run-time middleware as the runtime's definitions: <c>RequestStages</c> and <c>ResponseStages</c> in an
/// object initializer after the pipeline's constructor, written only for a pipeline with a run-time stage, so every
/// other pipeline reads as before. Each middleware type writes its own definition (<see cref="PolicyEmitter"/>, ...);
/// this class only decides which chain each one runs on and in what order.
/// </summary>
internal static class MiddlewareEmitter
{
    /// <summary>The middleware of <paramref name="chain"/> (a pipeline's request or response chain) that run on it, in order.</summary>
    public static List<MiddlewareSpec> StagesOf(EquatableArray<string> chain, EquatableArray<MiddlewareSpec> middleware, bool request)
    {
        var found = new List<MiddlewareSpec>();
        foreach (string name in chain)
        {
            if (middleware.FirstOrDefault(m => m.Name == name) is { Options: { } options } spec && RunsOn(options, request))
            {
                found.Add(spec);
            }
        }

        return found;
    }

    /// <summary>Whether middleware with <paramref name="options"/> acts on the request (or the response) chain.</summary>
    private static bool RunsOn(MiddlewareOptionsSpec options, bool request) => options switch
    {
        PoliciesOptionsSpec => request, // Harmony's policies pass responses through untouched
        PathFilterOptionsSpec => request, // so does its path_filter: "Path filtering only applies on the left"
        LogDumpOptionsSpec dump => request ? dump.Request : dump.Response, // its apply: left, right or both
        WebhookOptionsSpec hook => request ? hook.Request : hook.Response, // likewise, left by default
        BasicAuthOptionsSpec or JwtAuthOptionsSpec => request, // so do its basic_auth and jwtauth
        MetadataTransformOptionsSpec metadata => request ? metadata.Request : metadata.Response, // its apply, left by default
        TransformOptionsSpec transform => request ? transform.Apply != TransformApply.Right : transform.Apply != TransformApply.Left, // left, right or both (the default)
        _ => true,
    };

    /// <summary>
    /// Writes <c>{ RequestStages = [...], ResponseStages = [...] };</c>, closing the pipeline's <c>new(...)</c> the
    /// caller left open.
    /// </summary>
    /// <param name="transforms">The gateway's <c>Transforms</c> group, fully qualified, where a transform's compiled spec is.</param>
    public static void EmitInitializer(SourceWriter w, List<MiddlewareSpec> request, List<MiddlewareSpec> response, string transforms)
    {
        w.Outdent(); // the initializer lines up with the declaration, not with the constructor's arguments
        w.Line("{");
        w.Indent();
        EmitChain(w, "RequestStages", request, transforms);
        EmitChain(w, "ResponseStages", response, transforms);
        w.Outdent();
        w.Line("};");
        w.Indent();
    }

    private static void EmitChain(SourceWriter w, string property, List<MiddlewareSpec> stages, string transforms)
    {
        if (stages.Count == 0)
        {
            return;
        }

        w.Line($"{property} =");
        w.Line("[");
        w.Indent();
        foreach (MiddlewareSpec stage in stages)
        {
            switch (stage.Options)
            {
                case PoliciesOptionsSpec policies:
                    PolicyEmitter.Emit(w, stage.Name, policies);
                    break;
                case PathFilterOptionsSpec filter:
                    w.Line($"new HarmonyGenDefinitions.PathFilterMiddlewareDefinition(Name: {SourceWriter.Literal(stage.Name)}, Rules: [{string.Join(", ", filter.Rules.Select(SourceWriter.Literal))}]),");
                    break;
                case LogDumpOptionsSpec dump:
                    // RedactMetadata is written only when set, so a dump without it reads as before.
                    string redactMetadata = dump.RedactMetadata.Count == 0 ? string.Empty : $" {{ RedactMetadata = [{string.Join(", ", dump.RedactMetadata.Select(SourceWriter.Literal))}] }}";
                    w.Line($"new HarmonyGenDefinitions.LogDumpMiddlewareDefinition(Name: {SourceWriter.Literal(stage.Name)}, Label: {SourceWriter.Literal(dump.Label)}, RedactHeaders: [{string.Join(", ", dump.RedactHeaders.Select(SourceWriter.Literal))}], SensitiveFieldPatterns: [{string.Join(", ", dump.SensitiveFieldPatterns.Select(SourceWriter.Literal))}]){redactMetadata},");
                    break;
                case WebhookOptionsSpec hook:
                    w.Line($"new HarmonyGenDefinitions.WebhookMiddlewareDefinition(Name: {SourceWriter.Literal(stage.Name)}, Endpoint: {SourceWriter.Literal(hook.Endpoint)}, TimeoutSeconds: {SourceWriter.Literal(hook.TimeoutSeconds)}, RedactHeaders: [{string.Join(", ", hook.RedactHeaders.Select(SourceWriter.Literal))}], RedactMetadata: [{string.Join(", ", hook.RedactMetadata.Select(SourceWriter.Literal))}], SensitiveFieldPatterns: [{string.Join(", ", hook.SensitiveFieldPatterns.Select(SourceWriter.Literal))}]),");
                    break;
                case MetadataTransformOptionsSpec metadata:
                    w.Line($"new HarmonyGenDefinitions.MetadataTransformMiddlewareDefinition(Name: {SourceWriter.Literal(stage.Name)}, Transform: {GeneratedNames.Transforms}.{metadata.ClassName}.Instance, FailOnError: {SourceWriter.Literal(metadata.FailOnError)}),");
                    break;
                case BasicAuthOptionsSpec basic:
                    AuthEmitter.Emit(w, stage.Name, basic);
                    break;
                case JwtAuthOptionsSpec jwt:
                    AuthEmitter.Emit(w, stage.Name, jwt);
                    break;
                case TransformOptionsSpec transform:
                    w.Line($"new HarmonyGenDefinitions.TransformMiddlewareDefinition(Name: {SourceWriter.Literal(stage.Name)}, Transform: {transforms}.{transform.ClassName}.Instance, Apply: HarmonyGenDefinitions.TransformApply.{transform.Apply}, FailOnError: {SourceWriter.Literal(transform.FailOnError)}, SpecFile: {SourceWriter.Literal(transform.SpecFile)}),");
                    break;
            }
        }

        w.Outdent();
        w.Line("],");
    }
}
