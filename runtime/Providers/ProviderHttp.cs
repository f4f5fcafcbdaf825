using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace HarmonyGen.Providers;

/// <summary>What a provider call is for; counted separately (docs/benchmarks.md, provider calls per 1,000 requests).</summary>
internal enum ProviderOperation
{
    MeshToken,
    Jwks,
    Resolve,
}

/// <summary>
/// The one <see cref="HttpClient"/> a gateway uses for every provider call (tokens, JWKS, references): pooled
/// connections, no proxy, no cookies, no redirects, a hard time limit per call and a size limit per answer. Turns
/// every way a call can fail into a <see cref="ProviderException"/> with a short reason.
/// </summary>
internal sealed class ProviderHttp : IDisposable
{
    /// <summary>Provider documents are a few KiB; a larger answer is refused rather than buffered.</summary>
    public const int MaxAnswerBytes = 256 * 1024;

    private readonly HttpClient _client;
    private readonly TimeSpan _timeout;
    private readonly long[] _calls = new long[3];

    public ProviderHttp(TimeSpan timeout)
    {
        _timeout = timeout;
        _client = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false, // a redirect could carry the machine token to another host
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5), // follow DNS changes of the provider's address
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        })
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan, // each call has its own limit (below)
            MaxResponseContentBufferSize = MaxAnswerBytes,
        };
    }

    /// <summary>How long one call may take, from connecting to the last byte of the answer.</summary>
    public TimeSpan Timeout => _timeout;

    public long Calls(ProviderOperation operation) => Interlocked.Read(ref _calls[(int)operation]);

    /// <summary>
    /// Sends <paramref name="request"/> and returns the body of a 2xx answer. <paramref name="cancellation"/> is the
    /// gateway's lifetime, not a client's request: a fetch that several requests share must not stop because the
    /// first of them went away.
    /// </summary>
    /// <param name="notFoundIsAnswer">When true a 404 is returned as null (the provider says the thing does not exist).</param>
    public async Task<byte[]?> SendAsync(HttpRequestMessage request, ProviderOperation operation, bool notFoundIsAnswer, CancellationToken cancellation)
    {
        Interlocked.Increment(ref _calls[(int)operation]);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(_timeout);
        try
        {
            using HttpResponseMessage response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            if (notFoundIsAnswer && response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                // The body is not read into the reason: an error page may echo what was sent, the machine token included.
                throw new ProviderException($"the provider answered {(int)response.StatusCode}", malformedAnswer: false);
            }

            return await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellation.IsCancellationRequested)
        {
            throw new ProviderException($"the provider did not answer within {_timeout.TotalSeconds:0.#} s", malformedAnswer: false, ex);
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.ConfigurationLimitExceeded)
        {
            throw new ProviderException($"the provider's answer is larger than {MaxAnswerBytes / 1024} KiB", malformedAnswer: true, ex);
        }
        catch (HttpRequestException ex)
        {
            string how = ex.HttpRequestError switch
            {
                HttpRequestError.NameResolutionError => "its name does not resolve",
                HttpRequestError.ConnectionError => "the connection was refused or failed",
                HttpRequestError.SecureConnectionError => "TLS failed",
                HttpRequestError.ResponseEnded => "the connection closed before an answer",
                HttpRequestError.InvalidResponse => "the answer is not HTTP",
                _ => "the connection broke",
            };
            throw new ProviderException($"the provider cannot be reached: {how}", malformedAnswer: false, ex);
        }
    }

    public void Dispose() => _client.Dispose();
}
