using System;
using System.Collections.Generic;
using System.Linq;
using HarmonyGen.Generator.Parsing;

namespace HarmonyGen.Generator.Validation;

/// <summary>Why a signer's key and a verifier's keys do not meet: certainly (<paramref name="Comparable"/>) or as far as the build can see.</summary>
/// <param name="Other">The verifier's key the message points at.</param>
internal sealed record KeyVerdict(bool Comparable, string Reason, KeySource Other);

/// <summary>
/// Compares the key one member of a mesh signs with against the keys another verifies with (the current one and one
/// being rotated out). HS256 compares sources: the same variable, or the same written secret (by digest); RS256
/// compares the public half of the private key with each public key, by content.
/// </summary>
internal static class MeshKeys
{
    /// <summary>Null when some verifying key accepts what the signer signs (or the verifier has none: HG0407 says so).</summary>
    public static KeyVerdict? Compare(KeySource signer, EquatableArray<KeySource> verifiers, IReadOnlyDictionary<string, KeyFile> files)
    {
        if (verifiers.Count == 0)
        {
            return null;
        }

        return IsSecret(signer) ? CompareSecrets(signer, verifiers) : CompareKeyPairs(signer, verifiers, files);
    }

    /// <summary>The signing key as a message names it, without ever its value.</summary>
    public static string Describe(KeySource signer) => (IsSecret(signer), signer.Kind) switch
    {
        (true, KeySourceKind.Environment) => $"the secret from {signer.Written}",
        (true, _) => "the secret written in its TOML",
        (false, KeySourceKind.Environment) => $"the private key whose path comes from {signer.Written}",
        _ => $"the private key '{signer.Written}'",
    };

    private static KeyVerdict? CompareSecrets(KeySource signer, EquatableArray<KeySource> verifiers)
    {
        if (verifiers.Any(v => v.Kind == signer.Kind && v.Identity == signer.Identity))
        {
            return null;
        }

        KeySource other = verifiers[0];
        if (verifiers.All(v => v.Kind == KeySourceKind.Secret) && signer.Kind == KeySourceKind.Secret)
        {
            return new KeyVerdict(true, "it verifies with a different secret written in its TOML", other);
        }

        if (verifiers.All(v => v.Kind == KeySourceKind.Environment) && signer.Kind == KeySourceKind.Environment)
        {
            string read = string.Join(" or ", verifiers.Select(v => v.Written));
            return new KeyVerdict(true, $"it reads its secret from {read}, not {signer.Written}, and two variables hold one secret only if every deployment keeps them equal", other);
        }

        return new KeyVerdict(false, "one side writes its secret in the TOML and the other reads it from the environment", other);
    }

    private static KeyVerdict? CompareKeyPairs(KeySource signer, EquatableArray<KeySource> verifiers, IReadOnlyDictionary<string, KeyFile> files)
    {
        if (!PublicHalf(signer, files, out string? signed, out string? unreadable))
        {
            return new KeyVerdict(false, unreadable!, verifiers[0]);
        }

        KeySource? unseen = null;
        string? unseenWhy = null;
        foreach (KeySource verifier in verifiers)
        {
            if (!PublicHalf(verifier, files, out string? accepted, out string? why))
            {
                unseen ??= verifier;
                unseenWhy ??= why;
            }
            else if (accepted == signed)
            {
                return null;
            }
        }

        if (unseen is not null)
        {
            return new KeyVerdict(false, unseenWhy!, unseen);
        }

        string held = string.Join(" nor ", verifiers.Select(v => $"{v.Key} '{v.Written}'"));
        string verdict = verifiers.Count > 1 ? $"neither its {held} is" : $"its {held} is not";
        return new KeyVerdict(true, $"{verdict} the public half of that key", verifiers[0]);
    }

    /// <summary>The digest of the public key a file holds or is the private half of, or why the build cannot know it.</summary>
    private static bool PublicHalf(KeySource source, IReadOnlyDictionary<string, KeyFile> files, out string? identity, out string? why)
    {
        identity = null;
        if (source.Kind == KeySourceKind.Environment)
        {
            why = $"the path of {source.Key} comes from {source.Written} when the gateway starts";
            return false;
        }

        if (!files.TryGetValue(source.Identity, out KeyFile? file))
        {
            why = $"'{source.Written}' ({source.Key}) is not among the files the build sees";
            return false;
        }

        identity = file.PublicKey;
        why = file.Unreadable is null ? null : $"'{source.Written}' ({source.Key}) {file.Unreadable}";
        return identity is not null;
    }

    private static bool IsSecret(KeySource source) =>
        source.Key.EndsWith("_secret", StringComparison.Ordinal);
}
