using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http.Headers;
using HarmonyGen.Definitions;

namespace HarmonyGen.Mesh;

/// <summary>
/// The headers that tell a backend who called (as Envoy's <c>jwt_authn</c> <c>claim_to_headers</c> does): after a valid
/// mesh token, the token's <c>sub</c> and its mesh, under each mesh's <c>caller_header</c> and
/// <c>caller_mesh_header</c>. Every one of those names, and the defaults, is removed from every request, whatever
/// its route, mode or mesh, so that a backend can trust what it finds there. Decided once, at start-up.
/// </summary>
internal sealed class CallerHeaders
{
    private readonly string[] _removed;
    private readonly Dictionary<string, MeshCallerHeaders> _byMesh;

    public CallerHeaders(IEnumerable<MeshDefinition> meshes)
    {
        MeshDefinition[] all = meshes.ToArray();
        _byMesh = all.ToDictionary(m => m.Name, m => new MeshCallerHeaders(m.CallerHeader, m.CallerMeshHeader), StringComparer.Ordinal);
        _removed = new[] { MeshDefinition.DefaultCallerHeader, MeshDefinition.DefaultCallerMeshHeader }
            .Concat(all.SelectMany(m => new[] { m.CallerHeader, m.CallerMeshHeader }))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToArray();
    }

    /// <summary>Every header name removed from every request, in the order they are removed.</summary>
    public IReadOnlyList<string> Removed => _removed;

    /// <summary>Whether <paramref name="name"/> is one of <see cref="Removed"/> (for the echo service's copy of the headers).</summary>
    public bool IsRemoved(string name)
    {
        foreach (string removed in _removed)
        {
            if (string.Equals(removed, name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Removes every caller header from <paramref name="headers"/>; allocates nothing when none is there.</summary>
    public void RemoveFrom(HttpRequestHeaders headers)
    {
        foreach (string name in _removed)
        {
            headers.Remove(name);
        }
    }

    /// <summary>The header names a request validated by <paramref name="mesh"/> carries its caller in; null without mesh context.</summary>
    public MeshCallerHeaders? For(in MeshValidation mesh) =>
        mesh.IsValid && mesh.Mesh is { } name && mesh.Sender is not null && _byMesh.TryGetValue(name, out MeshCallerHeaders? headers) ? headers : null;
}

/// <summary>One mesh's caller header names: the token's <c>sub</c> goes in <paramref name="Caller"/>, the mesh's name in <paramref name="Mesh"/>.</summary>
internal sealed record MeshCallerHeaders(string Caller, string Mesh);
