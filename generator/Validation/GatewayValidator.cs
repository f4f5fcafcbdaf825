using System;
using System.Collections.Generic;
using System.Linq;
using HarmonyGen.Generator.Model;
using HarmonyGen.Generator.Parsing;
using HarmonyGen.Generator.Spec;
using Microsoft.CodeAnalysis;

namespace HarmonyGen.Generator.Validation;

/// <summary>
/// Stage 3: a <see cref="GatewayModel"/> to a <see cref="GatewaySpec"/>. Resolves every reference, applies every
/// rule of SPEC §3 and computes the route table. Knows neither TOML syntax nor C#.
/// </summary>
internal sealed partial class GatewayValidator
{
    private readonly GatewayModel _model;
    private readonly GeneratorOptions _options;
    private readonly HashSet<string> _knownFiles;
    private readonly List<DiagnosticInfo> _diagnostics = new();
    private readonly string _configDirectory;

    private readonly Dictionary<string, NetworkModel> _networks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PipelineModel> _pipelines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EndpointModel> _endpoints = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BackendModel> _backends = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TargetModel> _targets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MeshPointModel> _ingresses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MeshPointModel> _egresses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RemoteIngressModel> _remotes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MeshModel> _meshes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ProviderModel> _providers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MiddlewareModel> _middleware = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PolicyModel> _policies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RuleModel> _rules = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _targetUrls = new(StringComparer.Ordinal);
    private MemberNames _members = null!;

    private GatewayValidator(GatewayModel model, GeneratorOptions options, EquatableArray<string> knownFiles)
    {
        _model = model;
        _options = options;
        _knownFiles = new HashSet<string>(knownFiles.Select(PathText.Normalize), StringComparer.OrdinalIgnoreCase);
        _configDirectory = PathText.Directory(model.ConfigPath);
    }

    public static ValidatedGateway Validate(GatewayModel model, GeneratorOptions options, EquatableArray<string> knownFiles, string typeName)
    {
        var validator = new GatewayValidator(model, options, knownFiles);
        GatewaySpec spec = validator.Run(typeName);
        return new ValidatedGateway(spec, validator._diagnostics.ToEquatableArray(), model.ConfigPath);
    }

    private GatewaySpec Run(string typeName)
    {
        Index(_model.Networks, n => n.Name, n => n.Location, _networks, "Network");
        Index(_model.Pipelines, p => p.Name, p => p.Location, _pipelines, "Pipeline");
        Index(_model.Endpoints, e => e.Name, e => e.Location, _endpoints, "Endpoint");
        Index(_model.Backends, b => b.Name, b => b.Location, _backends, "Backend");
        Index(_model.Targets, t => t.Name, t => t.Location, _targets, "Target");
        Index(_model.MeshPoints.Where(p => p.IsIngress), i => i.Name, i => i.Location, _ingresses, "Ingress");
        Index(_model.MeshPoints.Where(p => !p.IsIngress), e => e.Name, e => e.Location, _egresses, "Egress");
        Index(_model.RemoteIngresses, r => r.Name, r => r.Location, _remotes, "Remote ingress");
        Index(_model.Meshes, m => m.Name, m => m.Location, _meshes, "Mesh");
        Index(_model.Providers, p => p.Name, p => p.Location, _providers, "Provider");
        Index(_model.Middleware, m => m.Name, m => m.Location, _middleware, "Middleware");
        Index(_model.Policies, p => p.Name, p => p.Location, _policies, "Policy");
        Index(_model.Rules, r => r.Name, r => r.Location, _rules, "Rule");
        foreach (RemoteIngressModel remote in _model.RemoteIngresses)
        {
            if (_ingresses.TryGetValue(remote.Name, out MeshPointModel? local))
            {
                // A mesh lists ingresses by name; one name for both would make the listing ambiguous.
                Report(DiagnosticDescriptors.DuplicateDefinition, remote.Location, local.Location, $"Ingress name '{remote.Name}' (as a remote ingress)");
            }
        }

        if (_model.Proxy.PrimaryProvider is { } primary && !ProviderConfigured(primary.Text))
        {
            Report(DiagnosticDescriptors.ProviderNotConfigured, primary.Location, primary.Text, NameSuggester.Hint(primary.Text, _providers.Keys));
        }

        _members = new MemberNames(_model);
        List<NetworkSpec> networks = _model.Networks.Select(ValidateNetwork).ToList();
        CheckListenerPorts();
        foreach (TargetModel target in _targets.Values)
        {
            _targetUrls[target.Name] = TargetUrl(target);
            ValidTimeout(target.TimeoutSeconds, $"targets.{target.Name}.timeout_secs");
        }

        ValidateProviders();
        ValidateMiddleware();
        List<EndpointSpec> endpoints = _model.Endpoints.Select(ValidateEndpoint).ToList();
        List<BackendSpec> backends = _model.Backends.Select(ValidateBackend).ToList();
        List<PipelineSpec> pipelines = _model.Pipelines.Select(p => ValidatePipeline(p, networks)).ToList();
        ManagementSpec? management = ValidateManagement(pipelines);
        LimitsSpec? limits = ValidateLimits();
        List<MeshSpec> meshes = _model.Meshes.Select(ValidateMesh).ToList();
        Dictionary<string, List<string>> ingressMeshes = Membership(meshes, m => m.Ingresses);
        Dictionary<string, List<string>> egressMeshes = Membership(meshes, m => m.Egresses);
        CheckEgressInOneMesh(egressMeshes);

        var ingresses = new List<IngressSpec>();
        var egresses = new List<EgressSpec>();
        foreach (MeshPointModel point in _model.MeshPoints)
        {
            if (point.IsIngress)
            {
                ingresses.Add(ValidateIngress(point, ingressMeshes));
            }
            else
            {
                egresses.Add(ValidateEgress(point, egressMeshes));
            }
        }

        List<RemoteIngressSpec> remotes = _model.RemoteIngresses.Select(ValidateRemoteIngress).ToList();
        List<IngressRouteSpec> routes = BuildIngressRoutes(ingresses);
        CheckListeners(pipelines, networks, ingresses);
        CheckPipelinesServe(pipelines, ingresses, meshes);

        return new GatewaySpec
        {
            Namespace = _options.Namespace,
            TypeName = typeName,
            ProxyId = _model.Proxy.Id ?? string.Empty,
            ConfigFile = Relative(_model.ConfigPath),
            SourceFiles = _model.SourceFiles.Select(Relative).ToEquatableArray(),
            Networks = Unique(networks, n => n.Name),
            Pipelines = Unique(pipelines, p => p.Name),
            Endpoints = Unique(endpoints, e => e.Name),
            Backends = Unique(backends, b => b.Name),
            Ingresses = Unique(ingresses, i => i.Name),
            Egresses = Unique(egresses, e => e.Name),
            RemoteIngresses = Unique(remotes, r => r.Name),
            Meshes = Unique(meshes, m => m.Name),
            Providers = _model.Providers.Select(ValidatedProvider).ToEquatableArray(),
            IngressRoutes = routes.ToEquatableArray(),
            EndpointRoutes = BuildEndpointRoutes(pipelines).ToEquatableArray(),
            Management = management,
            Limits = limits,
        };
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private void Index<T>(IEnumerable<T> items, Func<T, string> name, Func<T, LocationInfo> location, Dictionary<string, T> index, string kind)
    {
        foreach (T item in items)
        {
            if (index.TryGetValue(name(item), out T? first))
            {
                Report(DiagnosticDescriptors.DuplicateDefinition, location(item), location(first!), $"{kind} '{name(item)}'");
                continue;
            }

            index.Add(name(item), item);
        }
    }

    private bool Resolve(string kind, TomlValue reference, IEnumerable<string> known)
    {
        if (known.Contains(reference.Text))
        {
            return true;
        }

        Unresolved(kind, reference, known);
        return false;
    }

    private void Unresolved(string kind, TomlValue reference, IEnumerable<string> known) =>
        Report(DiagnosticDescriptors.UnresolvedReference, reference.Location, kind, reference.Text, NameSuggester.Hint(reference.Text, known));

    private ConfigValueSpec? ReadPath(TomlValue? value, string tomlKey)
    {
        if (value is null)
        {
            return null;
        }

        ConfigValueSpec? spec = ConfigValueReader.Read(value, tomlKey, File(value.Location), _diagnostics);
        if (spec?.Literal is { } literal)
        {
            // A relative key path is relative to its config.toml. The spec carries it relative to the project
            // (or absolute when outside it), which is how the runtime finds it beside the built application.
            string resolved = PathText.Combine(_configDirectory, literal);
            if (!_knownFiles.Contains(resolved))
            {
                Report(DiagnosticDescriptors.KeyFileNotFound, value.Location, literal, resolved);
            }

            spec = spec with { Literal = PathText.IsRooted(literal) ? literal : Relative(resolved) };
        }

        return spec;
    }

    private void Report(DiagnosticDescriptor descriptor, LocationInfo location, params string[] args) =>
        _diagnostics.Add(DiagnosticInfo.Create(descriptor, location, args));

    private void Report(DiagnosticDescriptor descriptor, LocationInfo location, LocationInfo additional, params string[] args) =>
        _diagnostics.Add(DiagnosticInfo.Create(descriptor, location, additional, args));

    private string Relative(string path) => PathText.RelativeTo(path, _options.ProjectDirectory);

    /// <summary>The file a table is written in, relative to the project: what generated comments cite (never a line).</summary>
    private string File(LocationInfo location) => Relative(location.FilePath);

    private static EquatableArray<string> Texts(EquatableArray<TomlValue> values) => values.Select(v => v.Text).ToEquatableArray();

    /// <summary>A name defined twice is already an error (HG0005); the first definition stands for it in the code.</summary>
    private static EquatableArray<T> Unique<T>(List<T> items, Func<T, string> name)
        where T : IEquatable<T>
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return items.Where(i => seen.Add(name(i))).ToEquatableArray();
    }
}
