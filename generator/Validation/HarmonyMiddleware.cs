using System;
using System.Collections.Generic;
using System.Linq;

namespace HarmonyGen.Generator.Validation;

/// <summary>What a Harmony middleware does to the traffic through it, as the diagnostics say it.</summary>
internal enum MiddlewareEffect
{
    /// <summary>Nothing a request or response would notice (<c>passthru</c>).</summary>
    None,

    /// <summary>Lets a request through or refuses it.</summary>
    Guards,

    /// <summary>Rewrites the request or the response.</summary>
    Transforms,

    /// <summary>Writes what passes to the log and changes nothing.</summary>
    Logs,

    /// <summary>Sends a copy of what passes to another service.</summary>
    Copies,
}

/// <summary>One of Harmony's built-in middleware types.</summary>
/// <param name="Name">The type's name (<c>type = "..."</c>).</param>
/// <param name="Aliases">Other names Harmony accepts for it.</param>
/// <param name="UsableWithoutTable">
/// True when Harmony builds it from a pipeline's <c>middleware</c> entry alone, with no <c>[middleware.X]</c> table: a
/// name with no table is resolved as a type with no options, which succeeds only for types that need none.
/// </param>
internal sealed record HarmonyMiddlewareType(string Name, string[] Aliases, MiddlewareEffect Effect, bool UsableWithoutTable);

/// <summary>
/// Harmony's middleware types (src/extensions/builtin/middleware.rs and <c>builtin_middleware_types()</c> in
/// src/models/middleware/middleware.rs). Harmony looks a type up by name or alias, ignoring case.
/// </summary>
internal static class HarmonyMiddleware
{
    public const string Passthru = "passthru";
    public const string MeshAuth = "mesh_auth";
    public const string Policies = "policies";
    public const string PathFilter = "path_filter";
    public const string LogDump = "log_dump";
    public const string Webhook = "webhook";
    public const string BasicAuth = "basic_auth";
    public const string JwtAuth = "jwtauth";
    public const string Transform = "transform";
    public const string MetadataTransform = "metadata_transform";
    public const string JsonExtractor = "json_extractor";

    public static readonly HarmonyMiddlewareType[] Types =
    {
        new(Passthru, Array.Empty<string>(), MiddlewareEffect.None, UsableWithoutTable: true),
        new(MeshAuth, Array.Empty<string>(), MiddlewareEffect.Guards, UsableWithoutTable: false),
        new(Policies, Array.Empty<string>(), MiddlewareEffect.Guards, UsableWithoutTable: false),
        new(JwtAuth, new[] { "jwt_auth" }, MiddlewareEffect.Guards, UsableWithoutTable: false),
        new(BasicAuth, Array.Empty<string>(), MiddlewareEffect.Guards, UsableWithoutTable: false),
        new(PathFilter, Array.Empty<string>(), MiddlewareEffect.Guards, UsableWithoutTable: false),
        new("connect", Array.Empty<string>(), MiddlewareEffect.Transforms, UsableWithoutTable: false),
        new(JsonExtractor, new[] { "json" }, MiddlewareEffect.Transforms, UsableWithoutTable: true),
        new(Transform, Array.Empty<string>(), MiddlewareEffect.Transforms, UsableWithoutTable: false),
        new(MetadataTransform, Array.Empty<string>(), MiddlewareEffect.Transforms, UsableWithoutTable: false),
        new("jmix_builder", Array.Empty<string>(), MiddlewareEffect.Transforms, UsableWithoutTable: true),
        new("dicomweb_bridge", new[] { "dicomweb" }, MiddlewareEffect.Transforms, UsableWithoutTable: true),
        new("dicom_to_dicomweb", Array.Empty<string>(), MiddlewareEffect.Transforms, UsableWithoutTable: true),
        new("dicom_flatten", new[] { "dicom_flatten_middleware" }, MiddlewareEffect.Transforms, UsableWithoutTable: false),
        new("dicom_unflatten", new[] { "dicom_unflatten_middleware" }, MiddlewareEffect.Transforms, UsableWithoutTable: false),
        new(LogDump, new[] { "dump" }, MiddlewareEffect.Logs, UsableWithoutTable: true),
        new(Webhook, Array.Empty<string>(), MiddlewareEffect.Copies, UsableWithoutTable: false),
    };

    /// <summary>Every name Harmony accepts, for "did you mean" hints and HG0003's list.</summary>
    public static IEnumerable<string> Names => Types.SelectMany(t => new[] { t.Name }.Concat(t.Aliases));

    /// <summary>The type named <paramref name="name"/> (or one of its aliases), ignoring case as Harmony does; null when Harmony has none.</summary>
    public static HarmonyMiddlewareType? Find(string name)
    {
        foreach (HarmonyMiddlewareType type in Types)
        {
            if (string.Equals(type.Name, name, StringComparison.OrdinalIgnoreCase)
                || type.Aliases.Any(alias => string.Equals(alias, name, StringComparison.OrdinalIgnoreCase)))
            {
                return type;
            }
        }

        return null;
    }

    /// <summary>How HG0008 says what the middleware would have done.</summary>
    public static string Phrase(MiddlewareEffect effect) => effect switch
    {
        MiddlewareEffect.Guards => "guards traffic",
        MiddlewareEffect.Transforms => "transforms traffic",
        MiddlewareEffect.Logs => "logs traffic",
        MiddlewareEffect.Copies => "sends a copy of traffic to another service",
        _ => "has no effect on traffic",
    };
}
