using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using HarmonyGen.Generator.Parsing;

namespace HarmonyGen.Generator.Validation;

/// <summary>
/// The build-time mesh contract between the roots of one project: an egress whose backend URL is another root's (or
/// its own root's) ingress URL must sign with a mesh that ingress accepts, the same mesh name, <c>mesh_id</c> and
/// algorithm, and send <c>aud</c> where the ingress's mesh requires it. Otherwise every token it sends is refused, and
/// the build says so (HG0605) rather than the first request. When they agree, the keys are compared (HG0606): an
/// HS256 signer's secret must come from a source the verifier reads too, an RS256 signer's private key must be the
/// private half of a public key the verifier holds, compared by a digest of the public half (<see cref="KeyFile"/>),
/// never printing key bytes. A key the build cannot see (a path or secret from the environment, an unreadable file)
/// is said to be unchecked (HG0607) rather than guessed at.
/// </summary>
internal static class MeshContract
{
    public static EquatableArray<DiagnosticInfo> Check(ImmutableArray<MeshHops?> roots, EquatableArray<KeyFile> keyFiles)
    {
        MeshHops[] known = roots.Where(r => r is not null).Select(r => r!).ToArray();
        var files = new Dictionary<string, KeyFile>(StringComparer.OrdinalIgnoreCase);
        foreach (KeyFile file in keyFiles)
        {
            files[file.Path] = file;
        }

        var found = new List<DiagnosticInfo>();
        foreach (MeshHops from in known)
        {
            foreach (EgressHop egress in from.Egresses)
            {
                if (!UrlRules.TryParseHttpUrl(egress.BaseUrl, out Uri url) || Reached(known, url) is not { } reached)
                {
                    continue;
                }

                (MeshHops to, IngressHop ingress) = reached;
                if (Disagreement(egress.Mesh, ingress, to) is { } reason)
                {
                    found.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MeshHopDisagrees, egress.Location, ingress.Location,
                        egress.Egress, from.Gateway, egress.Mesh.Name, ingress.Ingress, to.Gateway, reason));
                }
                else if (ingress.Meshes.FirstOrDefault(m => m.Name == egress.Mesh.Name) is { } verifier && egress.Mesh.Signer is { } signer
                    && MeshKeys.Compare(signer, verifier.Verifiers, files) is { } keys)
                {
                    string[] arguments = { egress.Egress, from.Gateway, egress.Mesh.Name, MeshKeys.Describe(signer), ingress.Ingress, to.Gateway, keys.Reason };
                    found.Add(keys.Comparable
                        ? DiagnosticInfo.Create(DiagnosticDescriptors.MeshHopKeysDiffer, signer.Location, keys.Other.Location, arguments)
                        : DiagnosticInfo.Create(DiagnosticDescriptors.MeshHopKeysUnchecked, signer.Location, keys.Other.Location, arguments));
                }
            }
        }

        return found.ToEquatableArray();
    }

    /// <summary>The ingress a request to <paramref name="url"/> matches, as the runtime matches it: longest prefix, on segment boundaries.</summary>
    private static (MeshHops Root, IngressHop Ingress)? Reached(MeshHops[] roots, Uri url)
    {
        string host = url.Host.ToLowerInvariant();
        // An enabled ingress wins a tie with a disabled one of the same URL: it is the one that serves it.
        string path = UrlRules.NormalizePrefix(url.AbsolutePath);
        (MeshHops Root, IngressHop Ingress)? best = null;
        foreach (MeshHops root in roots)
        {
            foreach (IngressHop ingress in root.Ingresses)
            {
                bool under = ingress.PathPrefix == "/" || path == ingress.PathPrefix || path.StartsWith(ingress.PathPrefix + "/", StringComparison.Ordinal);
                if (ingress.Scheme == url.Scheme && ingress.Host == host && ingress.Port == url.Port && under
                    && (best is null || ingress.PathPrefix.Length > best.Value.Ingress.PathPrefix.Length
                        || (ingress.PathPrefix.Length == best.Value.Ingress.PathPrefix.Length && ingress.Enabled && !best.Value.Ingress.Enabled)))
                {
                    best = (root, ingress);
                }
            }
        }

        return best;
    }

    private static string? Disagreement(MeshSide signer, IngressHop ingress, MeshHops to)
    {
        if (!ingress.Enabled)
        {
            return "is disabled (enabled = false), so nothing serves that URL";
        }

        MeshSide? verifier = ingress.Meshes.FirstOrDefault(m => m.Name == signer.Name);
        if (verifier is null)
        {
            // A provider reference may still put the ingress in that mesh when the gateway runs.
            return to.MembershipAtRunTime ? null : $"is in no enabled mesh named '{signer.Name}'";
        }

        if (verifier.MeshId != signer.MeshId)
        {
            return $"knows mesh '{signer.Name}' by mesh_id '{verifier.MeshId}', not '{signer.MeshId}'";
        }

        if (verifier.Algorithm != signer.Algorithm)
        {
            return $"verifies mesh '{signer.Name}' as {verifier.Algorithm}, not {signer.Algorithm}";
        }

        if (verifier.JwtAudience && !signer.JwtAudience)
        {
            return $"requires aud in mesh '{signer.Name}' (jwt_audience), which the egress's gateway does not send";
        }

        return null;
    }
}
