using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using HarmonyGen.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace HarmonyGen.Providers;

/// <summary>
/// The RS256 verifying keys a provider publishes at one JWKS URL, fetched once and kept. A token whose <c>kid</c> is
/// not among them makes the store ask again, at most once per <see cref="MinRefreshInterval"/>, so that a rotated
/// key is picked up at once and a flood of made-up kids costs the provider nothing. Keys are also refetched in the
/// background once they are <see cref="MaxAge"/> old, so that a key the provider withdrew stops being accepted.
/// While the provider cannot be reached, the keys already held keep serving.
/// </summary>
internal sealed class JwksKeyStore
{
    /// <summary>An unknown kid asks the provider again at most this often.</summary>
    public static readonly TimeSpan MinRefreshInterval = TimeSpan.FromSeconds(30);

    /// <summary>Held keys are refetched (in the background) once they are this old.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(15);

    /// <summary>With no keys held, a failed fetch is retried no sooner than this; requests in between fail at once.</summary>
    public static readonly TimeSpan FailureBackoff = TimeSpan.FromSeconds(2);

    /// <summary>RSA keys shorter than this are not used (NIST SP 800-131A; the token library's own floor for signing).</summary>
    public const int MinimumKeyBits = 2048;

    private readonly ProviderHttp _http;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationToken _stopping;
    private readonly object _gate = new();
    private volatile KeySet? _keys;
    private Task? _fetch;
    private DateTimeOffset _lastAttempt = DateTimeOffset.MinValue;
    private volatile ProviderFailure? _lastFailure;

    public JwksKeyStore(string provider, Uri url, ProviderHttp http, TimeProvider time, ILogger logger, CancellationToken stopping)
    {
        Provider = provider;
        Url = url;
        _http = http;
        _time = time;
        _logger = logger;
        _stopping = stopping;
    }

    public string Provider { get; }

    public Uri Url { get; }

    /// <summary>The verifying key for <paramref name="kid"/>, or why there is none.</summary>
    public ValueTask<KeyLookup> FindAsync(string kid, CancellationToken cancellation)
    {
        DateTimeOffset now = _time.GetUtcNow();
        KeySet? keys = _keys;
        if (keys is not null)
        {
            if (now >= keys.StaleAt)
            {
                StartFetch(now, MinRefreshInterval); // in the background: the keys held still serve meanwhile
            }

            if (keys.ByKid.TryGetValue(kid, out SecurityKey? key))
            {
                return new ValueTask<KeyLookup>(KeyLookup.Found(key));
            }
        }

        return FindAfterFetchAsync(kid, now, cancellation);
    }

    /// <summary>True once keys have been fetched (the cache is warm); stays true while the provider is down later.</summary>
    public bool HasKeys => _keys is not null;

    /// <summary>With no keys held, asks again (in the background, at most once per <see cref="FailureBackoff"/>).</summary>
    public void RetryIfCold()
    {
        if (_keys is null)
        {
            StartFetch(_time.GetUtcNow(), FailureBackoff);
        }
    }

    /// <summary>Fetches the keys ahead of the first request (at start-up); failure is logged, not thrown.</summary>
    public Task WarmAsync() => StartFetch(_time.GetUtcNow(), TimeSpan.Zero) ?? Task.CompletedTask;

    private async ValueTask<KeyLookup> FindAfterFetchAsync(string kid, DateTimeOffset now, CancellationToken cancellation)
    {
        Task? fetch = StartFetch(now, _keys is null ? FailureBackoff : MinRefreshInterval);
        if (fetch is not null)
        {
            await fetch.WaitAsync(cancellation).ConfigureAwait(false);
        }

        if (_keys is { } keys && keys.ByKid.TryGetValue(kid, out SecurityKey? key))
        {
            return KeyLookup.Found(key);
        }

        // Not among the keys: refused, unless the last attempt to ask failed, in which case the key may well exist and
        // the request needs an answer this gateway cannot get.
        return _lastFailure is { } failure ? KeyLookup.Unavailable(failure) : KeyLookup.Unknown;
    }

    /// <summary>The fetch in flight, a new one if the last began at least <paramref name="interval"/> ago, or null.</summary>
    private Task? StartFetch(DateTimeOffset now, TimeSpan interval)
    {
        lock (_gate)
        {
            if (_fetch is { IsCompleted: false })
            {
                return _fetch;
            }

            if (now - _lastAttempt < interval)
            {
                return null;
            }

            _lastAttempt = now;
            _fetch = FetchAsync();
            return _fetch;
        }
    }

    private async Task FetchAsync()
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Url); // no machine token: the JWKS is public, and may live elsewhere
            byte[] body = (await _http.SendAsync(request, ProviderOperation.Jwks, notFoundIsAnswer: false, _stopping).ConfigureAwait(false))!;
            Dictionary<string, SecurityKey> keys = ReadKeys(RunbeamClient.Parse(body, ProviderJsonContext.Default.JsonWebKeySetDocument));
            _keys = new KeySet(keys, _time.GetUtcNow() + MaxAge);
            _lastFailure = null;
            GatewayLog.JwksFetched(_logger, Provider, Url.ToString(), keys.Count);
        }
        catch (ProviderException ex)
        {
            _lastFailure = ex.ToFailure();
            if (ex.MalformedAnswer)
            {
                GatewayLog.ProviderAnswerRejected(_logger, Provider, "JWKS", ex.Message);
            }
            else
            {
                GatewayLog.ProviderCallFailed(_logger, Provider, "JWKS", ex.Message);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            _lastFailure = new ProviderFailure("the gateway is stopping", MalformedAnswer: false);
        }
    }

    /// <summary>The usable RS256 keys of a JWKS by kid; a JWKS with none is refused as a whole.</summary>
    internal static Dictionary<string, SecurityKey> ReadKeys(JsonWebKeySetDocument document)
    {
        if (document.Keys is null)
        {
            throw new ProviderException("the JWKS has no 'keys'", malformedAnswer: true);
        }

        var keys = new Dictionary<string, SecurityKey>(StringComparer.Ordinal);
        var duplicates = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonWebKeyDocument? key in document.Keys)
        {
            if (key is null || key.KeyType != "RSA" || string.IsNullOrEmpty(key.KeyId)
                || (key.Use is not null && key.Use != "sig") || (key.Algorithm is not null && key.Algorithm != SecurityAlgorithms.RsaSha256)
                || !TryDecode(key.Modulus, out byte[] modulus) || !TryDecode(key.Exponent, out byte[] exponent)
                || BitLength(modulus) < MinimumKeyBits || exponent.Length is 0 or > 8)
            {
                continue; // not an RS256 verifying key: other keys of the set may still be
            }

            // One kid naming two keys is ambiguous: neither is used.
            if (duplicates.Contains(key.KeyId) || !keys.TryAdd(key.KeyId, new RsaSecurityKey(new RSAParameters { Modulus = modulus, Exponent = exponent }) { KeyId = key.KeyId }))
            {
                duplicates.Add(key.KeyId);
                keys.Remove(key.KeyId);
            }
        }

        return keys.Count > 0 ? keys : throw new ProviderException("the JWKS has no usable RS256 key", malformedAnswer: true);
    }

    private static bool TryDecode(string? value, out byte[] bytes)
    {
        bytes = Array.Empty<byte>();
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        try
        {
            bytes = Base64UrlEncoder.DecodeBytes(value);
            return bytes.Length > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static int BitLength(byte[] unsignedBigEndian)
    {
        int i = 0;
        while (i < unsignedBigEndian.Length && unsignedBigEndian[i] == 0)
        {
            i++;
        }

        return i == unsignedBigEndian.Length ? 0 : ((unsignedBigEndian.Length - i - 1) * 8) + (32 - System.Numerics.BitOperations.LeadingZeroCount(unsignedBigEndian[i]));
    }

    private sealed record KeySet(Dictionary<string, SecurityKey> ByKid, DateTimeOffset StaleAt);
}

/// <summary>A verifying key, or none because the kid is unknown, or none because the provider could not be asked.</summary>
internal readonly record struct KeyLookup(SecurityKey? Key, ProviderFailure? Failure)
{
    public static KeyLookup Unknown => default;

    public static KeyLookup Found(SecurityKey key) => new(key, null);

    public static KeyLookup Unavailable(ProviderFailure failure) => new(null, failure);
}
