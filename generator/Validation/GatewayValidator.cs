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
        List<PipelineSpec> pipelines = _model.Pipelines.Select(ValidatePipeline).ToList();
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

        return new GatewaySpec(
            _options.Namespace,
            typeName,
            _model.Proxy.Id ?? string.Empty,
            Relative(_model.ConfigPath),
            _model.SourceFiles.Select(Relative).ToEquatableArray(),
            WithMembers(networks, "Networks", n => n.Name, (n, m) => n with { MemberName = m }),
            WithMembers(pipelines, "Pipelines", p => p.Name, (p, m) => p with { MemberName = m }),
            WithMembers(endpoints, "Endpoints", e => e.Name, (e, m) => e with { MemberName = m }),
            WithMembers(backends, "Backends", b => b.Name, (b, m) => b with { MemberName = m }),
            WithMembers(ingresses, "Ingress", i => i.Name, (i, m) => i with { MemberName = m }),
            WithMembers(egresses, "Egress", e => e.Name, (e, m) => e with { MemberName = m }),
            WithMembers(remotes, "RemoteIngress", r => r.Name, (r, m) => r with { MemberName = m }),
            WithMembers(meshes, "Meshes", m => m.Name, (s, m) => s with { MemberName = m }),
            _model.Providers.Select(p => new ProviderSpec(p.Name, p.Api?.Text, p.PollIntervalSeconds is { } poll && ValidPollInterval(poll.Value) ? poll.Value : 30)).ToEquatableArray(),
            routes.ToEquatableArray(),
            BuildEndpointRoutes(pipelines).ToEquatableArray(),
            Management: management,
            Limits: limits);
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

        ConfigValueSpec? spec = ConfigValueReader.Read(value, tomlKey, Source(value.Location), _diagnostics);
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

    private string Source(LocationInfo location) => $"{Relative(location.FilePath)}:{location.Line}";

    private static EquatableArray<string> Texts(EquatableArray<TomlValue> values) => values.Select(v => v.Text).ToEquatableArray();

    /// <summary>The C# enum member for a TOML enum value (<c>dicomweb</c> to <c>DicomWeb</c>).</summary>
    private static string EnumMember(string value) => value switch
    {
        "dicomweb" => "DicomWeb",
        "http3" => "Http3",
        _ => Identifier.Pascal(value),
    };

    private static EquatableArray<T> WithMembers<T>(List<T> items, string containingType, Func<T, string> name, Func<T, string, T> with)
        where T : IEquatable<T>
    {
        // A name defined twice is already an error (HG0005); the first definition stands for it in the code.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        List<T> unique = items.Where(i => seen.Add(name(i))).ToList();
        Dictionary<string, string> members = Identifier.UniqueMembers(unique.Select(name), containingType);
        return unique.Select(i => with(i, members[name(i)])).ToEquatableArray();
    }
}
