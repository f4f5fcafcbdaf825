using System;
using System.Collections.Generic;
using System.Linq;
using HarmonyGen.Generator.Model;
using HarmonyGen.Generator.Parsing;
using HarmonyGen.Generator.Spec;
using HarmonyGen.Generator.Transforms;
using Microsoft.CodeAnalysis;

namespace HarmonyGen.Generator.Validation;

/// <summary>
/// Stage 3: a <see cref="GatewayTree"/> to a <see cref="GatewaySpec"/>, reporting every rule. Resolves every reference, applies every
/// rule of SPEC §3 and computes the route table. Knows neither TOML syntax nor C#.
/// </summary>
internal sealed partial class GatewayValidator
{
    private readonly GatewayTables _tables;
    private readonly GeneratorOptions _options;
    private readonly HashSet<string> _knownFiles;
    private readonly Dictionary<string, JoltSpecFile> _specFiles;
    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly string _configDirectory;

    private readonly Dictionary<string, NetworkTable> _networks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PipelineTable> _pipelines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EndpointTable> _endpoints = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BackendTable> _backends = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TargetTable> _targets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MeshPointTable> _ingresses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MeshPointTable> _egresses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RemoteIngressTable> _remotes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MeshTable> _meshes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ProviderTable> _providers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MiddlewareTable> _middleware = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PolicyTable> _policies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RuleTable> _rules = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _targetUrls = new(StringComparer.Ordinal);
    private MemberNames _members = null!;

    private GatewayValidator(GatewayTables model, GeneratorOptions options, EquatableArray<string> knownFiles, EquatableArray<JoltSpecFile> specFiles, List<DiagnosticInfo> diagnostics)
    {
        _specFiles = new Dictionary<string, JoltSpecFile>(StringComparer.OrdinalIgnoreCase);
        foreach (JoltSpecFile file in specFiles)
        {
            _specFiles[PathText.Normalize(file.Path)] = file;
        }

        _tables = model;
        _diagnostics = diagnostics;
        _options = options;
        _knownFiles = new HashSet<string>(knownFiles.Select(PathText.Normalize), StringComparer.OrdinalIgnoreCase);
        _configDirectory = PathText.Directory(model.ConfigPath);
    }

    /// <summary>
    /// Every rule, in order: what the merge found (a table written twice), the shape of each table as it is read
    /// (<see cref="GatewayBinder"/>), then what the tables mean. The parser's syntax errors come first.
    /// </summary>
    public static ValidatedGateway Validate(GatewayTree tree, GeneratorOptions options, EquatableArray<string> knownFiles, EquatableArray<JoltSpecFile> specFiles = default)
    {
        var diagnostics = new List<DiagnosticInfo>(tree.SyntaxErrors);
        foreach (DuplicateDefinition duplicate in tree.Duplicates)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateDefinition, duplicate.Later, duplicate.First, duplicate.What));
        }

        GatewayTables? tables = GatewayBinder.Bind(tree, diagnostics);
        if (tree.TypeNameTaken is { } taken)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateGateway, taken.Here, taken.First, taken.ProxyId, tree.TypeName));
        }

        if (tables is null)
        {
            return new ValidatedGateway(null, diagnostics.ToEquatableArray(), tree.ConfigPath);
        }

        var validator = new GatewayValidator(tables, options, knownFiles, specFiles, diagnostics);
        GatewaySpec spec = validator.Run(tree.TypeName);
        MeshHops hops = MeshHops.From(spec, validator._egresses.ToDictionary(e => e.Key, e => e.Value.Location), validator._ingresses.ToDictionary(i => i.Key, i => i.Value.Location), validator._meshes, validator._configDirectory);
        return new ValidatedGateway(spec, diagnostics.ToEquatableArray(), tree.ConfigPath, hops);
    }

    private GatewaySpec Run(string typeName)
    {
        Index(_tables.Networks, n => n.Name, n => n.Location, _networks, "Network");
        Index(_tables.Pipelines, p => p.Name, p => p.Location, _pipelines, "Pipeline");
        Index(_tables.Endpoints, e => e.Name, e => e.Location, _endpoints, "Endpoint");
        Index(_tables.Backends, b => b.Name, b => b.Location, _backends, "Backend");
        Index(_tables.Targets, t => t.Name, t => t.Location, _targets, "Target");
        Index(_tables.MeshPoints.Where(p => p.IsIngress), i => i.Name, i => i.Location, _ingresses, "Ingress");
        Index(_tables.MeshPoints.Where(p => !p.IsIngress), e => e.Name, e => e.Location, _egresses, "Egress");
        Index(_tables.RemoteIngresses, r => r.Name, r => r.Location, _remotes, "Remote ingress");
        Index(_tables.Meshes, m => m.Name, m => m.Location, _meshes, "Mesh");
        Index(_tables.Providers, p => p.Name, p => p.Location, _providers, "Provider");
        Index(_tables.Middleware, m => m.Name, m => m.Location, _middleware, "Middleware");
        Index(_tables.Policies, p => p.Name, p => p.Location, _policies, "Policy");
        Index(_tables.Rules, r => r.Name, r => r.Location, _rules, "Rule");
        foreach (RemoteIngressTable remote in _tables.RemoteIngresses)
        {
            if (_ingresses.TryGetValue(remote.Name, out MeshPointTable? local))
            {
                // A mesh lists ingresses by name; one name for both would make the listing ambiguous.
                Report(DiagnosticDescriptors.DuplicateDefinition, remote.Location, local.Location, $"Ingress name '{remote.Name}' (as a remote ingress)");
            }
        }

        if (_tables.Proxy.PrimaryProvider is { } primary && !ProviderConfigured(primary.Text))
        {
            Report(DiagnosticDescriptors.ProviderNotConfigured, primary.Location, primary.Text, NameSuggester.Hint(primary.Text, _providers.Keys));
        }

        _members = new MemberNames(_tables);
        List<NetworkSpec> networks = _tables.Networks.Select(ValidateNetwork).ToList();
        CheckListenerPorts();
        foreach (TargetTable target in _targets.Values)
        {
            _targetUrls[target.Name] = TargetUrl(target);
            ValidTimeout(target.TimeoutSeconds, $"targets.{target.Name}.timeout_secs");
        }

        ValidateProviders();
        ValidatePolicyTables();
        List<MiddlewareSpec> middleware = ValidateMiddleware();
        List<EndpointSpec> endpoints = _tables.Endpoints.Select(ValidateEndpoint).ToList();
        List<BackendSpec> backends = _tables.Backends.Select(ValidateBackend).ToList();
        List<PipelineSpec> pipelines = _tables.Pipelines.Select(p => ValidatePipeline(p, networks)).ToList();
        ManagementSpec? management = ValidateManagement(pipelines);
        LimitsSpec? limits = ValidateLimits();
        List<MeshSpec> meshes = _tables.Meshes.Select(ValidateMesh).ToList();
        Dictionary<string, List<string>> ingressMeshes = Membership(meshes, m => m.Ingresses);
        Dictionary<string, List<string>> egressMeshes = Membership(meshes, m => m.Egresses);
        CheckEgressInOneMesh(egressMeshes);

        var ingresses = new List<IngressSpec>();
        var egresses = new List<EgressSpec>();
        foreach (MeshPointTable point in _tables.MeshPoints)
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

        List<RemoteIngressSpec> remotes = _tables.RemoteIngresses.Select(ValidateRemoteIngress).ToList();
        List<IngressRouteSpec> routes = BuildIngressRoutes(ingresses);
        CheckListeners(pipelines, networks, ingresses);
        CheckPipelinesServe(pipelines, ingresses, meshes);

        return new GatewaySpec
        {
            Namespace = _options.Namespace,
            TypeName = typeName,
            ProxyId = _tables.Proxy.Id ?? string.Empty,
            ConfigFile = Relative(_tables.ConfigPath),
            SourceFiles = _tables.SourceFiles.Select(Relative).ToEquatableArray(),
            Networks = Unique(networks, n => n.Name),
            Pipelines = Unique(pipelines, p => p.Name),
            Endpoints = Unique(endpoints, e => e.Name),
            Backends = Unique(backends, b => b.Name),
            Ingresses = Unique(ingresses, i => i.Name),
            Egresses = Unique(egresses, e => e.Name),
            RemoteIngresses = Unique(remotes, r => r.Name),
            Meshes = Unique(meshes, m => m.Name),
            Providers = _tables.Providers.Select(ValidatedProvider).ToEquatableArray(),
            IngressRoutes = routes.ToEquatableArray(),
            EndpointRoutes = BuildEndpointRoutes(pipelines).ToEquatableArray(),
            Management = management,
            Limits = limits,
            TrustedProxies = ValidateTrustedProxies(),
            Middleware = Unique(middleware, m => m.Name).Concat(_builtIns.Values.Where(b => !_middleware.ContainsKey(b.Name))).ToEquatableArray(),
            Transforms = _transforms.Values.ToEquatableArray(),
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
