using System;
using System.Collections.Concurrent;
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
    /// <summary>Distinct callers kept; beyond this (many senders signing with one key), a caller is made per request.</summary>
    private const int MaxCachedCallers = 1024;

    private readonly string[] _removed;
    private readonly Dictionary<string, MeshCallerHeaders> _byMesh;
    private readonly ConcurrentDictionary<(string Mesh, string Sender), Caller> _callers = new();
    private readonly MeshCallerHeaders _defaults = new(MeshDefinition.DefaultCallerHeader, MeshDefinition.DefaultCallerMeshHeader);

    public CallerHeaders(IEnumerable<MeshDefinition> meshes)
    {
        MeshDefinition[] all = meshes.ToArray();
        _byMesh = all.ToDictionary(m => m.Name, m => new MeshCallerHeaders(m.CallerHeader, m.CallerMeshHeader), StringComparer.Ordinal);
        _removed = new[] { MeshDefinition.DefaultCallerHeader, MeshDefinition.DefaultCallerMeshHeader }
            .Concat(all.SelectMany(m => new[] { m.CallerHeader, m.CallerMeshHeader }))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToArray();
        Anonymous = new Caller(this, null, null, null);
    }

    /// <summary>Every header name removed from every request, in the order they are removed.</summary>
    public IReadOnlyList<string> Removed => _removed;

    /// <summary>The caller of a request without mesh context: its caller headers are removed, none are added.</summary>
    public Caller Anonymous { get; }

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

    /// <summary>
    /// The caller of a request with the mesh context <paramref name="mesh"/>: <see cref="Anonymous"/> without a valid
    /// token, else its sender and mesh, made once per (mesh, sender) and reused, so that a request allocates nothing here.
    /// </summary>
    public Caller For(in MeshValidation mesh)
    {
        if (!mesh.IsValid || mesh.Mesh is not { } name || mesh.Sender is not { } sender)
        {
            return Anonymous;
        }

        MeshCallerHeaders headers = _byMesh.TryGetValue(name, out MeshCallerHeaders? own) ? own : _defaults;

        if (_callers.TryGetValue((name, sender), out Caller? known))
        {
            return known;
        }

        var caller = new Caller(this, headers, sender, name);
        return _callers.Count < MaxCachedCallers ? _callers.GetOrAdd((name, sender), caller) : caller;
    }

    /// <summary>Removes every caller header from <paramref name="headers"/>; allocates nothing when none is there.</summary>
    internal void RemoveFrom(HttpRequestHeaders headers)
    {
        foreach (string name in _removed)
        {
            headers.Remove(name);
        }
    }
}

/// <summary>One mesh's caller header names: the token's <c>sub</c> goes in <paramref name="Caller"/>, the mesh's name in <paramref name="Mesh"/>.</summary>
internal sealed record MeshCallerHeaders(string Caller, string Mesh);

/// <summary>Who called, as the backend is told: nobody (<see cref="CallerHeaders.Anonymous"/>), or a validated token's sender and mesh.</summary>
internal sealed class Caller
{
    private readonly CallerHeaders _headers;

    internal Caller(CallerHeaders headers, MeshCallerHeaders? names, string? sender, string? mesh)
    {
        _headers = headers;
        Names = names;
        Sender = sender;
        Mesh = mesh;
    }

    /// <summary>True when the request arrived with a valid mesh token.</summary>
    public bool IsAuthenticated => Names is not null;

    /// <summary>The header names of the token's mesh; null for an anonymous caller.</summary>
    public MeshCallerHeaders? Names { get; }

    public string? Sender { get; }

    public string? Mesh { get; }

    /// <summary>The gateway's caller headers, whose names the echo service leaves out of its copy of the request.</summary>
    public CallerHeaders Headers => _headers;

    /// <summary>
    /// Removes every client copy of the caller headers from <paramref name="headers"/>, then, for an authenticated
    /// caller whose request does not leave with an egress token (<paramref name="toMember"/>), sets them.
    /// </summary>
    public void ApplyTo(HttpRequestHeaders headers, bool toMember)
    {
        _headers.RemoveFrom(headers);
        if (Names is { } names && !toMember)
        {
            headers.TryAddWithoutValidation(names.Caller, Sender);
            headers.TryAddWithoutValidation(names.Mesh, Mesh);
        }
    }
}
