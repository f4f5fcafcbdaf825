using System.Collections.Generic;
using System.Linq;
using HarmonyGen.Generator.Model;
using HarmonyGen.Generator.Parsing;
using HarmonyGen.Generator.Spec;
using Microsoft.CodeAnalysis;

namespace HarmonyGen.Generator.Validation;

/// <summary>Ingresses, egresses and remote ingresses: their pipelines, backends, URLs and modes.</summary>
internal sealed partial class GatewayValidator
{
    private IngressSpec ValidateIngress(MeshPointModel ingress, Dictionary<string, List<string>> meshesByIngress)
    {
        PipelineModel? pipeline = PipelineOf(ingress);
        string endpoint = string.Empty;
        if (pipeline is not null)
        {
            if (ingress.Target is { } named)
            {
                if (pipeline.Endpoints.Any(e => e.Text == named.Text))
                {
                    endpoint = named.Text;
                }
                else
                {
                    Report(DiagnosticDescriptors.IngressEndpointNotInPipeline, named.Location, ingress.Name, named.Text, pipeline.Name,
                        NameSuggester.Hint(named.Text, pipeline.Endpoints.Select(e => e.Text)));
                }
            }
            else if (pipeline.Endpoints.Count > 0)
            {
                endpoint = pipeline.Endpoints[0].Text;
            }
            else
            {
                Report(DiagnosticDescriptors.IngressHasNoEndpoint, ingress.Location, ingress.Name, pipeline.Name);
            }
        }

        CheckIngressUrls(ingress.Name, ingress.Urls);

        meshesByIngress.TryGetValue(ingress.Name, out List<string>? meshes);
        meshes ??= new List<string>();
        string mode = ingress.Mode?.Text ?? "default";
        bool meshAuth = pipeline is not null && pipeline.Middleware.Any(m => _middleware.TryGetValue(m.Text, out MiddlewareModel? mw) && mw.Type?.Text == "mesh_auth");
        string effective = mode == "mesh" || meshAuth ? "mesh" : "default";
        if (ingress.Enabled && meshes.Count == 0)
        {
            MeshModel? disabled = _model.Meshes.FirstOrDefault(m => !m.Enabled && m.Ingress.Any(e => ReferenceName(e) == ingress.Name));
            if (disabled is not null)
            {
                Report(DiagnosticDescriptors.IngressOnlyInDisabledMesh, ingress.Location, ingress.Name, disabled.Name);
            }
            else if (mode == "mesh")
            {
                Report(DiagnosticDescriptors.MeshModeIngressWithoutMesh, ingress.Mode!.Location, ingress.Name);
            }
        }

        return new IngressSpec(
            ingress.Name,
            string.Empty,
            Source(ingress.Location),
            pipeline?.Name ?? string.Empty,
            endpoint,
            EnumMember(ingress.Type?.Text ?? "http"),
            EnumMember(mode),
            EnumMember(effective),
            Texts(ingress.Urls),
            ingress.Enabled,
            ingress.Description,
            meshes.ToEquatableArray());
    }

    private EgressSpec ValidateEgress(MeshPointModel egress, Dictionary<string, List<string>> meshesByEgress)
    {
        PipelineModel? pipeline = PipelineOf(egress);
        string backend = string.Empty;
        if (pipeline is not null)
        {
            if (egress.Target is { } named)
            {
                if (pipeline.Backends.Any(b => b.Text == named.Text))
                {
                    backend = named.Text;
                }
                else
                {
                    Report(DiagnosticDescriptors.EgressBackendNotInPipeline, named.Location, egress.Name, named.Text, pipeline.Name,
                        NameSuggester.Hint(named.Text, pipeline.Backends.Select(b => b.Text)));
                }
            }
            else if (pipeline.Backends.Count > 0)
            {
                backend = pipeline.Backends[0].Text;
            }
            else
            {
                Report(DiagnosticDescriptors.EgressHasNoBackend, egress.Location, egress.Name, pipeline.Name);
            }
        }

        meshesByEgress.TryGetValue(egress.Name, out List<string>? meshes);
        meshes ??= new List<string>();
        if (egress.Enabled && meshes.Count == 0 && backend.Length > 0)
        {
            MeshModel? disabled = _model.Meshes.FirstOrDefault(m => !m.Enabled && m.Egress.Any(e => ReferenceName(e) == egress.Name));
            Report(DiagnosticDescriptors.EgressInNoMesh, egress.Location, egress.Name, backend,
                disabled is null ? string.Empty : $" (mesh '{disabled.Name}' lists it but is disabled)");
        }

        return new EgressSpec(
            egress.Name,
            string.Empty,
            Source(egress.Location),
            pipeline?.Name ?? string.Empty,
            backend,
            EnumMember(egress.Type?.Text ?? "http"),
            EnumMember(egress.Mode?.Text ?? "default"),
            egress.Enabled,
            egress.Description,
            meshes.ToEquatableArray());
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

    private PipelineModel? PipelineOf(MeshPointModel point)
    {
        if (point.Pipeline is null)
        {
            return null;
        }

        if (_pipelines.TryGetValue(point.Pipeline, out PipelineModel? pipeline))
        {
            return pipeline;
        }

        if (point.PipelineValue is { } value)
        {
            Unresolved("Pipeline", value, _pipelines.Keys);
        }

        return null;
    }

    private RemoteIngressSpec ValidateRemoteIngress(RemoteIngressModel remote)
    {
        CheckIngressUrls(remote.Name, remote.Urls);

        return new RemoteIngressSpec(remote.Name, string.Empty, Source(remote.Location), Texts(remote.Urls));
    }
}
