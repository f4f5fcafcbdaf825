using System.Collections.Generic;
using System.Linq;
using HarmonyGen.Generator.Parsing;
using HarmonyGen.Generator.Spec;
using Microsoft.CodeAnalysis;

namespace HarmonyGen.Generator.Validation;

/// <summary>Ingresses, egresses and remote ingresses: their pipelines, backends, URLs and modes.</summary>
internal sealed partial class GatewayValidator
{
    private IngressSpec ValidateIngress(MeshPointTable ingress, Dictionary<string, List<string>> meshesByIngress)
    {
        PipelineTable? pipeline = PipelineOf(ingress);
        string endpoint = pipeline is null
            ? string.Empty
            : PipelineMember(ingress, pipeline, pipeline.Endpoints, DiagnosticDescriptors.IngressEndpointNotInPipeline, DiagnosticDescriptors.IngressHasNoEndpoint);

        CheckIngressUrls(ingress.Name, ingress.Urls);

        meshesByIngress.TryGetValue(ingress.Name, out List<string>? meshes);
        meshes ??= new List<string>();
        MeshMode mode = TomlEnum.Parse(ingress.Mode?.Text, MeshMode.Default);
        bool meshAuth = pipeline is not null && MeshAuthOf(pipeline) is not null;
        MeshMode effective = meshAuth ? MeshMode.Mesh : mode;
        if (ingress.Enabled && meshes.Count == 0)
        {
            MeshTable? disabled = _tables.Meshes.FirstOrDefault(m => !m.Enabled && m.Ingress.Any(e => ReferenceName(e) == ingress.Name));
            if (disabled is not null)
            {
                Report(DiagnosticDescriptors.IngressOnlyInDisabledMesh, ingress.Location, ingress.Name, disabled.Name);
            }
            else if (mode == MeshMode.Mesh)
            {
                Report(DiagnosticDescriptors.MeshModeIngressWithoutMesh, ingress.Mode!.Location, ingress.Name);
            }
        }

        return new IngressSpec
        {
            Name = ingress.Name,
            MemberName = _members.Of(GeneratedNames.Ingress, ingress.Name),
            File = File(ingress.Location),
            Pipeline = pipeline?.Name ?? string.Empty,
            Endpoint = endpoint,
            Type = TomlEnum.Parse(ingress.Type?.Text, TransportType.Http),
            Mode = mode,
            EffectiveMode = effective,
            Urls = Texts(ingress.Urls),
            Enabled = ingress.Enabled,
            Description = ingress.Description,
            Meshes = meshes.ToEquatableArray(),
        };
    }

    private EgressSpec ValidateEgress(MeshPointTable egress, Dictionary<string, List<string>> meshesByEgress)
    {
        PipelineTable? pipeline = PipelineOf(egress);
        string backend = pipeline is null
            ? string.Empty
            : PipelineMember(egress, pipeline, pipeline.Backends, DiagnosticDescriptors.EgressBackendNotInPipeline, DiagnosticDescriptors.EgressHasNoBackend);

        meshesByEgress.TryGetValue(egress.Name, out List<string>? meshes);
        meshes ??= new List<string>();
        if (egress.Enabled && meshes.Count == 0 && backend.Length > 0)
        {
            MeshTable? disabled = _tables.Meshes.FirstOrDefault(m => !m.Enabled && m.Egress.Any(e => ReferenceName(e) == egress.Name));
            Report(DiagnosticDescriptors.EgressInNoMesh, egress.Location, egress.Name, backend,
                disabled is null ? string.Empty : $" (mesh '{disabled.Name}' lists it but is disabled)");
        }

        return new EgressSpec
        {
            Name = egress.Name,
            MemberName = _members.Of(GeneratedNames.Egress, egress.Name),
            File = File(egress.Location),
            Pipeline = pipeline?.Name ?? string.Empty,
            Backend = backend,
            Type = TomlEnum.Parse(egress.Type?.Text, TransportType.Http),
            Mode = TomlEnum.Parse(egress.Mode?.Text, MeshMode.Default),
            Enabled = egress.Enabled,
            Description = egress.Description,
            Meshes = meshes.ToEquatableArray(),
        };
    }

    /// <summary>
    /// What a mesh point binds in its pipeline (an ingress's endpoint, an egress's backend): the one it names, which
    /// must be the pipeline's, or else the pipeline's first; empty after reporting when there is none.
    /// </summary>
    private string PipelineMember(MeshPointTable point, PipelineTable pipeline, EquatableArray<TomlValue> members, DiagnosticDescriptor notInPipeline, DiagnosticDescriptor none)
    {
        if (point.Target is { } named)
        {
            if (members.Any(m => m.Text == named.Text))
            {
                return named.Text;
            }

            Report(notInPipeline, named.Location, point.Name, named.Text, pipeline.Name, NameSuggester.Hint(named.Text, members.Select(m => m.Text)));
            return string.Empty;
        }

        if (members.Count > 0)
        {
            return members[0].Text;
        }

        Report(none, point.Location, point.Name, pipeline.Name);
        return string.Empty;
    }

    private void CheckIngressUrls(string ingress, EquatableArray<TomlValue> urls)
    {
        foreach (TomlValue url in urls)
        {
            // Both rules, independently: every problem in one build.
            if (!UrlRules.TryParseHttpUrl(url.Text, out _))
            {
                Report(DiagnosticDescriptors.IngressUrlInvalid, url.Location, ingress, url.Text);
            }

            if (UrlRules.HasQueryOrFragment(url.Text))
            {
                Report(DiagnosticDescriptors.IngressUrlHasQueryOrFragment, url.Location, ingress, url.Text);
            }
        }
    }

    private PipelineTable? PipelineOf(MeshPointTable point)
    {
        if (point.Pipeline is null)
        {
            return null;
        }

        if (_pipelines.TryGetValue(point.Pipeline, out PipelineTable? pipeline))
        {
            return pipeline;
        }

        if (point.PipelineValue is { } value)
        {
            Unresolved("Pipeline", value, _pipelines.Keys);
        }

        return null;
    }

    private RemoteIngressSpec ValidateRemoteIngress(RemoteIngressTable remote)
    {
        CheckIngressUrls(remote.Name, remote.Urls);

        return new RemoteIngressSpec
        {
            Name = remote.Name,
            MemberName = _members.Of(GeneratedNames.RemoteIngress, remote.Name),
            File = File(remote.Location),
            Urls = Texts(remote.Urls),
        };
    }
}
