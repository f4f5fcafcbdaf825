using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HarmonyGen.Diagnostics;
using HarmonyGen.Definitions;
using Microsoft.Extensions.Logging;

namespace HarmonyGen.Providers;

/// <summary>
/// Resolves the provider references of the enabled meshes (<c>runbeam.name.X</c> and the longer forms) at start-up
/// and again every <c>poll_interval_secs</c> of their provider, and publishes what they name as a
/// <see cref="ProviderMembership"/>. A poll that fails or brings an answer that is not to be trusted keeps the last
/// good resolution: a provider that is down changes nothing. A 404 is an answer: the resource is gone.
/// </summary>
internal sealed class ResourceResolver
{
    private readonly GatewayDefinition _definition;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Reference[] _references;
    private readonly object _publishGate = new();
    private volatile ProviderMembership _membership;

    public ResourceResolver(GatewayDefinition definition, IReadOnlyDictionary<string, RunbeamClient> providers, TimeProvider time, ILogger logger)
    {
        _definition = definition;
        _time = time;
        _logger = logger;
        _references = definition.Meshes
            .Where(m => m.Enabled)
            .SelectMany(m => m.ProviderReferences.Select(r => new Reference(m, r, providers[r.Provider])))
            .ToArray();
        _membership = ProviderMembership.Empty;
        Publish();
    }

    public bool HasReferences => _references.Length > 0;

    public ProviderMembership Membership => _membership;

    /// <summary>References that have never resolved (a provider that answered once stays warm while it is down).</summary>
    public int NeverResolved => _references.Count(r => r.Current is null);

    /// <summary>Resolves every reference once, concurrently; each failure is logged and leaves that reference as it was.</summary>
    public Task ResolveAllAsync(CancellationToken stopping) => ResolveAsync(_references, stopping);

    /// <summary>Resolves the references of each provider every <c>poll_interval_secs</c> until the gateway stops.</summary>
    public Task PollAsync(CancellationToken stopping) =>
        Task.WhenAll(_references
            .GroupBy(r => r.Provider)
            .Select(group => PollProviderAsync(group.ToArray(), Interval(group.Key.Name), stopping)));

    private TimeSpan Interval(string provider)
    {
        int seconds = _definition.Providers.FirstOrDefault(p => p.Name == provider)?.PollIntervalSeconds ?? 30;
        return TimeSpan.FromSeconds(Math.Clamp(seconds, 1, 86400)); // HG0414 holds generated definitions to this range
    }

    private async Task PollProviderAsync(Reference[] references, TimeSpan interval, CancellationToken stopping)
    {
        // A fixed rate on the gateway's clock: a slow poll does not push the next one back, and a poll that is still
        // running when the next is due is followed by one more, not by several.
        using var timer = new PeriodicTimer(interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                await ResolveAsync(references, stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task ResolveAsync(IEnumerable<Reference> references, CancellationToken stopping)
    {
        await Task.WhenAll(references.Select(r => ResolveOneAsync(r, stopping))).ConfigureAwait(false);
        Publish();
    }

    private async Task ResolveOneAsync(Reference reference, CancellationToken stopping)
    {
        Resolution resolution;
        try
        {
            ResolvedResource? resource = await reference.Provider.ResolveAsync(reference.Definition, stopping).ConfigureAwait(false);
            if (resource is not null)
            {
                CheckAgainstGateway(resource, reference.Definition);
            }

            resolution = new Resolution(resource);
        }
        catch (ProviderException ex)
        {
            string keeping = reference.Current is null ? "it adds nothing until it resolves" : "keeping its last resolution";
            GatewayLog.ReferenceUnresolved(_logger, reference.Mesh.Name, reference.Definition.Text, ex.Message, keeping);
            return;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A poll runs in the background for the gateway's whole life: whatever goes wrong with one answer must
            // neither stop it nor change what the gateway trusts.
            GatewayLog.ReferenceUnresolved(_logger, reference.Mesh.Name, reference.Definition.Text, ex.GetType().Name, reference.Current is null ? "it adds nothing until it resolves" : "keeping its last resolution");
            return;
        }

        if (!Same(reference.Current, resolution))
        {
            GatewayLog.ReferenceResolved(_logger, reference.Mesh.Name, reference.Definition.Text, Describe(resolution));
        }

        reference.Current = resolution;
    }

    /// <summary>A resolution that names this gateway must name a resource it has; one that names another member's ingress must say where it is.</summary>
    private void CheckAgainstGateway(ResolvedResource resource, ProviderReference reference)
    {
        if (resource.ProxyId == _definition.ProxyId)
        {
            bool exists = resource.Type == "ingress"
                ? _definition.Ingresses.Any(i => i.Name == resource.Name)
                : _definition.Egresses.Any(e => e.Name == resource.Name);
            if (!exists)
            {
                throw new ProviderException($"'{reference.Text}' resolved to {resource.Type} '{resource.Name}' of this gateway, which it does not have", malformedAnswer: true);
            }
        }
        else if (resource.Type == "ingress" && resource.Urls.IsEmpty)
        {
            throw new ProviderException($"'{reference.Text}' resolved to another member's ingress without 'urls'", malformedAnswer: true);
        }
    }

    /// <summary>Rebuilds the snapshot; under a lock so that two providers' polls cannot publish out of order.</summary>
    private void Publish()
    {
        lock (_publishGate)
        {
            _membership = ProviderMembership.Build(_definition, _references.Select(r => (r.Mesh, r.Definition, r.Current)));
        }
    }

    private string Describe(Resolution resolution) => resolution.Resource switch
    {
        null => "nothing (the provider says it no longer exists)",
        { ProxyId: { } proxy } r when proxy == _definition.ProxyId => $"{r.Type} '{r.Name}' of this gateway",
        { Type: "ingress" } r => $"another member's ingress at {string.Join(", ", r.Urls)}",
        { } r => $"another member's {r.Type}",
    };

    private static bool Same(Resolution? a, Resolution? b) =>
        (a?.Resource, b?.Resource) switch
        {
            (null, null) => a is null == b is null,
            ({ } x, { } y) => x.Type == y.Type && x.Name == y.Name && x.ProxyId == y.ProxyId && x.Urls.SequenceEqual(y.Urls),
            _ => false,
        };

    private sealed class Reference
    {
        public Reference(MeshDefinition mesh, ProviderReference definition, RunbeamClient provider)
        {
            Mesh = mesh;
            Definition = definition;
            Provider = provider;
        }

        public MeshDefinition Mesh { get; }

        public ProviderReference Definition { get; }

        public RunbeamClient Provider { get; }

        /// <summary>The last trusted resolution; null until the first one arrives.</summary>
        public volatile Resolution? Current;
    }
}
