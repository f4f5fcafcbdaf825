using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace HarmonyGen.Generator;

/// <summary>
/// Every diagnostic HarmonyGen reports, in one place. IDs are grouped: HG00xx TOML and structure, HG01xx ingress,
/// HG02xx egress, HG03xx references, HG04xx mesh and keys, HG05xx networks, backends and endpoints,
/// HG06xx reachability warnings, HG07xx operations (management API, limits, shutdown), HG08xx policy rules, HG09xx payload middleware (transforms, webhooks); HG1xxx are C# that uses a generated gateway, reported by the analyzers
/// (analyzers/HarmonyGen.Analyzers compiles this file too). Each has a page in docs/diagnostics.md.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Config = "HarmonyGen.Config";
    private const string Mesh = "HarmonyGen.Mesh";
    private const string Security = "HarmonyGen.Security";
    private const string Usage = "HarmonyGen.Usage";
    private const string HelpBase = "https://github.com/harmonygen/harmonygen/blob/main/docs/diagnostics.md#";

    private static readonly Dictionary<string, DiagnosticDescriptor> s_byId = new();

    // HG00xx: TOML and structure
    public static readonly DiagnosticDescriptor TomlSyntaxError = Error("HG0001", Config, "TOML syntax error", "TOML syntax error: {0}");
    public static readonly DiagnosticDescriptor WrongValueType = Error("HG0002", Config, "Value has the wrong type", "'{0}' must be {1}, not {2}");
    public static readonly DiagnosticDescriptor UnknownEnumValue = Error("HG0003", Config, "Unknown value", "'{0}' must be one of {1}; '{2}' is not");
    public static readonly DiagnosticDescriptor RequiredKeyMissing = Error("HG0004", Config, "Required key missing", "{0} needs '{1}'");
    public static readonly DiagnosticDescriptor DuplicateDefinition = Error("HG0005", Config, "Defined twice", "{0} is defined twice; the other definition is at {1}");
    public static readonly DiagnosticDescriptor UnknownKey = Warning("HG0006", Config, "Unknown key", "'{0}' is not a key HarmonyGen knows in {1}; it has no effect{2}");
    public static readonly DiagnosticDescriptor IgnoredTable = Info("HG0007", Config, "Table not used by the gateway", "[{0}] has no effect on traffic in HarmonyGen and is ignored");
    public static readonly DiagnosticDescriptor UnenforceableSecurity = Error("HG0008", Security, "Middleware or security setting cannot be enforced", "{0} {1} and HarmonyGen cannot enforce it, so the build stops rather than drop it silently");
    public static readonly DiagnosticDescriptor DuplicateGateway = Error("HG0009", Config, "Two gateway roots with one name", "Gateway '{0}' (C# name '{1}') is already defined by the config.toml at {2}");
    public static readonly DiagnosticDescriptor InvalidEnvironmentReference = Error("HG0010", Config, "Invalid environment reference", "'{0}' is not a valid environment reference; write \"${{NAME}}\" with a name of letters, digits and '_'");

    public static readonly DiagnosticDescriptor InternalError = Error("HG0099", Config, "HarmonyGen internal error", "HarmonyGen failed while reading this configuration ({0}); please report it with the TOML that caused it");

    // HG01xx: ingress
    public static readonly DiagnosticDescriptor IngressUrlInvalid = Error("HG0101", Config, "Ingress URL is not an absolute http(s) URL", "Ingress '{0}' URL '{1}' must be an absolute http:// or https:// URL with a host");
    public static readonly DiagnosticDescriptor IngressUrlHasQueryOrFragment = Error("HG0102", Config, "Ingress URL has a query or fragment", "Ingress '{0}' URL '{1}' must not have a query or fragment; ingress URLs match scheme, host, port and path only");
    public static readonly DiagnosticDescriptor IngressHasNoUrls = Error("HG0103", Config, "Ingress has no URLs", "Ingress '{0}' needs at least one URL in 'urls'");
    public static readonly DiagnosticDescriptor IngressEndpointNotInPipeline = Error("HG0104", Config, "Ingress endpoint is not in its pipeline", "Ingress '{0}' names endpoint '{1}', which pipeline '{2}' does not list in its endpoints{3}");
    public static readonly DiagnosticDescriptor IngressHasNoEndpoint = Error("HG0105", Config, "Ingress has no endpoint", "Ingress '{0}' names no endpoint and pipeline '{1}' has none to default to");
    public static readonly DiagnosticDescriptor IngressUrlBoundTwice = Error("HG0106", Config, "URL bound by two ingresses", "URL '{0}' of ingress '{1}' is also bound by ingress '{2}' at {3}; a request could not tell them apart");

    // HG02xx: egress
    public static readonly DiagnosticDescriptor EgressBackendNotInPipeline = Error("HG0201", Config, "Egress backend is not in its pipeline", "Egress '{0}' names backend '{1}', which pipeline '{2}' does not list in its backends{3}");
    public static readonly DiagnosticDescriptor EgressHasNoBackend = Error("HG0202", Config, "Egress has no backend", "Egress '{0}' names no backend and pipeline '{1}' has none to default to");
    public static readonly DiagnosticDescriptor EgressInTwoMeshes = Error("HG0203", Mesh, "Egress listed by two enabled meshes", "Egress '{0}' is listed by enabled meshes '{1}' and '{2}' (at {3}); a request can carry only one mesh token");

    // HG03xx: references
    public static readonly DiagnosticDescriptor UnresolvedReference = Error("HG0301", Config, "Reference names nothing", "{0} '{1}' is not defined{2}");
    public static readonly DiagnosticDescriptor IngressPipelineMissing = Error("HG0302", Config, "Top-level ingress or egress names no pipeline", "[{0}.{1}] must name its pipeline with 'pipeline = \"...\"' (or be written as [pipelines.P.mesh.{0}.{1}])");
    public static readonly DiagnosticDescriptor PathFilterWithoutRules = Error("HG0319", Security, "Path filter allows no path", "'{0}' is empty: Harmony refuses a path_filter without a rule (\"PathFilter requires at least one rule\"); list the paths it lets through, such as \"/api/{{*rest}}\"");

    // HG0307-HG0318: basic_auth and jwt_auth middleware options (docs/configuration-decisions.md)
    public static readonly DiagnosticDescriptor LiteralCredential = Warning("HG0307", Security, "Credential written in the TOML", "Middleware '{0}' {1} is written in the file; prefer \"${{ENV_NAME}}\" so the secret stays out of source control");
    public static readonly DiagnosticDescriptor ShortJwtSecret = Error("HG0308", Security, "jwt_auth secret is too short", "Middleware '{0}' hs256_secret is {1} bytes; HS256 needs at least 32 (RFC 7518 §3.2), and the gateway refuses a shorter key at start-up");
    public static readonly DiagnosticDescriptor Hs256WithoutSecret = Error("HG0309", Security, "jwt_auth HS256 without a secret", "Middleware '{0}' sets use_hs256 = true without 'hs256_secret'; Harmony would then verify tokens with its built-in test secret, which anyone can sign with");
    public static readonly DiagnosticDescriptor JwtWithoutPublicKey = Error("HG0310", Security, "jwt_auth RS256 without a public key", "Middleware '{0}' verifies RS256 tokens and needs 'public_key_path' (a PEM RSA public key), or use_hs256 = true with 'hs256_secret'");
    public static readonly DiagnosticDescriptor JwtKeyIgnored = Warning("HG0311", Security, "jwt_auth key setting has no effect", "Middleware '{0}' '{1}' has no effect: {2}");
    public static readonly DiagnosticDescriptor BasicAuthUsernameColon = Error("HG0312", Security, "basic_auth username contains a colon", "Middleware '{0}' username contains ':', so no Basic credentials can match it (RFC 7617: the user-id ends at the first colon)");

    // HG04xx: mesh and keys
    public static readonly DiagnosticDescriptor MeshMemberNotFound = Error("HG0401", Mesh, "Mesh member names nothing", "Mesh '{0}' lists {1} '{2}', which is not defined{3}");
    public static readonly DiagnosticDescriptor ProviderReferenceGrammar = Error("HG0402", Mesh, "Provider reference has bad grammar", "'{0}' is not a valid reference: {1}; write X, P.name.X, P.id.X, P.TEAM.id.X or P.TEAM.TYPE.(name|id).X");
    public static readonly DiagnosticDescriptor ProviderNotConfigured = Error("HG0403", Mesh, "Provider is not configured", "Provider '{0}' is not configured; add [provider.{0}] with 'api'{1}");
    public static readonly DiagnosticDescriptor LocalMeshWithoutKeys = Error("HG0404", Mesh, "Local mesh has no key material", "Mesh '{0}' uses provider 'local' and needs 'jwt_secret' (HS256) or 'jwt_private_key_path'/'jwt_public_key_path' (RS256)");
    public static readonly DiagnosticDescriptor LocalMeshWithBothKeys = Error("HG0405", Mesh, "Local mesh has both a secret and key paths", "Mesh '{0}' sets both 'jwt_secret' and RS256 key paths; choose one algorithm");
    public static readonly DiagnosticDescriptor MeshEgressWithoutSigningKey = Error("HG0406", Mesh, "Mesh egress without a signing key", "Mesh '{0}' has egress but no signing key; set 'jwt_private_key_path' (or use 'jwt_secret')");
    public static readonly DiagnosticDescriptor MeshIngressWithoutVerifyingKey = Error("HG0407", Mesh, "Mesh ingress without a verifying key", "Mesh '{0}' has ingress but no verifying key; set 'jwt_public_key_path' (or use 'jwt_secret')");
    public static readonly DiagnosticDescriptor ShortSecret = Warning("HG0408", Security, "JWT secret is too short", "Mesh '{0}' {2} is {1} bytes; HS256 needs at least 32 (RFC 7518 §3.2)");
    public static readonly DiagnosticDescriptor LiteralSecret = Warning("HG0409", Security, "Secret written in the TOML", "Mesh '{0}' {1} is written in the file; prefer \"${{ENV_NAME}}\" so the secret stays out of source control");
    public static readonly DiagnosticDescriptor KeyFileNotFound = Warning("HG0410", Mesh, "Key file not found at build time", "Key file '{0}' was not found at build time (resolved to '{1}'); the gateway will fail to start unless it exists where it runs");
    public static readonly DiagnosticDescriptor ProviderMeshNeedsId = Error("HG0411", Mesh, "Provider mesh needs an id", "Mesh '{0}' uses provider '{1}' and needs 'id', the mesh id the provider knows it by");
    public static readonly DiagnosticDescriptor ProviderNeedsApi = Error("HG0412", Config, "Provider needs an API address", "Provider '{0}' needs '{1}', an absolute https:// or http:// URL");
    public static readonly DiagnosticDescriptor MeshKeyWithProvider = Warning("HG0413", Mesh, "Key material ignored for a provider mesh", "Mesh '{0}' uses provider '{1}', which issues and verifies tokens itself; '{2}' is ignored");
    public static readonly DiagnosticDescriptor PreviousKeyOfOtherAlgorithm = Error("HG0415", Mesh, "Previous key of the other algorithm", "Mesh '{0}' is {1} but sets '{2}', a previous key for {3}; a rotation keeps the algorithm, so set '{4}' instead");
    public static readonly DiagnosticDescriptor InvalidCallerHeader = Error("HG0416", Mesh, "Caller header name cannot be used", "Mesh '{0}' {1} = '{2}' cannot be used: {3}");
    public static readonly DiagnosticDescriptor ProviderPollIntervalOutOfRange = Error("HG0414", Config, "Provider poll interval out of range", "Provider '{0}' poll_interval_secs must be between 1 and 86400 seconds, not {1}");

    // HG05xx: networks, endpoints, backends, targets
    public static readonly DiagnosticDescriptor InvalidPort = Error("HG0501", Config, "Port out of range", "'{0}' must be between 1 and 65535, not {1}");
    public static readonly DiagnosticDescriptor InvalidBindAddress = Error("HG0502", Config, "Bind address is not an IP address", "'{0}' must be an IPv4 or IPv6 address (or 'localhost'), not '{1}'");
    public static readonly DiagnosticDescriptor Http3NeedsCertificate = Error("HG0503", Config, "HTTP/3 listener without TLS material", "[network.{0}.http3] needs 'cert_path' and 'key_path': HTTP/3 always runs over TLS");
    public static readonly DiagnosticDescriptor InvalidBaseUrl = Error("HG0504", Config, "URL is not an absolute http(s) URL", "'{0}' must be an absolute http:// or https:// URL with a host, not '{1}'");
    public static readonly DiagnosticDescriptor BackendHasNoAddress = Error("HG0505", Config, "Backend has no address", "Backend '{0}' needs 'options.base_url' or 'target_ref'");
    public static readonly DiagnosticDescriptor InvalidPathPrefix = Error("HG0506", Config, "Path prefix does not start with '/'", "'{0}' must start with '/', not '{1}'");
    public static readonly DiagnosticDescriptor InvalidTimeout = Error("HG0507", Config, "Timeout out of range", "'{0}' must be between 1 and 3600 seconds, not {1}");
    public static readonly DiagnosticDescriptor PipelineWithoutListener = Warning("HG0508", Config, "Pipeline has no listener", "Pipeline '{0}' is on no network with a listener; nothing can reach its endpoints");
    public static readonly DiagnosticDescriptor HalfConfiguredTls = Error("HG0510", Security, "TLS listener with only half of its key pair", "[network.{0}.http] sets '{1}' but not '{2}'; TLS needs both, and without them the listener would serve plain HTTP");
    public static readonly DiagnosticDescriptor ListenerPortInUse = Error("HG0511", Config, "Two listeners on one port", "[{0}] would listen on {1}, which [{2}] already binds (at {3}); the gateway could not start");
    public static readonly DiagnosticDescriptor PipelineWithoutBackend = Warning("HG0512", Config, "Pipeline has no backend", "Pipeline '{0}' has endpoints but no backends; every request it takes will be answered 502");
    public static readonly DiagnosticDescriptor ServiceNotServed = Error("HG0513", Config, "Service HarmonyGen does not serve", "{0} '{1}' uses service '{2}', a {3} service; HarmonyGen serves HTTP only ({4})");
    public static readonly DiagnosticDescriptor IngressTypeWithoutListener = Warning("HG0509", Config, "HTTP/3 ingress without an HTTP/3 listener", "Ingress '{0}' is type 'http3' but no network of pipeline '{1}' has a [network.N.http3] listener; it will be served over HTTP/1.1 and HTTP/2 only");

    // HG06xx: reachability
    public static readonly DiagnosticDescriptor IngressOnlyInDisabledMesh = Warning("HG0601", Mesh, "Ingress listed only by disabled meshes", "Ingress '{0}' is listed only by disabled mesh '{1}'; it accepts no mesh tokens");
    public static readonly DiagnosticDescriptor EgressInNoMesh = Warning("HG0602", Mesh, "Egress reached by no mesh", "Egress '{0}' is listed by no enabled mesh; requests through backend '{1}' carry no mesh token{2}");
    public static readonly DiagnosticDescriptor MeshAuthPipelineWithoutMesh = Warning("HG0604", Mesh, "mesh_auth pipeline reached by no mesh", "Pipeline '{0}' uses mesh_auth middleware '{1}' but none of its enabled ingresses belongs to an enabled mesh; it will reject every request");
    public static readonly DiagnosticDescriptor MeshHopDisagrees = Warning("HG0605", Mesh, "Mesh hop between two gateways of the project does not agree", "Egress '{0}' of gateway '{1}' signs with mesh '{2}' for ingress '{3}' of gateway '{4}', which {5}; its tokens will not be accepted there ({6})");
    public static readonly DiagnosticDescriptor MeshHopKeysDiffer = Warning("HG0606", Mesh, "Mesh hop between two gateways of the project signs with a key the other does not verify", "Egress '{0}' of gateway '{1}' signs mesh '{2}' with {3}, which ingress '{4}' of gateway '{5}' does not accept: {6}; its tokens will not be accepted there ({7})");
    public static readonly DiagnosticDescriptor MeshHopKeysUnchecked = Info("HG0607", Mesh, "Mesh hop keys cannot be compared at build time", "Egress '{0}' of gateway '{1}' signs mesh '{2}' with {3}, which the build cannot compare with the keys of ingress '{4}' of gateway '{5}': {6}; check at deployment that they match ({7})");
    public static readonly DiagnosticDescriptor MeshModeIngressWithoutMesh = Warning("HG0603", Mesh, "Mesh-mode ingress in no mesh", "Ingress '{0}' is mode = \"mesh\" but belongs to no enabled mesh; it will reject every request");

    // HG07xx: operations (the management API, limits, graceful shutdown)
    public static readonly DiagnosticDescriptor ManagementNetworkUnknown = Error("HG0701", Config, "Management network is not defined", "[management] network '{0}' is not defined{1}");
    public static readonly DiagnosticDescriptor ManagementBasePathInvalid = Error("HG0702", Config, "Management base path is not a usable path", "[management] base_path '{0}' {1}");
    public static readonly DiagnosticDescriptor ManagementSharesTraffic = Warning("HG0703", Security, "Management API shares a network with traffic", "[management] network '{0}' also serves pipeline '{1}'; the management API then listens on the same port as traffic, and anyone who can send traffic can read it");
    public static readonly DiagnosticDescriptor SizeNotUnderstood = Error("HG0704", Config, "Size is not a byte count", "'{0}' must be a number of bytes or a size such as \"10MB\" or \"512KiB\" (units B, KB, MB, GB, TB, KiB, MiB, GiB, TiB), not '{1}'");
    public static readonly DiagnosticDescriptor LimitOutOfRange = Error("HG0705", Config, "Limit out of range", "'{0}' must be between {1} and {2}, not {3}");

    // HG08xx: policy rules (the options of [rules.R] and of rules written in place)
    public static readonly DiagnosticDescriptor InvalidIpRange = Error("HG0801", Security, "Not an IP address or CIDR range", "'{0}' in {1} is not an IPv4 or IPv6 address or CIDR range: {2}");
    public static readonly DiagnosticDescriptor InvalidPathPattern = Error("HG0802", Security, "Not a valid path pattern", "'{0}' in {1} is not a valid path pattern: {2}");
    public static readonly DiagnosticDescriptor UnknownHttpMethod = Error("HG0803", Security, "Unknown HTTP method", "'{0}' in {1} is not an HTTP method{2}; write GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE or PATCH, in upper case");
    public static readonly DiagnosticDescriptor InvalidMediaRange = Error("HG0804", Security, "Not a media type", "'{0}' in {1} is not a media type or range such as 'application/json', 'application/*' or '*/*'");
    public static readonly DiagnosticDescriptor UnknownRuleType = Error("HG0805", Security, "Unknown policy rule type", "Rule '{0}' has type '{1}', which is not a Harmony rule type; Harmony would skip the rule as never matching{2}");
    public static readonly DiagnosticDescriptor ValueNotInFormat = Error("HG0806", Security, "Value not in its format", "'{0}' must be {1}, not '{2}'");
    public static readonly DiagnosticDescriptor InvalidRegex = Error("HG0807", Security, "Not a regular expression Harmony's regex crate accepts", "'{0}' in {1} is not a regular expression Harmony accepts: {2}");

    // HG09xx: payload transforms (the transform middleware's JOLT spec files)
    public static readonly DiagnosticDescriptor TransformSpecJsonSyntax = Error("HG0901", Config, "Transform spec is not JSON", "Transform spec is not JSON Harmony can read: {0}");
    public static readonly DiagnosticDescriptor TransformSpecShape = Error("HG0902", Config, "Transform spec has the wrong shape", "{0} must be {1}, not {2}");
    public static readonly DiagnosticDescriptor TransformOperationUnknown = Error("HG0903", Config, "Not a JOLT operation Harmony runs", "'{0}' is not a JOLT operation Harmony runs: Harmony's engine (harmony-jolt 0.5.0) runs shift, default, remove, modify-overwrite-beta, modify-default-beta and modify-define-beta{1}");
    public static readonly DiagnosticDescriptor TransformExpressionInvalid = Error("HG0904", Config, "Not a JOLT key or path", "'{0}' is not a JOLT {1} Harmony reads: {2}");
    public static readonly DiagnosticDescriptor TransformKeyDuplicate = Error("HG0905", Config, "Shift key written twice", "Shift key '{0}' is written twice in one object, which Harmony refuses (\"duplicate lhs\"); the other is at {1}");
    public static readonly DiagnosticDescriptor TransformSpecNotFound = Error("HG0906", Config, "Transform spec file not found", "Transform spec '{0}' is not a file of the project: looked for {1}, which Harmony resolves under [proxy] transforms_path");
    public static readonly DiagnosticDescriptor TransformFunctionUnknown = Error("HG0907", Config, "Not a modify function Harmony documents", "'{0}' is not a function of Harmony's modify operations{1}");
    public static readonly DiagnosticDescriptor TransformFunctionArguments = Error("HG0908", Config, "Modify function arguments that never give a value", "{0}: {1}");
    public static readonly DiagnosticDescriptor TransformFunctionSyntax = Error("HG0909", Config, "Not a modify value Harmony reads", "'{0}' is not a modify value HarmonyGen compiles: {1}");
    public static readonly DiagnosticDescriptor TransformModifyKey = Error("HG0910", Config, "Not a modify key", "'{0}' is not a key a modify operation matches: {1}");

    // HG092x: metadata_transform (the options of a [middleware.M] of that type; its spec file is HG0901-HG0906)
    public static readonly DiagnosticDescriptor MetadataTransformTargetNotRun = Error("HG0920", Config, "metadata_transform target HarmonyGen does not run", "metadata_transform '{0}' has transform_target {1}, with which Harmony builds the backend request (method, URI, headers, query) from the spec's output; HarmonyGen runs only transform_target = \"metadata\", which transforms the request's metadata map: write that, or apply = \"right\"");

    // HG095x: webhook (the options of a [middleware.M] of type webhook)
    public static readonly DiagnosticDescriptor WebhookEndpointInvalid = Error("HG0950", Config, "Webhook endpoint is not an absolute http(s) URL", "Webhook '{0}' endpoint '{1}' must be an absolute http:// or https:// URL with a host");
    public static readonly DiagnosticDescriptor WebhookCredentialsNotSent = Warning("HG0951", Config, "Webhook credentials are not sent", "Webhook '{0}' names authentication '{1}', which HarmonyGen does not read: its posts carry no credentials, and an endpoint that requires them will refuse them (the requests themselves are unaffected)");

    // HG1xxx: C# that uses a generated gateway (the analyzers)
    public static readonly DiagnosticDescriptor UnknownName = Error("HG1001", Usage, "Name the gateway's configuration does not define", "Gateway '{0}' defines no {1} '{2}'{3}");
    public static readonly DiagnosticDescriptor EgressCannotSign = Error("HG1002", Usage, "Egress that cannot carry a mesh token", "Egress '{0}' of gateway '{1}' {2}, so it has no mesh token to attach and MeshEgressHandler refuses it");
    public static readonly DiagnosticDescriptor StartedPipelineWithoutListener = Warning("HG1003", Usage, "Gateway started with a pipeline no listener serves", "Gateway '{0}' is started, but its pipeline '{1}' is on no network with a listener; nothing can reach its endpoints");

    public static DiagnosticDescriptor ById(string id) => s_byId[id];

    public static IEnumerable<DiagnosticDescriptor> All => s_byId.Values;

    private static DiagnosticDescriptor Error(string id, string category, string title, string message) => Create(id, category, title, message, DiagnosticSeverity.Error);

    private static DiagnosticDescriptor Warning(string id, string category, string title, string message) => Create(id, category, title, message, DiagnosticSeverity.Warning);

    private static DiagnosticDescriptor Info(string id, string category, string title, string message) => Create(id, category, title, message, DiagnosticSeverity.Info);

    private static DiagnosticDescriptor Create(string id, string category, string title, string message, DiagnosticSeverity severity)
    {
        var descriptor = new DiagnosticDescriptor(id, title, message, category, severity, isEnabledByDefault: true, helpLinkUri: HelpBase + id.ToLowerInvariant());
        s_byId[id] = descriptor;
        return descriptor;
    }
}
