using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using HarmonyGen.Generator.Parsing;
using HarmonyGen.Generator.Spec;
using Microsoft.CodeAnalysis;

namespace HarmonyGen.Generator.Validation;

/// <summary>Meshes: members, keys and secrets, provider references, one mesh per egress.</summary>
internal sealed partial class GatewayValidator
{
    private MeshSpec ValidateMesh(MeshTable mesh)
    {
        string provider = mesh.Provider?.Text ?? "local";
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
        MeshAlgorithm algorithm = MeshAlgorithm.RS256;
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
                algorithm = MeshAlgorithm.HS256;
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

            // The provider decides what its tokens carry (always an aud of its own): the setting has nothing to change.
            if (mesh.JwtAudience is { } audience)
            {
                Report(DiagnosticDescriptors.MeshKeyWithProvider, audience.Location, mesh.Name, provider, "jwt_audience");
            }
        }

        string? callerHeader = CallerHeaderName(mesh, mesh.CallerHeader, "caller_header");
        string? callerMeshHeader = CallerHeaderName(mesh, mesh.CallerMeshHeader, "caller_mesh_header");
        if (string.Equals(callerHeader ?? CallerHeaderRules.DefaultCaller, callerMeshHeader ?? CallerHeaderRules.DefaultCallerMesh, StringComparison.OrdinalIgnoreCase))
        {
            // The two must differ, or the backend could not tell the caller from the mesh.
            (TomlValue value, string key) = callerMeshHeader is not null ? (mesh.CallerMeshHeader!, "caller_mesh_header") : (mesh.CallerHeader!, "caller_header");
            Report(DiagnosticDescriptors.InvalidCallerHeader, value.Location, mesh.Name, key, value.Text, "the caller and the mesh need two different headers");
            callerHeader = callerMeshHeader = null;
        }

        if (mesh.JwksUrl is { } jwks && !UrlRules.TryParseHttpUrl(jwks.Text, out _))
        {
            Report(DiagnosticDescriptors.InvalidBaseUrl, jwks.Location, $"mesh.{mesh.Name}.jwks_url", jwks.Text);
        }

        return new MeshSpec
        {
            Name = mesh.Name,
            MemberName = _members.Of(GeneratedNames.Meshes, mesh.Name),
            File = File(mesh.Location),
            MeshId = meshId,
            Provider = TomlEnum.Parse(provider, MeshProvider.Local),
            Type = TomlEnum.Parse(mesh.Type?.Text, TransportType.Http),
            Algorithm = algorithm,
            SharedSecret = secret,
            PrivateKeyPath = privateKey,
            PublicKeyPath = publicKey,
            PreviousSecret = previousSecret,
            PreviousPublicKeyPath = previousPublicKey,
            JwksUrl = mesh.JwksUrl?.Text,
            JwtAudience = provider == "local" && mesh.JwtAudience?.Value == true,
            CallerHeader = callerHeader,
            CallerMeshHeader = callerMeshHeader,
            Ingresses = ingresses.ToEquatableArray(),
            RemoteIngresses = remotes.ToEquatableArray(),
            Egresses = egresses.ToEquatableArray(),
            ProviderReferences = references.ToEquatableArray(),
            Enabled = mesh.Enabled,
            Description = mesh.Description,
        };
    }

    /// <summary>
    /// A caller header name (<c>caller_header</c>, <c>caller_mesh_header</c>), or null when unset or unusable (HG0416):
    /// an HTTP token (RFC 9110 §5.6.2), not a hop-by-hop header (dropped by every proxy on the way), not one the gateway
    /// sets itself (<c>Authorization</c>, <c>Host</c>), not a content header, and not the mesh's other caller header (checked by the caller).
    /// </summary>
    private string? CallerHeaderName(MeshTable mesh, TomlValue? value, string key)
    {
        if (value is null)
        {
            return null;
        }

        string name = value.Text;
        if (CallerHeaderRules.Problem(name) is { } problem)
        {
            Report(DiagnosticDescriptors.InvalidCallerHeader, value.Location, mesh.Name, key, name, problem);
            return null;
        }

        return name;
    }

    /// <summary>Reads an HS256 secret (the current or the previous one) and warns when it is short or written in the file.</summary>
    private ConfigValueSpec? ValidateSecret(MeshTable mesh, TomlValue? secret, string key)
    {
        if (secret is null)
        {
            return null;
        }

        ConfigValueSpec? spec = ConfigValueReader.Read(secret, $"mesh.{mesh.Name}.{key}", File(secret.Location), _diagnostics);
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

    private static ProviderReferenceSpec ToSpec(ResourceReference r) => new()
    {
        Text = r.Text,
        Provider = r.Provider!,
        Team = r.Team,
        ResourceType = r.ResourceType,
        ByName = r.ByName,
        Value = r.Value,
    };

    private void MemberNotFound(MeshTable mesh, string kind, TomlValue entry, string name, IEnumerable<string> candidates) =>
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
            MeshTable first = _meshes[pair.Value[0]];
            MeshTable second = _meshes[pair.Value[1]];
            TomlValue listing = second.Egress.First(e => ReferenceName(e) == pair.Key);
            TomlValue firstListing = first.Egress.First(e => ReferenceName(e) == pair.Key);
            Report(DiagnosticDescriptors.EgressInTwoMeshes, listing.Location, firstListing.Location, pair.Key, second.Name, first.Name);
        }
    }

    private static string ReferenceName(TomlValue entry) =>
        ResourceReference.Parse(entry.Text, out _, out _, out _) is { IsLocal: true } r ? r.Value : entry.Text;
}
