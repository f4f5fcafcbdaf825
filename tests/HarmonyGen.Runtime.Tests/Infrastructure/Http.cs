using System;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace HarmonyGen.Runtime.Tests.Infrastructure;

/// <summary>An HTTP client for tests: no proxy (the environment may name one), no redirects, hard timeouts.</summary>
internal static class Http
{
    /// <summary>No single call of a test may take longer than this.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(15);

    public static HttpClient CreateClient() =>
        new(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(5),
        })
        {
            Timeout = CallTimeout,
        };

    /// <summary>Sends with a per-call timeout and returns the response with its body read.</summary>
    public static async Task<Answer> CallAsync(this HttpClient client, HttpRequestMessage request)
    {
        using var timeout = new CancellationTokenSource(CallTimeout);
        using HttpResponseMessage response = await client.SendAsync(request, timeout.Token).ConfigureAwait(false);
        byte[] body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
        return new Answer(response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, response);
    }

    public static Task<Answer> FetchAsync(this HttpClient client, string url, string? authorization = null, string? host = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        if (host is not null)
        {
            request.Headers.Host = host;
        }

        return client.CallAsync(request);
    }
}

/// <summary>A response as the user saw it.</summary>
internal sealed record Answer(HttpStatusCode Status, string? MediaType, byte[] Body, HttpResponseMessage Response)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Body);

    public override string ToString() => $"{(int)Status} {MediaType}: {Text}";

    /// <summary>
    /// Asserts a gateway problem: the status, <c>application/problem+json</c> with the same status in its body, a
    /// title and detail, and nothing that looks like a token (no <c>eyJ</c>, the start of every JWT header) and none of
    /// the given secrets.
    /// </summary>
    public JsonElement AssertProblem(HttpStatusCode status, params string?[] secrets)
    {
        Assert.True(Status == status, $"expected {(int)status}, got {this}");
        Assert.Equal("application/problem+json", MediaType);
        using JsonDocument document = JsonDocument.Parse(Body);
        JsonElement root = document.RootElement.Clone();
        Assert.Equal((int)status, root.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("detail").GetString()));
        Assert.DoesNotContain("eyJ", Text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", Text, StringComparison.Ordinal); // no stack trace
        foreach (string? secret in secrets)
        {
            if (!string.IsNullOrEmpty(secret))
            {
                Assert.DoesNotContain(secret, Text, StringComparison.Ordinal);
            }
        }

        return root;
    }

    public void AssertOk()
    {
        Assert.True(Status == HttpStatusCode.OK, $"expected 200, got {this}");
        Assert.Equal(RecordingBackend.ResponseText, Text);
    }
}
