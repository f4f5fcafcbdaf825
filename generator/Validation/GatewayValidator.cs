using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
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

    // ---- networks, endpoints, backends, pipelines -------------------------------------------------------------

    private NetworkSpec ValidateNetwork(NetworkModel network) =>
        new(network.Name, string.Empty, Source(network.Location), ValidateListener(network.Http, network.Name, "http"), ValidateListener(network.Http3, network.Name, "http3"));

    private void CheckListenerPorts()
    {
        var bound = new List<ListenerPorts.Bound>();
        foreach (NetworkModel network in _model.Networks)
        {
            foreach ((ListenerModel? listener, string kind) in new[] { (network.Http, "http"), (network.Http3, "http3") })
            {
                if (listener?.BindPort is { Value: >= 1 and <= 65535 } port && ListenerPorts.Address(listener.BindAddress?.Text ?? "127.0.0.1") is { } address)
                {
                    bound.Add(new ListenerPorts.Bound(network.Name, kind, address, port));
                }
            }
        }

        foreach ((ListenerPorts.Bound later, ListenerPorts.Bound earlier) in ListenerPorts.Clashes(bound))
        {
            Report(
                DiagnosticDescriptors.ListenerPortInUse,
                later.Port.Location,
                earlier.Port.Location,
                $"network.{later.Network}.{later.Kind}",
                later.Endpoint,
                $"network.{earlier.Network}.{earlier.Kind}");
        }
    }

    private ListenerSpec? ValidateListener(ListenerModel? listener, string network, string kind)
    {
        if (listener is null)
        {
            return null;
        }

        string path = $"network.{network}.{kind}";
        if (listener.BindAddress is { } address && !UrlRules.IsBindAddress(address.Text))
        {
            Report(DiagnosticDescriptors.InvalidBindAddress, address.Location, $"{path}.bind_address", address.Text);
        }

        if (listener.BindPort is { } port && (port.Value < 1 || port.Value > 65535))
        {
            Report(DiagnosticDescriptors.InvalidPort, port.Location, $"{path}.bind_port", port.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (kind == "http3" && (listener.CertPath is null || listener.KeyPath is null))
        {
            Report(DiagnosticDescriptors.Http3NeedsCertificate, listener.Location, network);
        }
        else if (kind == "http" && (listener.CertPath ?? listener.KeyPath) is { } half && (listener.CertPath is null) != (listener.KeyPath is null))
        {
            // One of the pair alone would quietly leave the listener on plain HTTP, which its author meant to be TLS.
            bool hasCert = listener.CertPath is not null;
            Report(DiagnosticDescriptors.HalfConfiguredTls, half.Location, network, hasCert ? "cert_path" : "key_path", hasCert ? "key_path" : "cert_path");
        }

        return new ListenerSpec(
            listener.BindAddress?.Text ?? "127.0.0.1",
            listener.BindPort?.Value ?? 0,
            ReadPath(listener.CertPath, $"{path}.cert_path"),
            ReadPath(listener.KeyPath, $"{path}.key_path"));
    }

    private EndpointSpec ValidateEndpoint(EndpointModel endpoint)
    {
        string? prefix = endpoint.PathPrefix?.Text;
        if (endpoint.PathPrefix is { } value && !value.Text.StartsWith("/", StringComparison.Ordinal))
        {
            Report(DiagnosticDescriptors.InvalidPathPrefix, value.Location, $"endpoints.{endpoint.Name}.options.path_prefix", value.Text);
            prefix = null;
        }

        return new EndpointSpec(endpoint.Name, string.Empty, Source(endpoint.Location), EnumMember(endpoint.Service?.Text ?? "http"), prefix is null ? null : UrlRules.NormalizePrefix(prefix));
    }

    private BackendSpec ValidateBackend(BackendModel backend)
    {
        string service = backend.Service?.Text ?? "http";
        string? baseUrl = null;
        int timeout = backend.TimeoutSeconds?.Value ?? 30;
        if (!ValidTimeout(backend.TimeoutSeconds, $"backends.{backend.Name}.timeout_secs"))
        {
            timeout = 30;
        }

        TargetModel? target = null;
        if (backend.TargetRef is { } targetRef && Resolve("Target", targetRef, _targets.Keys))
        {
            target = _targets[targetRef.Text];
        }

        if (backend.BaseUrl is { } url)
        {
            // base_url, when given, overrides the target's address (as in Harmony).
            if (UrlRules.TryParseHttpUrl(url.Text, out _))
            {
                baseUrl = url.Text;
            }
            else
            {
                Report(DiagnosticDescriptors.InvalidBaseUrl, url.Location, $"backends.{backend.Name}.options.base_url", url.Text);
            }
        }
        else if (target is not null)
        {
            baseUrl = _targetUrls[target.Name];
        }
        else if (backend.TargetRef is null && service != "echo")
        {
            Report(DiagnosticDescriptors.BackendHasNoAddress, backend.Location, backend.Name);
        }

        if (backend.TimeoutSeconds is null && target?.TimeoutSeconds is { } targetTimeout && ValidTimeout(targetTimeout, null))
        {
            timeout = targetTimeout.Value;
        }

        return new BackendSpec(backend.Name, string.Empty, Source(backend.Location), EnumMember(service), baseUrl, timeout);
    }

    /// <summary>True for an absent or in-range timeout; reports an out-of-range one when <paramref name="key"/> is given.</summary>
    private bool ValidTimeout(LocatedInt? timeout, string? key)
    {
        if (timeout is null || (timeout.Value >= 1 && timeout.Value <= 3600))
        {
            return true;
        }

        if (key is not null)
        {
            Report(DiagnosticDescriptors.InvalidTimeout, timeout.Location, key, timeout.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return false;
    }

    private string? TargetUrl(TargetModel target)
    {
        if (target.Host is null)
        {
            return null;
        }

        if (target.Port is { } port && (port.Value < 1 || port.Value > 65535))
        {
            Report(DiagnosticDescriptors.InvalidPort, port.Location, $"targets.{target.Name}.connection.port", port.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return null;
        }

        string scheme = target.Protocol?.Text ?? "http";
        string portPart = target.Port is null ? string.Empty : ":" + target.Port.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string basePath = target.BasePath?.Text ?? string.Empty;
        if (basePath.Length > 0 && basePath[0] != '/')
        {
            basePath = "/" + basePath;
        }

        string url = $"{scheme}://{target.Host.Text}{portPart}{basePath}";
        if (!UrlRules.TryParseHttpUrl(url, out _))
        {
            Report(DiagnosticDescriptors.InvalidBaseUrl, target.Host.Location, $"targets.{target.Name}.connection", url);
            return null;
        }

        return url;
    }

    private PipelineSpec ValidatePipeline(PipelineModel pipeline)
    {
        foreach (TomlValue network in pipeline.Networks)
        {
            Resolve("Network", network, _networks.Keys);
        }

        foreach (TomlValue endpoint in pipeline.Endpoints)
        {
            Resolve("Endpoint", endpoint, _endpoints.Keys);
        }

        foreach (TomlValue backend in pipeline.Backends)
        {
            Resolve("Backend", backend, _backends.Keys);
        }

        bool meshAuth = false;
        foreach (TomlValue middleware in pipeline.Middleware)
        {
            if (Resolve("Middleware", middleware, _middleware.Keys) && _middleware[middleware.Text].Type?.Text == "mesh_auth")
            {
                meshAuth = true;
            }
        }

        return new PipelineSpec(
            pipeline.Name,
            string.Empty,
            Source(pipeline.Location),
            pipeline.Description,
            Texts(pipeline.Networks),
            Texts(pipeline.Endpoints),
            Texts(pipeline.Backends),
            Texts(pipeline.Middleware),
            meshAuth,
            ValidMaxConcurrent(pipeline));
    }

    // ---- middleware and providers ------------------------------------------------------------------------------

    /// <summary>Every middleware either has a meaning HarmonyGen enforces or stops the build: security is never dropped silently.</summary>
    private void ValidateMiddleware()
    {
        foreach (MiddlewareModel middleware in _model.Middleware)
        {
            switch (middleware.Type?.Text)
            {
                case null:
                case "passthru":
                case "mesh_auth":
                    break;
                case "policies":
                    foreach (TomlValue policyName in middleware.Policies)
                    {
                        if (!Resolve("Policy", policyName, _policies.Keys) || !_policies[policyName.Text].Enabled)
                        {
                            continue;
                        }

                        foreach (TomlValue ruleName in _policies[policyName.Text].Rules)
                        {
                            if (!Resolve("Rule", ruleName, _rules.Keys))
                            {
                                continue;
                            }

                            RuleModel rule = _rules[ruleName.Text];
                            if (rule.Enabled && rule.Type is { } ruleType && ruleType.Text != "allow_all")
                            {
                                Report(DiagnosticDescriptors.UnenforceableSecurity, ruleType.Location,
                                    $"Rule '{rule.Name}' (type '{ruleType.Text}') of policy '{policyName.Text}' in middleware '{middleware.Name}'");
                            }
                        }
                    }

                    break;
                default:
                    Report(DiagnosticDescriptors.UnenforceableSecurity, middleware.Type.Location, $"Middleware '{middleware.Name}' of type '{middleware.Type.Text}'");
                    break;
            }
        }
    }

    private void ValidateProviders()
    {
        foreach (ProviderModel provider in _model.Providers)
        {
            if (provider.Name == "local")
            {
                continue;
            }

            if (provider.Api is null || !UrlRules.TryParseHttpUrl(provider.Api.Text, out _))
            {
                Report(DiagnosticDescriptors.ProviderNeedsApi, provider.Api?.Location ?? provider.Location, provider.Name, provider.ApiKey);
            }

            // The runtime polls the provider at this interval: 0 would spin, and a day is as slow as a poll is useful.
            if (provider.PollIntervalSeconds is { } poll && !ValidPollInterval(poll.Value))
            {
                Report(DiagnosticDescriptors.ProviderPollIntervalOutOfRange, poll.Location, provider.Name, poll.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }

    private static bool ValidPollInterval(int seconds) => seconds is >= 1 and <= 86400;

    private bool ProviderConfigured(string name) => name == "local" || _providers.ContainsKey(name);

    // ---- meshes ------------------------------------------------------------------------------------------------

    private MeshSpec ValidateMesh(MeshModel mesh)
    {
        string provider = mesh.Provider?.Text ?? "local";
        string source = Source(mesh.Location);
        var ingresses = new List<string>();
        var remotes = new List<string>();
        var egresses = new List<string>();
        var references = new List<ProviderReferenceSpec>();

        foreach (TomlValue entry in mesh.Ingress)
        {
            ResourceReference? reference = ParseReference(entry, "ingress");
            if (reference is null)
            {
                continue;
            }

            if (!reference.IsLocal)
            {
                references.Add(ToSpec(reference));
            }
            else if (_ingresses.ContainsKey(reference.Value))
            {
                ingresses.Add(reference.Value);
            }
            else if (_remotes.ContainsKey(reference.Value))
            {
                remotes.Add(reference.Value);
            }
            else
            {
                MemberNotFound(mesh, "ingress", entry, reference.Value, _ingresses.Keys.Concat(_remotes.Keys));
            }
        }

        foreach (TomlValue entry in mesh.Egress)
        {
            ResourceReference? reference = ParseReference(entry, "egress");
            if (reference is null)
            {
                continue;
            }

            if (!reference.IsLocal)
            {
                references.Add(ToSpec(reference));
            }
            else if (_egresses.ContainsKey(reference.Value))
            {
                egresses.Add(reference.Value);
            }
            else
            {
                MemberNotFound(mesh, "egress", entry, reference.Value, _egresses.Keys);
            }
        }

        string meshId = mesh.Id?.Text ?? mesh.Name;
        ConfigValueSpec? secret = null;
        ConfigValueSpec? privateKey = null;
        ConfigValueSpec? publicKey = null;
        ConfigValueSpec? previousSecret = null;
        ConfigValueSpec? previousPublicKey = null;
        string algorithm = "RS256";
        if (provider == "local")
        {
            secret = ValidateSecret(mesh, mesh.JwtSecret, "jwt_secret");
            previousSecret = ValidateSecret(mesh, mesh.PreviousSecret, "jwt_previous_secret");
            previousPublicKey = ReadPath(mesh.PreviousPublicKeyPath, $"mesh.{mesh.Name}.jwt_previous_public_key_path");
            privateKey = ReadPath(mesh.PrivateKeyPath, $"mesh.{mesh.Name}.jwt_private_key_path");
            publicKey = ReadPath(mesh.PublicKeyPath, $"mesh.{mesh.Name}.jwt_public_key_path");
            bool hasKeys = mesh.PrivateKeyPath is not null || mesh.PublicKeyPath is not null;
            if (mesh.JwtSecret is null && !hasKeys)
            {
                Report(DiagnosticDescriptors.LocalMeshWithoutKeys, mesh.Location, mesh.Name);
            }
            else if (mesh.JwtSecret is not null && hasKeys)
            {
                Report(DiagnosticDescriptors.LocalMeshWithBothKeys, (mesh.PrivateKeyPath ?? mesh.PublicKeyPath)!.Location, mesh.Name);
            }
            else if (mesh.JwtSecret is not null)
            {
                algorithm = "HS256";
                if (mesh.PreviousPublicKeyPath is { } misplaced)
                {
                    Report(DiagnosticDescriptors.PreviousKeyOfOtherAlgorithm, misplaced.Location, mesh.Name, "HS256", "jwt_previous_public_key_path", "RS256", "jwt_previous_secret");
                    previousPublicKey = null;
                }
            }
            else if (mesh.PreviousSecret is { } misplaced)
            {
                // An RS256 mesh: a verifier must never hold an HMAC key it would accept tokens for.
                Report(DiagnosticDescriptors.PreviousKeyOfOtherAlgorithm, misplaced.Location, mesh.Name, "RS256", "jwt_previous_secret", "HS256", "jwt_previous_public_key_path");
                previousSecret = null;
            }

            if (mesh.JwtSecret is null && hasKeys && mesh.Enabled)
            {
                if (egresses.Count > 0 && mesh.PrivateKeyPath is null)
                {
                    Report(DiagnosticDescriptors.MeshEgressWithoutSigningKey, mesh.PublicKeyPath!.Location, mesh.Name);
                }

                if (ingresses.Count > 0 && mesh.PublicKeyPath is null)
                {
                    Report(DiagnosticDescriptors.MeshIngressWithoutVerifyingKey, mesh.PrivateKeyPath!.Location, mesh.Name);
                }
            }
        }
        else
        {
            if (!ProviderConfigured(provider))
            {
                Report(DiagnosticDescriptors.ProviderNotConfigured, mesh.Provider!.Location, provider, string.Empty);
            }

            if (mesh.Id is null)
            {
                Report(DiagnosticDescriptors.ProviderMeshNeedsId, mesh.Provider!.Location, mesh.Name, provider);
            }

            foreach ((TomlValue? value, string key) in new[] { (mesh.JwtSecret, "jwt_secret"), (mesh.PrivateKeyPath, "jwt_private_key_path"), (mesh.PublicKeyPath, "jwt_public_key_path"),
                (mesh.PreviousSecret, "jwt_previous_secret"), (mesh.PreviousPublicKeyPath, "jwt_previous_public_key_path") })
            {
                if (value is not null)
                {
                    Report(DiagnosticDescriptors.MeshKeyWithProvider, value.Location, mesh.Name, provider, key);
                }
            }
        }

        if (mesh.JwksUrl is { } jwks && !UrlRules.TryParseHttpUrl(jwks.Text, out _))
        {
            Report(DiagnosticDescriptors.InvalidBaseUrl, jwks.Location, $"mesh.{mesh.Name}.jwks_url", jwks.Text);
        }

        return new MeshSpec(
            mesh.Name,
            string.Empty,
            source,
            meshId,
            EnumMember(provider),
            EnumMember(mesh.Type?.Text ?? "http"),
            algorithm,
            secret,
            privateKey,
            publicKey,
            mesh.JwksUrl?.Text,
            ingresses.ToEquatableArray(),
            remotes.ToEquatableArray(),
            egresses.ToEquatableArray(),
            references.ToEquatableArray(),
            mesh.Enabled,
            mesh.Description,
            previousSecret,
            previousPublicKey);
    }

    /// <summary>Reads an HS256 secret (the current or the previous one) and warns when it is short or written in the file.</summary>
    private ConfigValueSpec? ValidateSecret(MeshModel mesh, TomlValue? secret, string key)
    {
        if (secret is null)
        {
            return null;
        }

        ConfigValueSpec? spec = ConfigValueReader.Read(secret, $"mesh.{mesh.Name}.{key}", Source(secret.Location), _diagnostics);
        if (spec?.Literal is { } literal)
        {
            int bytes = Encoding.UTF8.GetByteCount(literal);
            if (bytes < 32)
            {
                Report(DiagnosticDescriptors.ShortSecret, secret.Location, mesh.Name, bytes.ToString(System.Globalization.CultureInfo.InvariantCulture), key);
            }

            Report(DiagnosticDescriptors.LiteralSecret, secret.Location, mesh.Name, key);
        }

        return spec;
    }

    private ResourceReference? ParseReference(TomlValue entry, string listedAs)
    {
        ResourceReference? reference = ResourceReference.Parse(entry.Text, out string error, out int start, out int length);
        if (reference is null)
        {
            Report(DiagnosticDescriptors.ProviderReferenceGrammar, entry.ContentSlice(start, length), entry.Text, error);
            return null;
        }

        if (reference.Provider is { } provider)
        {
            if (!ProviderConfigured(provider))
            {
                Report(DiagnosticDescriptors.ProviderNotConfigured, entry.ContentSlice(0, provider.Length), provider, NameSuggester.Hint(provider, _providers.Keys));
                return null;
            }

            if (reference.ResourceType is { } type && type != listedAs)
            {
                int typeStart = provider.Length + 1 + reference.Team!.Length + 1;
                Report(DiagnosticDescriptors.ProviderReferenceGrammar, entry.ContentSlice(typeStart, type.Length), entry.Text, $"it refers to a resource of type '{type}' but is listed in '{listedAs}'");
                return null;
            }
        }

        return reference;
    }

    private static ProviderReferenceSpec ToSpec(ResourceReference r) => new(r.Text, r.Provider!, r.Team, r.ResourceType, r.ByName, r.Value);

    private void MemberNotFound(MeshModel mesh, string kind, TomlValue entry, string name, IEnumerable<string> candidates) =>
        Report(DiagnosticDescriptors.MeshMemberNotFound, entry.Location, mesh.Name, kind, name, NameSuggester.Hint(name, candidates));

    private static Dictionary<string, List<string>> Membership(List<MeshSpec> meshes, Func<MeshSpec, EquatableArray<string>> members)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (MeshSpec mesh in meshes.Where(m => m.Enabled))
        {
            foreach (string member in members(mesh))
            {
                if (!result.TryGetValue(member, out List<string>? list))
                {
                    result[member] = list = new List<string>();
                }

                if (!list.Contains(mesh.Name))
                {
                    list.Add(mesh.Name);
                }
            }
        }

        return result;
    }

    private void CheckEgressInOneMesh(Dictionary<string, List<string>> egressMeshes)
    {
        foreach (KeyValuePair<string, List<string>> pair in egressMeshes.Where(p => p.Value.Count > 1))
        {
            MeshModel first = _meshes[pair.Value[0]];
            MeshModel second = _meshes[pair.Value[1]];
            TomlValue listing = second.Egress.First(e => ReferenceName(e) == pair.Key);
            TomlValue firstListing = first.Egress.First(e => ReferenceName(e) == pair.Key);
            Report(DiagnosticDescriptors.EgressInTwoMeshes, listing.Location, firstListing.Location, pair.Key, second.Name, first.Name);
        }
    }

    private static string ReferenceName(TomlValue entry) =>
        ResourceReference.Parse(entry.Text, out _, out _, out _) is { IsLocal: true } r ? r.Value : entry.Text;

    // ---- ingress and egress ------------------------------------------------------------------------------------

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

    // ---- routes and listeners ----------------------------------------------------------------------------------

    private List<IngressRouteSpec> BuildIngressRoutes(List<IngressSpec> ingresses)
    {
        var routes = new List<(IngressRouteSpec Route, int Order)>();
        var seen = new Dictionary<string, (string Ingress, LocationInfo Location)>(StringComparer.Ordinal);
        int order = 0;
        // Ingress specs were made from the mesh points in order, so the n-th ingress point is the n-th spec.
        List<MeshPointModel> points = _model.MeshPoints.Where(p => p.IsIngress).ToList();
        for (int index = 0; index < points.Count; index++)
        {
            MeshPointModel point = points[index];
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

                var route = new IngressRouteSpec(
                    uri.Scheme,
                    uri.Host.ToLowerInvariant(),
                    uri.Port,
                    UrlRules.NormalizePrefix(uri.AbsolutePath),
                    ingress.Name,
                    ingress.Pipeline,
                    ingress.Endpoint,
                    ingress.EffectiveMode,
                    Source(url.Location));
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
                if (_endpoints.TryGetValue(name, out EndpointModel? endpoint) && endpoint.PathPrefix is { } prefix && prefix.Text.StartsWith("/", StringComparison.Ordinal))
                {
                    routes.Add((new EndpointRouteSpec(UrlRules.NormalizePrefix(prefix.Text), pipeline.Name, name, pipeline.Networks, Source(prefix.Location)), order++));
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
        ILookup<string, IngressSpec> ingressesByPipeline = ingresses.Where(i => i.Type == "Http3" && i.Enabled).ToLookup(i => i.Pipeline, StringComparer.Ordinal);
        Dictionary<string, MeshPointModel> ingressModels = _model.MeshPoints.Where(p => p.IsIngress).GroupBy(p => p.Name).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (PipelineSpec pipeline in pipelines)
        {
            List<NetworkSpec> served = networks.Where(n => pipeline.Networks.Contains(n.Name)).ToList();
            if (pipeline.Endpoints.Count > 0 && !served.Any(n => n.Http is not null || n.Http3 is not null) && pipeline.Networks.All(_networks.ContainsKey))
            {
                Report(DiagnosticDescriptors.PipelineWithoutListener, _pipelines[pipeline.Name].Location, pipeline.Name);
            }

            foreach (IngressSpec ingress in ingressesByPipeline[pipeline.Name])
            {
                if (served.Count > 0 && !served.Any(n => n.Http3 is not null))
                {
                    MeshPointModel model = ingressModels[ingress.Name];
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
            PipelineModel model = _pipelines[pipeline.Name];
            if (pipeline.Endpoints.Count > 0 && model.Backends.Count == 0)
            {
                Report(DiagnosticDescriptors.PipelineWithoutBackend, model.Location, pipeline.Name);
            }

            if (pipeline.RequiresMeshAuth && !referencesResolveLater
                && !ingresses.Any(i => i.Enabled && i.Pipeline == pipeline.Name && i.Meshes.Count > 0)
                && model.Middleware.FirstOrDefault(m => _middleware.TryGetValue(m.Text, out MiddlewareModel? mw) && mw.Type?.Text == "mesh_auth") is { } meshAuth)
            {
                Report(DiagnosticDescriptors.MeshAuthPipelineWithoutMesh, meshAuth.Location, pipeline.Name, meshAuth.Text);
            }
        }
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
