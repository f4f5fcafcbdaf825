using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Serialization;
using HarmonyGen.Definitions;

namespace HarmonyGen.Management;

// The management API's JSON documents. Built from the generated definition only: names, URLs, modes and where a
// secret comes from, never a secret, a key's bytes or the contents of a key file.

internal sealed record HealthDocument(string Status, string ProxyId, IReadOnlyList<HealthCheck>? Checks);

internal sealed record RoutesDocument(string ProxyId, IReadOnlyList<IngressRouteView> IngressRoutes, IReadOnlyList<EndpointRouteView> EndpointRoutes);

internal sealed record IngressRouteView(string Scheme, string Host, int Port, string PathPrefix, string Ingress, string Pipeline, string Endpoint, string Mode);

internal sealed record EndpointRouteView(string PathPrefix, string Pipeline, string Endpoint, IReadOnlyList<string> Networks);

internal sealed record PipelinesDocument(string ProxyId, IReadOnlyList<PipelineView> Pipelines);

internal sealed record PipelineView(
    string Name,
    string? Description,
    IReadOnlyList<string> Networks,
    IReadOnlyList<string> Endpoints,
    IReadOnlyList<BackendView> Backends,
    IReadOnlyList<string> Middleware,
    bool RequiresMeshAuth,
    int? MaxConcurrentRequests);

internal sealed record BackendView(string Name, string Service, string? BaseUrl, int TimeoutSeconds);

internal sealed record MeshesDocument(string ProxyId, IReadOnlyList<MeshView> Meshes);

internal sealed record MeshView(
    string Name,
    string MeshId,
    string Provider,
    string Algorithm,
    bool Enabled,
    IReadOnlyList<string> Ingresses,
    IReadOnlyList<string> RemoteIngresses,
    IReadOnlyList<string> Egresses,
    IReadOnlyList<string> ProviderReferences,
    string? JwksUrl,
    KeySourcesView KeySources);

/// <summary>Where each piece of key material comes from: <c>${NAME}</c>, a file path, or "written in the TOML".</summary>
/// <param name="PreviousSecret">The HS256 secret being rotated out (its source, never its value); absent when none.</param>
internal sealed record KeySourcesView(string? SharedSecret, string? PrivateKeyPath, string? PublicKeyPath, string? PreviousSecret = null, string? PreviousPublicKeyPath = null);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HealthDocument))]
[JsonSerializable(typeof(RoutesDocument))]
[JsonSerializable(typeof(PipelinesDocument))]
[JsonSerializable(typeof(MeshesDocument))]
internal sealed partial class ManagementJsonContext : JsonSerializerContext;

/// <summary>The read-only views, computed once from the definition (it never changes while the gateway runs).</summary>
internal static class ManagementViews
{
    public static RoutesDocument Routes(GatewayDefinition d) => new(
        d.ProxyId,
        d.IngressRoutes.Select(r => new IngressRouteView(r.Scheme, r.Host, r.Port, r.PathPrefix, r.Ingress, r.Pipeline, r.Endpoint, Name(r.Mode))).ToArray(),
        d.EndpointRoutes.Select(r => new EndpointRouteView(r.PathPrefix, r.Pipeline, r.Endpoint, r.Networks)).ToArray());

    public static PipelinesDocument Pipelines(GatewayDefinition d) => new(
        d.ProxyId,
        d.Pipelines.Select(p => new PipelineView(
            p.Name,
            p.Description,
            p.Networks,
            p.Endpoints,
            p.Backends.Select(b => d.Backends.FirstOrDefault(x => x.Name == b)).OfType<BackendDefinition>()
                .Select(b => new BackendView(b.Name, Name(b.Service), WithoutUserInfo(b.BaseUrl), b.TimeoutSeconds)).ToArray(),
            p.Middleware,
            p.RequiresMeshAuth,
            p.MaxConcurrentRequests)).ToArray());

    public static MeshesDocument Meshes(GatewayDefinition d) => new(
        d.ProxyId,
        d.Meshes.Select(m => new MeshView(
            m.Name,
            m.MeshId,
            Name(m.Provider),
            m.Algorithm.ToString(),
            m.Enabled,
            m.Ingresses,
            m.RemoteIngresses,
            m.Egresses,
            m.ProviderReferences.Select(r => r.Text).ToArray(),
            m.JwksUrl,
            new KeySourcesView(
                Source(m.SharedSecret, isSecret: true),
                Source(m.PrivateKeyPath, isSecret: false),
                Source(m.PublicKeyPath, isSecret: false),
                Source(m.PreviousSecret, isSecret: true),
                Source(m.PreviousPublicKeyPath, isSecret: false)))).ToArray());

    /// <summary>
    /// A secret shows only as the variable it is read from; a key path (not a secret: the file's bytes are) shows as
    /// written. A secret written in the TOML shows as exactly that, without its text.
    /// </summary>
    private static string? Source(ConfigValue? value, bool isSecret) => value switch
    {
        null => null,
        { EnvironmentVariable: { } variable } => "${" + variable + "}",
        _ when isSecret => "written in the TOML (not shown)",
        _ => value.Literal,
    };

    /// <summary>A base URL may carry <c>user:password@</c>; the view never does.</summary>
    private static string? WithoutUserInfo(string? url)
    {
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) || uri.UserInfo.Length == 0)
        {
            return url;
        }

        return new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty }.Uri.ToString();
    }

    private static string Name<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();
}
