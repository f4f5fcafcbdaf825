using System;
using System.Collections.Generic;
using System.Linq;
using HarmonyGen.Generator.Parsing;
using HarmonyGen.Generator.Spec;

namespace HarmonyGen.Generator.Validation;

/// <summary>Where a key of a local mesh comes from, as far as the build can tell.</summary>
internal enum KeySourceKind
{
    /// <summary>A secret written in the TOML; <see cref="KeySource.Identity"/> is its SHA-256, never the text.</summary>
    Secret,

    /// <summary>A <c>${NAME}</c> reference; the value is only known where the gateway runs.</summary>
    Environment,

    /// <summary>A key file; <see cref="KeySource.Identity"/> is its full normalised path.</summary>
    File,
}

/// <summary>One key of a local mesh: a signing or a verifying one.</summary>
/// <param name="Identity">What two sources compare by: a digest, a variable name or a path (see <see cref="KeySourceKind"/>).</param>
/// <param name="Written">How a message names it: the path or reference as written, or a phrase for a written secret.</param>
/// <param name="Key">The TOML key it is written at.</param>
internal sealed record KeySource(KeySourceKind Kind, string Identity, string Written, string Key, LocationInfo Location);

/// <summary>A mesh as one end of a hop sees it: what a token of it carries, and what a verifier of it demands.</summary>
/// <param name="Signer">The key this member signs with: the secret (HS256) or the private key (RS256).</param>
/// <param name="Verifiers">The keys this member accepts tokens under: the current one, then one being rotated out.</param>
internal sealed record MeshSide(string Name, string MeshId, MeshAlgorithm Algorithm, bool JwtAudience, KeySource? Signer, EquatableArray<KeySource> Verifiers);

/// <summary>An enabled egress of an enabled local mesh, with the URL its backend sends to.</summary>
internal sealed record EgressHop(string Egress, string BaseUrl, MeshSide Mesh, LocationInfo Location);

/// <summary>One URL of an ingress (normalised as the route table is), with the enabled local meshes that list it.</summary>
/// <param name="Enabled">False for an ingress written with <c>enabled = false</c>: it serves nothing, so a hop to it fails.</param>
internal sealed record IngressHop(string Ingress, string Scheme, string Host, int Port, string PathPrefix, EquatableArray<MeshSide> Meshes, LocationInfo Location, bool Enabled = true);

/// <summary>
/// One root's ends of the mesh hops between the roots of a project (<see cref="MeshContract"/>). Holds positions, like
/// the diagnostics, and never reaches the spec, so that moving text leaves the generated C# alone.
/// </summary>
/// <param name="MembershipAtRunTime">True when a provider reference may add meshes to this root's ingresses at run time.</param>
internal sealed record MeshHops(string Gateway, EquatableArray<EgressHop> Egresses, EquatableArray<IngressHop> Ingresses, bool MembershipAtRunTime)
{
    /// <param name="meshTables">The mesh tables by name, for where each key is written.</param>
    /// <param name="configDirectory">The folder of the root's config.toml, which relative key paths are relative to.</param>
    public static MeshHops From(
        GatewaySpec spec,
        IReadOnlyDictionary<string, LocationInfo> egressLocations,
        IReadOnlyDictionary<string, LocationInfo> ingressLocations,
        IReadOnlyDictionary<string, MeshTable> meshTables,
        string configDirectory)
    {
        Dictionary<string, MeshSpec> local = spec.Meshes
            .Where(m => m.Enabled && m.Provider == MeshProvider.Local)
            .ToDictionary(m => m.Name, StringComparer.Ordinal);
        MeshSide Side(MeshSpec m) => MeshSideOf(m, meshTables.TryGetValue(m.Name, out MeshTable? table) ? table : null, configDirectory);

        var egresses = new List<EgressHop>();
        foreach (EgressSpec egress in spec.Egresses.Where(e => e.Enabled && e.Meshes.Count > 0))
        {
            if (local.TryGetValue(egress.Meshes[0], out MeshSpec? mesh)
                && spec.Backends.FirstOrDefault(b => b.Name == egress.Backend)?.BaseUrl is { } baseUrl
                && egressLocations.TryGetValue(egress.Name, out LocationInfo? location))
            {
                egresses.Add(new EgressHop(egress.Name, baseUrl, Side(mesh), location));
            }
        }

        var ingresses = new List<IngressHop>();
        foreach (IngressRouteSpec route in spec.IngressRoutes)
        {
            IngressSpec? ingress = spec.Ingresses.FirstOrDefault(i => i.Name == route.Ingress);
            if (ingress is not null && ingressLocations.TryGetValue(ingress.Name, out LocationInfo? location))
            {
                EquatableArray<MeshSide> meshes = ingress.Meshes.Where(local.ContainsKey).Select(n => Side(local[n])).ToEquatableArray();
                ingresses.Add(new IngressHop(ingress.Name, route.Scheme, route.Host, route.Port, route.PathPrefix, meshes, location));
            }
        }

        // A disabled ingress has no route, but a hop aimed at its URL is still a hop that cannot work.
        foreach (IngressSpec ingress in spec.Ingresses.Where(i => !i.Enabled))
        {
            if (!ingressLocations.TryGetValue(ingress.Name, out LocationInfo? location))
            {
                continue;
            }

            foreach (string url in ingress.Urls)
            {
                if (!UrlRules.HasQueryOrFragment(url) && UrlRules.TryParseHttpUrl(url, out Uri uri))
                {
                    ingresses.Add(new IngressHop(ingress.Name, uri.Scheme, uri.Host.ToLowerInvariant(), uri.Port, UrlRules.NormalizePrefix(uri.AbsolutePath),
                        EquatableArray<MeshSide>.Empty, location, Enabled: false));
                }
            }
        }

        bool runTime = spec.Meshes.Any(m => m.Enabled && (m.Provider != MeshProvider.Local || m.ProviderReferences.Count > 0));
        return new MeshHops(spec.ProxyId, egresses.ToEquatableArray(), ingresses.ToEquatableArray(), runTime);
    }

    private static MeshSide MeshSideOf(MeshSpec mesh, MeshTable? table, string configDirectory)
    {
        KeySource? signer = null;
        var verifiers = new List<KeySource>();
        if (table is not null && mesh.Algorithm == MeshAlgorithm.HS256)
        {
            signer = Source(table.JwtSecret, mesh.SharedSecret, "jwt_secret", configDirectory, isPath: false);
            Add(verifiers, signer);
            Add(verifiers, Source(table.PreviousSecret, mesh.PreviousSecret, "jwt_previous_secret", configDirectory, isPath: false));
        }
        else if (table is not null)
        {
            signer = Source(table.PrivateKeyPath, mesh.PrivateKeyPath, "jwt_private_key_path", configDirectory, isPath: true);
            Add(verifiers, Source(table.PublicKeyPath, mesh.PublicKeyPath, "jwt_public_key_path", configDirectory, isPath: true));
            Add(verifiers, Source(table.PreviousPublicKeyPath, mesh.PreviousPublicKeyPath, "jwt_previous_public_key_path", configDirectory, isPath: true));
        }

        return new MeshSide(mesh.Name, mesh.MeshId, mesh.Algorithm, mesh.JwtAudience, signer, verifiers.ToEquatableArray());

        static void Add(List<KeySource> list, KeySource? source)
        {
            if (source is not null)
            {
                list.Add(source);
            }
        }
    }

    private static KeySource? Source(TomlValue? value, ConfigValueSpec? spec, string key, string configDirectory, bool isPath)
    {
        if (value is null || spec is null)
        {
            return null;
        }

        if (spec.EnvironmentVariable is { } variable)
        {
            return new KeySource(KeySourceKind.Environment, variable, value.Text, key, value.Location);
        }

        return isPath
            ? new KeySource(KeySourceKind.File, PathText.Combine(configDirectory, value.Text), value.Text, key, value.Location)
            : new KeySource(KeySourceKind.Secret, Digest(spec.Literal ?? string.Empty), "the secret written in the TOML", key, value.Location);
    }

    private static string Digest(string secret)
    {
        using var sha = System.Security.Cryptography.SHA256.Create();
        return Convert.ToBase64String(sha.ComputeHash(System.Text.Encoding.UTF8.GetBytes(secret)));
    }
}
