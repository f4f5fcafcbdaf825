using System;
using System.Collections.Generic;
using System.Linq;
using HarmonyGen.Generator.Parsing;
using HarmonyGen.Generator.Spec;
using Microsoft.CodeAnalysis;

namespace HarmonyGen.Generator.Validation;

/// <summary>The route tables, and the checks that need the whole gateway: listeners and pipelines that can serve.</summary>
internal sealed partial class GatewayValidator
{
    private List<IngressRouteSpec> BuildIngressRoutes(List<IngressSpec> ingresses)
    {
        var routes = new List<(IngressRouteSpec Route, int Order)>();
        var seen = new Dictionary<string, (string Ingress, LocationInfo Location)>(StringComparer.Ordinal);
        int order = 0;
        // Ingress specs were made from the mesh points in order, so the n-th ingress point is the n-th spec.
        List<MeshPointTable> points = _tables.MeshPoints.Where(p => p.IsIngress).ToList();
        for (int index = 0; index < points.Count; index++)
        {
            MeshPointTable point = points[index];
            IngressSpec ingress = ingresses[index];
            if (!point.Enabled)
            {
                continue;
            }

            foreach (TomlValue url in point.Urls)
            {
                if (UrlRules.HasQueryOrFragment(url.Text) || !UrlRules.TryParseHttpUrl(url.Text, out Uri uri))
                {
                    continue;
                }

                var route = new IngressRouteSpec
                {
                    Scheme = uri.Scheme,
                    Host = uri.Host.ToLowerInvariant(),
                    Port = uri.Port,
                    PathPrefix = UrlRules.NormalizePrefix(uri.AbsolutePath),
                    Ingress = ingress.Name,
                    Pipeline = ingress.Pipeline,
                    Endpoint = ingress.Endpoint,
                    Mode = ingress.EffectiveMode,
                    File = File(url.Location),
                };
                string key = $"{route.Scheme}://{route.Host}:{route.Port}{route.PathPrefix}";
                if (seen.TryGetValue(key, out (string Ingress, LocationInfo Location) first))
                {
                    Report(DiagnosticDescriptors.IngressUrlBoundTwice, url.Location, first.Location, url.Text, ingress.Name, first.Ingress);
                    continue;
                }

                seen.Add(key, (ingress.Name, url.Location));
                routes.Add((route, order++));
            }
        }

        // Longest prefix first; ties keep declaration order, so the table is deterministic.
        return routes
            .OrderByDescending(r => r.Route.PathPrefix == "/" ? 0 : r.Route.PathPrefix.Length)
            .ThenBy(r => r.Order)
            .Select(r => r.Route)
            .ToList();
    }

    private List<EndpointRouteSpec> BuildEndpointRoutes(List<PipelineSpec> pipelines)
    {
        var routes = new List<(EndpointRouteSpec Route, int Order)>();
        int order = 0;
        foreach (PipelineSpec pipeline in pipelines)
        {
            foreach (string name in pipeline.Endpoints)
            {
                if (_endpoints.TryGetValue(name, out EndpointTable? endpoint) && endpoint.PathPrefix is { } prefix && prefix.Text.StartsWith("/", StringComparison.Ordinal))
                {
                    var route = new EndpointRouteSpec
                    {
                        PathPrefix = UrlRules.NormalizePrefix(prefix.Text),
                        Pipeline = pipeline.Name,
                        Endpoint = name,
                        Networks = pipeline.Networks,
                        File = File(prefix.Location),
                    };
                    routes.Add((route, order++));
                }
            }
        }

        return routes
            .OrderByDescending(r => r.Route.PathPrefix == "/" ? 0 : r.Route.PathPrefix.Length)
            .ThenBy(r => r.Order)
            .Select(r => r.Route)
            .ToList();
    }

    private void CheckListeners(List<PipelineSpec> pipelines, List<NetworkSpec> networks, List<IngressSpec> ingresses)
    {
        ILookup<string, IngressSpec> ingressesByPipeline = ingresses.Where(i => i.Type == TransportType.Http3 && i.Enabled).ToLookup(i => i.Pipeline, StringComparer.Ordinal);
        Dictionary<string, MeshPointTable> ingressModels = _tables.MeshPoints.Where(p => p.IsIngress).GroupBy(p => p.Name).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (PipelineSpec pipeline in pipelines)
        {
            List<NetworkSpec> served = networks.Where(n => pipeline.Networks.Contains(n.Name)).ToList();
            // An unresolved network is HG0301 already; the pipeline is reported as unreachable only when all resolve.
            if (!pipeline.Listening && pipeline.Networks.All(_networks.ContainsKey))
            {
                Report(DiagnosticDescriptors.PipelineWithoutListener, _pipelines[pipeline.Name].Location, pipeline.Name);
            }

            foreach (IngressSpec ingress in ingressesByPipeline[pipeline.Name])
            {
                if (served.Count > 0 && !served.Any(n => n.Http3 is not null))
                {
                    MeshPointTable model = ingressModels[ingress.Name];
                    Report(DiagnosticDescriptors.IngressTypeWithoutListener, model.Type?.Location ?? model.Location, ingress.Name, pipeline.Name);
                }
            }
        }
    }

    /// <summary>
    /// Pipelines that build but could never answer a request with their backend's response: endpoints without a
    /// backend (every request 502), and mesh_auth without a mesh to take tokens from (every request 403).
    /// </summary>
    private void CheckPipelinesServe(List<PipelineSpec> pipelines, List<IngressSpec> ingresses, List<MeshSpec> meshes)
    {
        // A provider reference may add an ingress to a mesh at run time, so with one in play the mesh check stays quiet.
        bool referencesResolveLater = meshes.Any(m => m.Enabled && m.ProviderReferences.Count > 0);
        foreach (PipelineSpec pipeline in pipelines)
        {
            PipelineTable model = _pipelines[pipeline.Name];
            if (pipeline.Endpoints.Count > 0 && model.Backends.Count == 0)
            {
                Report(DiagnosticDescriptors.PipelineWithoutBackend, model.Location, pipeline.Name);
            }

            if (pipeline.RequiresMeshAuth && !referencesResolveLater
                && !ingresses.Any(i => i.Enabled && i.Pipeline == pipeline.Name && i.Meshes.Count > 0)
                && MeshAuthOf(model) is { } meshAuth)
            {
                Report(DiagnosticDescriptors.MeshAuthPipelineWithoutMesh, meshAuth.Location, pipeline.Name, meshAuth.Text);
            }
        }
    }
}
