using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HarmonyGen.Diagnostics;
using HarmonyGen.Hosting;
using HarmonyGen.Mesh;
using HarmonyGen.Definitions;
using Microsoft.Extensions.Logging;

namespace HarmonyGen.Providers;

/// <summary>
/// Everything one gateway needs from its providers, built once at start-up from the definition: a client per
/// provider that an enabled mesh uses (as its <c>provider</c> or in a reference), the JWKS of each provider mesh,
/// the egress token cache and the reference resolver, all over one <see cref="ProviderHttp"/>. A provider that is
/// configured but that no enabled mesh uses is never contacted.
/// </summary>
internal sealed class ProviderSet : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly ProviderHttp _http;
    private readonly Dictionary<string, RunbeamClient> _clients;
    private readonly Dictionary<string, JwksKeyStore> _keysByMesh = new(StringComparer.Ordinal);
    private readonly List<JwksKeyStore> _warmAtStart = new();
    private readonly ProviderTokenSource _tokens;
    private readonly ResourceResolver _resolver;
    private Task _polling = Task.CompletedTask;

    private ProviderSet(GatewayDefinition definition, HarmonyGatewayOptions options, ILogger logger, Dictionary<string, RunbeamClient> clients, ProviderHttp http, GatewayMetrics? metrics)
    {
        _http = http;
        _clients = clients;
        _tokens = new ProviderTokenSource(options.TimeProvider, logger, _stopping.Token, metrics);
        _resolver = new ResourceResolver(definition, clients, options.TimeProvider, logger);

        var storesByUrl = new Dictionary<string, JwksKeyStore>(StringComparer.Ordinal);
        foreach (MeshDefinition mesh in definition.Meshes.Where(m => m.Enabled && m.Provider != MeshProvider.Local))
        {
            RunbeamClient client = clients[NameOf(mesh.Provider)];
            Uri url = mesh.JwksUrl is { } jwks ? new Uri(jwks, UriKind.Absolute) : client.DefaultJwksUrl;
            if (!storesByUrl.TryGetValue(url.AbsoluteUri, out JwksKeyStore? store))
            {
                storesByUrl[url.AbsoluteUri] = store = new JwksKeyStore(client.Name, url, http, options.TimeProvider, logger, _stopping.Token);
            }

            _keysByMesh[mesh.Name] = store;

            // A mesh that verifies tokens here fetches its keys at start-up, so the first request does not wait for them.
            if ((!mesh.Ingresses.IsDefaultOrEmpty || mesh.ProviderReferences.Any(r => r.ResourceType is null or "ingress")) && !_warmAtStart.Contains(store))
            {
                _warmAtStart.Add(store);
            }
        }
    }

    /// <summary>The provider name a mesh's <c>provider</c> value stands for (<c>runbeam</c>).</summary>
    public static string NameOf(MeshProvider provider) => provider switch
    {
        MeshProvider.Runbeam => "runbeam",
        _ => provider.ToString().ToLowerInvariant(),
    };

    public ProviderMembership Membership => _resolver.Membership;

    public long Calls(ProviderOperation operation) => _http.Calls(operation);

    /// <summary>
    /// The providers of <paramref name="definition"/>'s enabled meshes, or null when none uses a provider. Throws, naming
    /// the mesh or the variable, when a provider is not configured or its machine token is missing where it is needed.
    /// </summary>
    public static ProviderSet? Create(GatewayDefinition definition, HarmonyGatewayOptions options, ILogger logger, GatewayMetrics? metrics = null)
    {
        MeshDefinition[] meshes = definition.Meshes
            .Where(m => m.Enabled && (m.Provider != MeshProvider.Local || !m.ProviderReferences.IsDefaultOrEmpty))
            .ToArray();
        if (meshes.Length == 0)
        {
            return null;
        }

        // What each provider is asked for: tokens and references need the machine token; the JWKS is public.
        var needsMachineToken = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (MeshDefinition mesh in meshes)
        {
            if (mesh.Provider != MeshProvider.Local)
            {
                bool issues = !mesh.Egresses.IsDefaultOrEmpty || mesh.ProviderReferences.Any(r => r.ResourceType is null or "egress");
                Need(needsMachineToken, NameOf(mesh.Provider), issues ? $"egress tokens of mesh '{mesh.Name}'" : null);
            }

            foreach (ProviderReference reference in mesh.ProviderReferences)
            {
                Need(needsMachineToken, reference.Provider, $"reference '{reference.Text}' of mesh '{mesh.Name}'");
            }
        }

        var http = new ProviderHttp(options.ProviderTimeout);
        try
        {
            var clients = new Dictionary<string, RunbeamClient>(StringComparer.Ordinal);
            foreach ((string name, string? usedFor) in needsMachineToken)
            {
                ProviderDefinition provider = definition.Providers.FirstOrDefault(p => p.Name == name && !string.IsNullOrEmpty(p.Api))
                    ?? throw new InvalidOperationException(
                        $"Gateway '{definition.ProxyId}' uses provider '{name}' ({Users(meshes, name)}), but its definition configures no [provider.{name}] with 'api' (HG0403, HG0412).");
                string? machineToken = MachineToken.Read(name, options.Environment);
                if (machineToken is null && usedFor is not null)
                {
                    throw new InvalidOperationException(
                        $"Provider '{name}' needs a machine token for {usedFor}; set the environment variable {MachineToken.Variables(name)}.");
                }

                clients[name] = new RunbeamClient(provider, machineToken, http, options.TimeProvider);
            }

            return new ProviderSet(definition, options, logger, clients, http, metrics);
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    /// <summary>The JWKS a provider mesh's tokens are verified against.</summary>
    public JwksKeyStore KeysFor(MeshDefinition mesh) => _keysByMesh[mesh.Name];

    /// <summary>The provider's token for a request of <paramref name="mesh"/> to <paramref name="audience"/>.</summary>
    public ValueTask<ProviderAuthorization> GetAuthorizationAsync(MeshDefinition mesh, string audience, string destinationUrl, CancellationToken cancellation) =>
        _tokens.GetAsync(_clients[NameOf(mesh.Provider)], mesh.Name, mesh.MeshId, audience, destinationUrl, cancellation);

    /// <summary>
    /// At start-up: fetches the JWKS of meshes that verify here and resolves every reference, each bounded by the
    /// provider timeout, then polls references in the background. A provider that is down delays start-up by at most
    /// that timeout and stops nothing: the first requests then fail closed until it answers.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellation)
    {
        using var startup = CancellationTokenSource.CreateLinkedTokenSource(cancellation, _stopping.Token);
        await Task.WhenAll(_warmAtStart.Select(s => s.WarmAsync()).Append(_resolver.ResolveAllAsync(startup.Token))).WaitAsync(cancellation).ConfigureAwait(false);
        if (_resolver.HasReferences)
        {
            _polling = _resolver.PollAsync(_stopping.Token);
        }
    }

    /// <summary>
    /// Null when every cache the gateway needs before it can serve is warm (the JWKS of meshes that verify here, one
    /// resolution of every reference); else why not. A cold JWKS is asked for again, so readiness recovers by itself.
    /// </summary>
    public string? ColdCache()
    {
        foreach (JwksKeyStore store in _warmAtStart)
        {
            if (!store.HasKeys)
            {
                store.RetryIfCold();
                return $"the verifying keys of provider '{store.Provider}' have not been fetched yet";
            }
        }

        int unresolved = _resolver.NeverResolved;
        return unresolved == 0 ? null : $"{unresolved} provider reference(s) have not resolved yet";
    }

    /// <summary>Resolves every reference now (tests use it instead of waiting for the poll interval).</summary>
    public Task ResolveReferencesAsync() => _resolver.ResolveAllAsync(_stopping.Token);

    public async Task StopAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _polling.ConfigureAwait(false);
    }

    public void Dispose()
    {
        // The token source is cancelled, not disposed: background work may still observe its token.
        _stopping.Cancel();
        _http.Dispose();
    }

    private static void Need(Dictionary<string, string?> needs, string provider, string? usedFor)
    {
        if (!needs.TryGetValue(provider, out string? existing) || existing is null)
        {
            needs[provider] = usedFor;
        }
    }

    private static string Users(IEnumerable<MeshDefinition> meshes, string provider) =>
        "mesh " + string.Join(", ", meshes
            .Where(m => (m.Provider != MeshProvider.Local && NameOf(m.Provider) == provider) || m.ProviderReferences.Any(r => r.Provider == provider))
            .Select(m => $"'{m.Name}'"));
}
