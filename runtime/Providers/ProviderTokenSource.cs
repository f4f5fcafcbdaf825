using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using HarmonyGen.Diagnostics;
using Microsoft.Extensions.Logging;

namespace HarmonyGen.Providers;

/// <summary>
/// Egress tokens of provider meshes, fetched from the provider and kept per (mesh, destination origin) until shortly
/// before they expire. Requests that need a token at the same moment share one fetch. A token due for renewal is
/// still used while a new one is fetched in the background, so a slow or unreachable provider stops no traffic
/// until the token it already gave runs out; only then does a request fail (502/503), never leave without a token.
/// </summary>
internal sealed class ProviderTokenSource
{
    /// <summary>A token is renewed (in the background) this long before it expires, as local mesh tokens are reused.</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromSeconds(60);

    /// <summary>A token is not sent once it expires within this: it could expire in flight.</summary>
    public static readonly TimeSpan StopUsingBefore = TimeSpan.FromSeconds(5);

    /// <summary>After a failed fetch, requests that need a new token fail at once for this long instead of each waiting.</summary>
    public static readonly TimeSpan FailureBackoff = TimeSpan.FromSeconds(2);

    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationToken _stopping;
    private readonly GatewayMetrics? _metrics;
    private readonly ConcurrentDictionary<(string Mesh, string Audience), Entry> _entries = new();

    public ProviderTokenSource(TimeProvider time, ILogger logger, CancellationToken stopping, GatewayMetrics? metrics = null)
    {
        _time = time;
        _logger = logger;
        _stopping = stopping;
        _metrics = metrics;
    }

    /// <summary>
    /// The <c>Authorization</c> value for a request of <paramref name="mesh"/> to <paramref name="audience"/>, or why
    /// there is none. <paramref name="destinationUrl"/> is what the provider is told the token is for.
    /// </summary>
    public async ValueTask<ProviderAuthorization> GetAsync(RunbeamClient provider, string mesh, string meshId, string audience, string destinationUrl, CancellationToken cancellation)
    {
        Entry entry = _entries.GetOrAdd((mesh, audience), static _ => new Entry());
        DateTimeOffset now = _time.GetUtcNow();
        if (entry.Token is { } cached && now < cached.UsableUntil)
        {
            if (now >= cached.RenewAt)
            {
                _ = Fetch(entry, provider, mesh, meshId, audience, destinationUrl, now, renewal: true, out _); // the token held serves meanwhile
            }

            _metrics?.EgressToken(issued: false, mesh, provider.Name);
            return ProviderAuthorization.Of(cached.Authorization);
        }

        await Fetch(entry, provider, mesh, meshId, audience, destinationUrl, now, renewal: false, out bool started).WaitAsync(cancellation).ConfigureAwait(false);
        if (entry.Token is { } fresh && _time.GetUtcNow() < fresh.UsableUntil)
        {
            // The request that started the fetch is counted as "issued" (by the fetch); one that waited for another's reuses its token.
            if (!started)
            {
                _metrics?.EgressToken(issued: false, mesh, provider.Name);
            }

            return ProviderAuthorization.Of(fresh.Authorization);
        }

        return ProviderAuthorization.Failed(entry.Failure?.Failure ?? new ProviderFailure("the provider gave no token", MalformedAnswer: false));
    }

    /// <summary>
    /// The fetch in flight for <paramref name="entry"/>; else a new one, unless a fetch that ended since the caller
    /// looked has made one unnecessary (a fresh token) or not yet allowed (a failure within its back-off).
    /// </summary>
    /// <param name="renewal">True when a token is held and only due for renewal; false when the caller has none it can use.</param>
    /// <param name="started">True when this call started the fetch (rather than joining one or finding it unnecessary).</param>
    private Task Fetch(Entry entry, RunbeamClient provider, string mesh, string meshId, string audience, string destinationUrl, DateTimeOffset now, bool renewal, out bool started)
    {
        started = false;
        lock (entry)
        {
            if (entry.Pending is { IsCompleted: false } pending)
            {
                return pending;
            }

            if ((entry.Token is { } token && now < (renewal ? token.RenewAt : token.UsableUntil))
                || (entry.Failure is { } failed && now < failed.RetryAfter))
            {
                return Task.CompletedTask;
            }

            entry.Pending = FetchAsync(entry, provider, mesh, meshId, audience, destinationUrl);
            started = true;
            return entry.Pending;
        }
    }

    private async Task FetchAsync(Entry entry, RunbeamClient provider, string mesh, string meshId, string audience, string destinationUrl)
    {
        try
        {
            ProviderToken token = await provider.RequestMeshTokenAsync(meshId, destinationUrl, _stopping).ConfigureAwait(false);
            TimeSpan lifetime = token.ExpiresAt - _time.GetUtcNow();

            // A short-lived token is renewed half-way through its life rather than at once.
            TimeSpan renewBefore = lifetime / 2 < RenewBefore ? lifetime / 2 : RenewBefore;
            entry.Token = new CachedToken("Bearer " + token.Token, token.ExpiresAt - renewBefore, token.ExpiresAt - StopUsingBefore);
            entry.Failure = null;
            _metrics?.EgressToken(issued: true, mesh, provider.Name);
            GatewayLog.ProviderTokenFetched(_logger, provider.Name, mesh, audience, token.ExpiresAt);
        }
        catch (ProviderException ex)
        {
            entry.Failure = new FailedFetch(ex.ToFailure(), _time.GetUtcNow() + FailureBackoff);
            if (ex.MalformedAnswer)
            {
                GatewayLog.ProviderAnswerRejected(_logger, provider.Name, "mesh token", ex.Message);
            }
            else
            {
                GatewayLog.ProviderCallFailed(_logger, provider.Name, "mesh token", ex.Message);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            entry.Failure = new FailedFetch(new ProviderFailure("the gateway is stopping", MalformedAnswer: false), DateTimeOffset.MaxValue);
        }
    }

    private sealed class Entry
    {
        public volatile CachedToken? Token;
        public volatile FailedFetch? Failure;
        public Task? Pending;
    }

    /// <summary>The last fetch failed: why, and until when requests fail at once rather than ask again.</summary>
    private sealed record FailedFetch(ProviderFailure Failure, DateTimeOffset RetryAfter);

    private sealed record CachedToken(string Authorization, DateTimeOffset RenewAt, DateTimeOffset UsableUntil);
}

/// <summary>An <c>Authorization</c> header value from a provider, or why there is none.</summary>
internal readonly record struct ProviderAuthorization(string? Authorization, ProviderFailure? Failure)
{
    public static ProviderAuthorization Of(string authorization) => new(authorization, null);

    public static ProviderAuthorization Failed(ProviderFailure failure) => new(null, failure);
}
