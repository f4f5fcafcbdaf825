using System.Collections.Generic;
using System.Linq;
using HarmonyGen.Generator.Model;
using HarmonyGen.Generator.Parsing;

namespace HarmonyGen.Generator.Validation;

/// <summary>
/// The first rules of validation: a root's merged tree read into <see cref="GatewayTables"/>, checking shape (types,
/// enums, required keys, unknown keys); the rules that follow check what the tables mean.
/// </summary>
internal static partial class GatewayBinder
{
    public static readonly string[] TransportTypes = { "http", "http3" };
    public static readonly string[] Modes = { "default", "mesh" };
    public static readonly string[] EndpointServices = { "http", "fhir", "dicomweb", "echo" };
    public static readonly string[] BackendServices = { "http", "http3", "h3", "fhir", "echo" }; // Harmony forwards fhir over HTTP, as http

    /// <summary>Harmony's services that are not HTTP (src/extensions/builtin/services.rs), by the family HG0513 names.</summary>
    private static readonly (string Service, string Family)[] s_unservedServices =
    {
        ("dicom_scp", "DICOM DIMSE"), ("dicom_scu", "DICOM DIMSE"), ("dicom", "DICOM DIMSE"), ("mock_dicom", "DICOM DIMSE"),
        ("jmix", "JMIX"), ("jmix_backend", "JMIX"), ("storage", "storage"), ("disk", "storage"),
    };
    public static readonly string[] MeshProviders = { "local", "runbeam" };
    public static readonly string[] AuthTypes = { "jwt" };
    public static readonly string[] TargetProtocols = { "http", "https", "http3", "h3" };

    /// <summary>Tables Harmony reads that carry no traffic meaning here: accepted with an informational note.</summary>
    private static readonly string[] s_ignoredTables = { "logging", "storage", "services", "middleware_types" };

    private static readonly string[] s_topLevel =
    {
        "proxy", "network", "pipelines", "endpoints", "backends", "targets", "ingress", "egress", "remote_ingress",
        "mesh", "provider", "runbeam", "middleware", "policies", "rules", "logging", "storage", "services",
        "middleware_types", "management",
    };

    /// <summary>The root's tables, or null (after reporting) when it has no <c>[proxy]</c>.</summary>
    public static GatewayTables? Bind(GatewayTree tree, List<DiagnosticInfo> diagnostics) =>
        new Binder(diagnostics).Bind(tree);

    private sealed partial class Binder
    {
        private readonly List<DiagnosticInfo> _diagnostics;

        public Binder(List<DiagnosticInfo> diagnostics) => _diagnostics = diagnostics;

        public GatewayTables? Bind(GatewayTree tree)
        {
            ConfigNode root = tree.Root;
            var networks = new List<NetworkTable>();
            var pipelines = new List<PipelineTable>();
            var endpoints = new List<EndpointTable>();
            var backends = new List<BackendTable>();
            var targets = new List<TargetTable>();
            var points = new List<MeshPointTable>();
            var remotes = new List<RemoteIngressTable>();
            var meshes = new List<MeshTable>();
            var providers = new List<ProviderTable>();
            var middleware = new List<MiddlewareTable>();
            var policies = new List<PolicyTable>();
            var rules = new List<RuleTable>();
            ProxyTable? proxy = null;
            ManagementTable? management = null;

            foreach (ConfigNode table in root.Children)
            {
                if (!table.IsTable)
                {
                    Unknown(table, "the top level of the file", s_topLevel);
                    continue;
                }

                switch (table.Name)
                {
                    case "proxy":
                        proxy = BindProxy(table);
                        break;
                    case "network":
                        Each(table, n => networks.Add(BindNetwork(n)));
                        break;
                    case "pipelines":
                        Each(table, p => pipelines.Add(BindPipeline(p, points)));
                        break;
                    case "endpoints":
                        Each(table, e => endpoints.Add(BindEndpoint(e)));
                        break;
                    case "backends":
                        Each(table, b => backends.Add(BindBackend(b)));
                        break;
                    case "targets":
                        Each(table, t => targets.Add(BindTarget(t)));
                        break;
                    case "ingress":
                        Each(table, i => points.Add(BindMeshPoint(i, isIngress: true, pipeline: null)));
                        break;
                    case "egress":
                        Each(table, e => points.Add(BindMeshPoint(e, isIngress: false, pipeline: null)));
                        break;
                    case "remote_ingress":
                        Each(table, r => remotes.Add(BindRemoteIngress(r)));
                        break;
                    case "mesh":
                        Each(table, m => meshes.Add(BindMesh(m)));
                        break;
                    case "provider":
                        Each(table, p => providers.Add(BindProvider(p)));
                        break;
                    case "runbeam":
                        providers.Add(BindLegacyRunbeam(table));
                        break;
                    case "middleware":
                        Each(table, m => middleware.Add(BindMiddleware(m)));
                        break;
                    case "policies":
                        Each(table, p => policies.Add(BindPolicy(p, inline: false)));
                        break;
                    case "rules":
                        Each(table, r => rules.Add(BindRule(r, inline: false)));
                        break;
                    case "management":
                        management = BindManagement(table);
                        break;
                    default:
                        if (s_ignoredTables.Contains(table.Name))
                        {
                            _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.IgnoredTable, table.Location, table.Name));
                        }
                        else
                        {
                            Unknown(table, "the top level of the file", s_topLevel);
                        }

                        break;
                }
            }

            if (proxy is null)
            {
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RequiredKeyMissing, FileStart(tree.ConfigPath), "A gateway root config.toml", "[proxy]"));
                return null;
            }

            return new GatewayTables
            {
                ConfigPath = tree.ConfigPath,
                Proxy = proxy,
                Networks = networks.ToEquatableArray(),
                Pipelines = pipelines.ToEquatableArray(),
                Endpoints = endpoints.ToEquatableArray(),
                Backends = backends.ToEquatableArray(),
                Targets = targets.ToEquatableArray(),
                MeshPoints = points.ToEquatableArray(),
                RemoteIngresses = remotes.ToEquatableArray(),
                Meshes = meshes.ToEquatableArray(),
                Providers = providers.ToEquatableArray(),
                Middleware = middleware.ToEquatableArray(),
                Policies = policies.ToEquatableArray(),
                Rules = rules.ToEquatableArray(),
                SourceFiles = tree.SourceFiles,
                Management = management,
            };
        }

        private ProxyTable BindProxy(ConfigNode node)
        {
            var r = new TableReader(node, _diagnostics);
            TomlValue? id = r.String("id");
            TomlValue? name = r.String("name");
            TomlValue? idValue = id ?? name;
            if (idValue is null && !r.Has("id") && !r.Has("name"))
            {
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RequiredKeyMissing, node.Location, "[proxy]", "id"));
            }

            ConfigNode? limits = r.Table("content_limits");
            var proxy = new ProxyTable
            {
                Id = idValue?.Text,
                IdValue = idValue,
                PipelinesPath = r.String("pipelines_path"),
                MeshPath = r.String("mesh_path"),
                PrimaryProvider = r.String("primary_provider"),
                TransformsPath = r.String("transforms_path"),
                Location = node.Location,
                DrainTimeoutSeconds = r.Int("drain_timeout_secs"),
                ContentLimits = limits is null ? null : BindContentLimits(limits),
                TrustedProxies = r.StringArray("trusted_proxies"),
                SensitiveFieldPatterns = r.StringArray("sensitive_field_patterns"),
            };
            // Harmony's log level has no meaning here.
            r.Ignore("log_level");
            r.ReportUnknownKeys("[proxy]", new[] { "id", "name", "pipelines_path", "mesh_path", "primary_provider", "transforms_path", "drain_timeout_secs", "content_limits", "trusted_proxies", "sensitive_field_patterns" });
            return proxy;
        }

        private ContentLimitsTable BindContentLimits(ConfigNode node)
        {
            const string size = "a number of bytes or a size string such as \"10MB\"";
            var r = new TableReader(node, _diagnostics);
            var limits = new ContentLimitsTable(node.Location, r.IntegerOrString("max_body_size", size), r.IntegerOrString("max_header_size", size));
            r.ReportUnknownKeys("[proxy.content_limits]", new[] { "max_body_size", "max_header_size" });
            return limits;
        }

        private ManagementTable BindManagement(ConfigNode node)
        {
            var r = new TableReader(node, _diagnostics);
            // The network is required only when the API is on: a disabled [management] may be a stub.
            LocatedBool? enabled = r.Bool("enabled");
            var management = new ManagementTable(node.Location, enabled, r.String("base_path"), r.String("network", required: enabled?.Value ?? true));
            r.ReportUnknownKeys("[management]", new[] { "enabled", "base_path", "network" });
            return management;
        }

        private NetworkTable BindNetwork(ConfigNode node)
        {
            var r = new TableReader(node, _diagnostics);
            LocatedBool? wireguard = r.Bool("enable_wireguard");
            if (wireguard is { Value: true })
            {
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnenforceableSecurity, wireguard.Location, $"network.{node.Name}.enable_wireguard = true", HarmonyMiddleware.Phrase(MiddlewareEffect.Guards)));
            }

            r.Ignore("interface");
            ConfigNode? http = r.Table("http");
            ConfigNode? http3 = r.Table("http3");
            r.ReportUnknownKeys($"[network.{node.Name}]", new[] { "http", "http3", "enable_wireguard", "interface" });
            return new NetworkTable(node.Name, node.Location, http is null ? null : BindListener(http), http3 is null ? null : BindListener(http3));
        }

        private ListenerTable BindListener(ConfigNode node)
        {
            var r = new TableReader(node, _diagnostics);
            var listener = new ListenerTable
            {
                BindAddress = r.String("bind_address", required: true),
                BindPort = r.Int("bind_port", required: true),
                CertPath = r.String("cert_path"),
                KeyPath = r.String("key_path"),
                Location = node.Location,
            };
            r.ReportUnknownKeys($"[{node.DottedPath}]", new[] { "bind_address", "bind_port", "cert_path", "key_path" });
            return listener;
        }

        private PipelineTable BindPipeline(ConfigNode node, List<MeshPointTable> points)
        {
            var r = new TableReader(node, _diagnostics);
            var pipeline = new PipelineTable
            {
                Name = node.Name,
                Location = node.Location,
                Description = r.String("description")?.Text,
                Networks = r.StringArray("networks"),
                Endpoints = r.StringArray("endpoints"),
                Backends = r.StringArray("backends"),
                Middleware = BindMiddlewareChain(r, node.Name),
                MaxConcurrentRequests = r.Int("max_concurrent_requests"),
            };

            ConfigNode? mesh = r.Table("mesh");
            if (mesh is not null)
            {
                var m = new TableReader(mesh, _diagnostics);
                ConfigNode? ingress = m.Table("ingress");
                ConfigNode? egress = m.Table("egress");
                m.ReportUnknownKeys($"[pipelines.{node.Name}.mesh]", new[] { "ingress", "egress" });
                if (ingress is not null)
                {
                    Each(ingress, i => points.Add(BindMeshPoint(i, isIngress: true, pipeline: node.Name)));
                }

                if (egress is not null)
                {
                    Each(egress, e => points.Add(BindMeshPoint(e, isIngress: false, pipeline: node.Name)));
                }
            }

            r.ReportUnknownKeys($"[pipelines.{node.Name}]", new[] { "description", "networks", "endpoints", "backends", "middleware", "mesh", "max_concurrent_requests" });
            return pipeline;
        }

        private EndpointTable BindEndpoint(ConfigNode node)
        {
            var r = new TableReader(node, _diagnostics);
            TomlValue? service = Service(r, "Endpoint", node.Name, EndpointServices);
            TomlValue? pathPrefix = null;
            ConfigNode? options = r.Table("options");
            if (options is not null)
            {
                // Service options are free-form in Harmony; only the ones HarmonyGen uses are read.
                pathPrefix = new TableReader(options, _diagnostics).String("path_prefix");
            }

            r.ReportUnknownKeys($"[endpoints.{node.Name}]", new[] { "service", "options" });
            return new EndpointTable(node.Name, node.Location, service, pathPrefix);
        }

        private BackendTable BindBackend(ConfigNode node)
        {
            var r = new TableReader(node, _diagnostics);
            TomlValue? service = Service(r, "Backend", node.Name, BackendServices);
            TomlValue? baseUrl = null;
            ConfigNode? options = r.Table("options");
            if (options is not null)
            {
                baseUrl = new TableReader(options, _diagnostics).String("base_url");
            }

            var backend = new BackendTable
            {
                Name = node.Name,
                Location = node.Location,
                Service = service,
                BaseUrl = baseUrl,
                TargetRef = r.String("target_ref"),
                TimeoutSeconds = r.Int("timeout_secs"),
            };
            r.ReportUnknownKeys($"[backends.{node.Name}]", new[] { "service", "options", "target_ref", "timeout_secs" });
            return backend;
        }

        /// <summary>
        /// An endpoint's or backend's <c>service</c>: one HarmonyGen serves, else HG0513 for a Harmony service that is
        /// not HTTP (refused, with a message that says why) or HG0003 for a word Harmony does not know either.
        /// </summary>
        private TomlValue? Service(TableReader r, string kind, string name, string[] served)
        {
            TomlValue? service = r.String("service", required: true);
            if (service is null || served.Contains(service.Text))
            {
                return service;
            }

            foreach ((string unserved, string family) in s_unservedServices)
            {
                if (unserved == service.Text)
                {
                    _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ServiceNotServed, service.Location, kind, name, service.Text, family, string.Join(", ", served)));
                    return null;
                }
            }

            _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownEnumValue, service.Location, r.Qualified("service"), "'" + string.Join("', '", served) + "'", service.Text));
            return null;
        }

        private TargetTable BindTarget(ConfigNode node)
        {
            var r = new TableReader(node, _diagnostics);
            ConfigNode? connection = r.Table("connection");
            LocatedInt? timeout = r.Int("timeout_secs");
            r.ReportUnknownKeys($"[targets.{node.Name}]", new[] { "connection", "timeout_secs" });
            if (connection is null)
            {
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RequiredKeyMissing, node.Location, $"[targets.{node.Name}]", "connection.host"));
                return new TargetTable { Name = node.Name, Location = node.Location, TimeoutSeconds = timeout };
            }

            var c = new TableReader(connection, _diagnostics);
            var target = new TargetTable
            {
                Name = node.Name,
                Location = node.Location,
                Host = c.String("host", required: true),
                Port = c.Int("port"),
                Protocol = c.Enum("protocol", TargetProtocols),
                BasePath = c.String("base_path"),
                TimeoutSeconds = timeout,
            };
            c.ReportUnknownKeys($"[targets.{node.Name}.connection]", new[] { "host", "port", "protocol", "base_path" });
            return target;
        }

        private MeshPointTable BindMeshPoint(ConfigNode node, bool isIngress, string? pipeline)
        {
            var r = new TableReader(node, _diagnostics);
            string kind = isIngress ? "ingress" : "egress";
            string table = pipeline is null ? $"[{kind}.{node.Name}]" : $"[pipelines.{pipeline}.mesh.{kind}.{node.Name}]";
            TomlValue? pipelineValue = null;
            if (pipeline is null)
            {
                pipelineValue = r.String("pipeline");
                if (pipelineValue is null && !r.Has("pipeline"))
                {
                    _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.IngressPipelineMissing, node.Location, kind, node.Name));
                }
            }

            TomlValue? type = r.Enum("type", TransportTypes, required: true);
            TomlValue? mode = r.Enum("mode", Modes);
            TomlValue? target = r.String(isIngress ? "endpoint" : "backend");
            EquatableArray<TomlValue> urls = EquatableArray<TomlValue>.Empty;
            if (isIngress)
            {
                bool present = r.Has("urls");
                urls = r.StringArray("urls");
                if (urls.Count == 0 && (!present || node.Get("urls")?.Value?.Kind == TomlValueKind.Array))
                {
                    LocationInfo where = node.Get("urls")?.Value?.Location ?? node.Location;
                    _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.IngressHasNoUrls, where, node.Name));
                }
            }

            string? description = r.String("description")?.Text;
            bool enabled = r.Bool("enabled")?.Value ?? true;
            string[] known = isIngress
                ? new[] { "type", "urls", "endpoint", "mode", "description", "enabled" }
                : new[] { "type", "backend", "mode", "description", "enabled" };
            if (pipeline is null)
            {
                known = known.Concat(new[] { "pipeline" }).ToArray();
            }
            r.ReportUnknownKeys(table, known);
            return new MeshPointTable
            {
                Name = node.Name,
                Location = node.Location,
                IsIngress = isIngress,
                Pipeline = pipeline ?? pipelineValue?.Text,
                PipelineValue = pipelineValue,
                Type = type,
                Mode = mode,
                Target = target,
                Urls = urls,
                Description = description,
                Enabled = enabled,
            };
        }

        private RemoteIngressTable BindRemoteIngress(ConfigNode node)
        {
            var r = new TableReader(node, _diagnostics);
            bool present = r.Has("urls");
            EquatableArray<TomlValue> urls = r.StringArray("urls");
            if (urls.Count == 0 && (!present || node.Get("urls")?.Value?.Kind == TomlValueKind.Array))
            {
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.IngressHasNoUrls, node.Get("urls")?.Value?.Location ?? node.Location, node.Name));
            }

            r.Ignore("description");
            r.ReportUnknownKeys($"[remote_ingress.{node.Name}]", new[] { "urls", "description" });
            return new RemoteIngressTable(node.Name, node.Location, urls);
        }

        private MeshTable BindMesh(ConfigNode node)
        {
            var r = new TableReader(node, _diagnostics);
            var mesh = new MeshTable
            {
                Name = node.Name,
                Location = node.Location,
                Type = r.Enum("type", TransportTypes),
                Provider = r.Enum("provider", MeshProviders),
                JwtSecret = r.String("jwt_secret"),
                PrivateKeyPath = r.String("jwt_private_key_path"),
                PublicKeyPath = r.String("jwt_public_key_path"),
                PreviousSecret = r.String("jwt_previous_secret"),
                PreviousPublicKeyPath = r.String("jwt_previous_public_key_path"),
                JwtAudience = r.Bool("jwt_audience"),
                CallerHeader = r.String("caller_header"),
                CallerMeshHeader = r.String("caller_mesh_header"),
                Id = r.String("id"),
                JwksUrl = r.String("jwks_url"),
                Ingress = r.StringArray("ingress"),
                Egress = r.StringArray("egress"),
                Description = r.String("description")?.Text,
                Enabled = r.Bool("enabled")?.Value ?? true,
            };
            r.Enum("auth_type", AuthTypes);
            r.ReportUnknownKeys($"[mesh.{node.Name}]", new[]
            {
                "type", "provider", "auth_type", "jwt_secret", "jwt_private_key_path", "jwt_public_key_path",
                "jwt_previous_secret", "jwt_previous_public_key_path", "jwt_audience", "caller_header", "caller_mesh_header",
                "id", "jwks_url", "ingress", "egress", "description", "enabled",
            });
            return mesh;
        }

        private ProviderTable BindProvider(ConfigNode node)
        {
            var r = new TableReader(node, _diagnostics);
            var provider = new ProviderTable(node.Name, node.Location, r.String("api"), r.Int("poll_interval_secs"));
            r.ReportUnknownKeys($"[provider.{node.Name}]", new[] { "api", "poll_interval_secs" });
            return provider;
        }

        private ProviderTable BindLegacyRunbeam(ConfigNode node)
        {
            var r = new TableReader(node, _diagnostics);
            var provider = new ProviderTable("runbeam", node.Location, r.String("cloud_api_base_url"), r.Int("poll_interval_secs"), "cloud_api_base_url");
            r.Ignore("enabled");
            r.ReportUnknownKeys("[runbeam]", new[] { "cloud_api_base_url", "poll_interval_secs", "enabled" });
            return provider;
        }

        /// <summary>Binds each named child table of a collection such as <c>[pipelines]</c>.</summary>
        private void Each(ConfigNode collection, System.Action<ConfigNode> bind)
        {
            foreach (ConfigNode child in collection.Children)
            {
                if (!child.IsTable)
                {
                    _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WrongValueType, child.Value!.Location, child.DottedPath, "a table", TomlValue.KindName(child.Value.Kind)));
                    continue;
                }

                bind(child);
            }
        }

        private void Unknown(ConfigNode node, string where, string[] known) =>
            _diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UnknownKey,
                node.KeyLocation ?? node.Location,
                node.Name,
                where,
                NameSuggester.Hint(node.Name, known)));

        private static LocationInfo FileStart(string path) =>
            new(path, new Microsoft.CodeAnalysis.Text.TextSpan(0, 0), default);
    }
}
