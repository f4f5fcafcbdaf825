using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using HarmonyGen.Mesh;
using HarmonyGen.Definitions;
using Microsoft.IdentityModel.JsonWebTokens;

namespace HarmonyGen.Providers;

/// <summary>
/// The Runbeam provider API of one <c>[provider.P]</c> (SPEC §4, Providers): mesh tokens from
/// <c>POST {api}/harmony/mesh/token</c> and references from <c>GET {api}/api/harmony/resources/resolve</c>. Every answer
/// is checked before it is trusted; an answer that fails a check is a <see cref="ProviderException"/>, never a
/// half-read value.
/// </summary>
internal sealed class RunbeamClient
{
    /// <summary>A token that expires sooner than this after it arrives is refused: it could not be used.</summary>
    public static readonly TimeSpan MinimumRemainingLifetime = TimeSpan.FromSeconds(10);

    private static readonly JsonWebTokenHandler Handler = new();

    private readonly ProviderHttp _http;
    private readonly string? _machineToken;
    private readonly TimeProvider _time;

    public RunbeamClient(ProviderDefinition provider, string? machineToken, ProviderHttp http, TimeProvider time)
    {
        Name = provider.Name;
        Api = provider.Api!.TrimEnd('/');
        _machineToken = machineToken;
        _http = http;
        _time = time;
    }

    public string Name { get; }

    /// <summary>The provider's API base, without a trailing slash.</summary>
    public string Api { get; }

    /// <summary>Where the provider publishes its signing keys when a mesh names no <c>jwks_url</c>.</summary>
    public Uri DefaultJwksUrl => new(Api + "/.well-known/jwks.json", UriKind.Absolute);

    /// <summary>A mesh token for a request of mesh <paramref name="meshId"/> to <paramref name="destinationUrl"/>.</summary>
    public async Task<ProviderToken> RequestMeshTokenAsync(string meshId, string destinationUrl, CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Api + "/harmony/mesh/token");
        Authorize(request);
        request.Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(new MeshTokenRequest(meshId, destinationUrl), ProviderJsonContext.Default.MeshTokenRequest));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        byte[] body = (await _http.SendAsync(request, ProviderOperation.MeshToken, notFoundIsAnswer: false, cancellation).ConfigureAwait(false))!;
        return ReadToken(Parse(body, ProviderJsonContext.Default.MeshTokenResponse), meshId, _time.GetUtcNow());
    }

    /// <summary>
    /// What <paramref name="reference"/> names now, or null when the provider says it does not exist (404). The shape is
    /// checked here; whether a resource of this gateway exists under the name is checked by the caller, which knows
    /// the gateway.
    /// </summary>
    public async Task<ResolvedResource?> ResolveAsync(ProviderReference reference, CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Api + "/api/harmony/resources/resolve?ref=" + Uri.EscapeDataString(reference.Text));
        Authorize(request);
        byte[]? body = await _http.SendAsync(request, ProviderOperation.Resolve, notFoundIsAnswer: true, cancellation).ConfigureAwait(false);
        return body is null ? null : ReadResource(Parse(body, ProviderJsonContext.Default.ResolveResponse), reference);
    }

    private void Authorize(HttpRequestMessage request)
    {
        // Start-up refuses a gateway that needs these calls without a machine token; this is the last line of defence.
        if (_machineToken is null)
        {
            throw new ProviderException($"provider '{Name}' has no machine token on this gateway", malformedAnswer: false);
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _machineToken);
    }

    internal static T Parse<T>(byte[] body, JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(body, type) ?? throw new ProviderException("the provider's answer is JSON null", malformedAnswer: true);
        }
        catch (JsonException ex)
        {
            // The exception's message quotes the offending JSON path only, never the document.
            throw new ProviderException("the provider's answer is not the expected JSON", malformedAnswer: true, ex);
        }
    }

    internal static ProviderToken ReadToken(MeshTokenResponse answer, string meshId, DateTimeOffset now)
    {
        string token = answer.Token ?? string.Empty;
        if (token.Length == 0)
        {
            throw Malformed("the token answer has no 'token'");
        }

        if (token.Length > MeshTokenValidator.MaxTokenLength || token.Split('.').Length != 3 || !Handler.CanReadToken(token))
        {
            throw Malformed("the token answer's 'token' is not a signed JWT");
        }

        JsonWebToken jwt;
        try
        {
            jwt = Handler.ReadJsonWebToken(token);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or Microsoft.IdentityModel.Tokens.SecurityTokenException)
        {
            throw Malformed("the token answer's 'token' is not a signed JWT");
        }

        if (answer.MeshId is null)
        {
            throw Malformed("the token answer has no 'mesh_id'");
        }

        if (answer.MeshId != meshId)
        {
            throw Malformed("the token answer is for another mesh");
        }

        DateTimeOffset expires = ReadExpiry(answer.ExpiresAt);

        // The JWT's own exp, when earlier, is when receivers stop accepting it, whatever the answer says.
        if (jwt.TryGetPayloadValue(JwtRegisteredClaimNames.Exp, out long exp) && DateTimeOffset.FromUnixTimeSeconds(exp) < expires)
        {
            expires = DateTimeOffset.FromUnixTimeSeconds(exp);
        }

        if (expires - now < MinimumRemainingLifetime)
        {
            throw Malformed("the token answer's 'expires_at' is in the past");
        }

        return new ProviderToken(token, expires);
    }

    private static DateTimeOffset ReadExpiry(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String when DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset at):
                return at;
            case JsonValueKind.Number when value.TryGetInt64(out long seconds) && seconds is > 0 and < 253402300800:
                return DateTimeOffset.FromUnixTimeSeconds(seconds);
            case JsonValueKind.Undefined:
            case JsonValueKind.Null:
                throw Malformed("the token answer has no 'expires_at'");
            default:
                throw Malformed("the token answer's 'expires_at' is not a date");
        }
    }

    internal static ResolvedResource ReadResource(ResolveResponse answer, ProviderReference reference)
    {
        ResolvedResourceDocument data = answer.Data ?? throw Malformed($"the resolution of '{reference.Text}' has no 'data'");
        string type = data.Type switch
        {
            "ingress" => "ingress",
            "egress" => "egress",
            null => throw Malformed($"the resolution of '{reference.Text}' has no 'type'"),
            _ => throw Malformed($"'{reference.Text}' resolved to a {data.Type}, which a mesh cannot list"),
        };
        if (reference.ResourceType is { } expected && expected != type)
        {
            throw Malformed($"'{reference.Text}' names an {expected} but resolved to an {type}");
        }

        var urls = ImmutableArray.CreateBuilder<string>();
        foreach (string? url in data.Urls ?? new List<string?>())
        {
            if (!IsIngressUrl(url))
            {
                throw Malformed($"the resolution of '{reference.Text}' has a URL that is not an absolute http(s) URL without query or fragment");
            }

            urls.Add(url!);
        }

        return new ResolvedResource(type, data.Id, EmptyAsNull(data.Name), EmptyAsNull(data.ProxyId), urls.ToImmutable());
    }

    /// <summary>The rule of HG0101/HG0102, applied to URLs that arrive at run time.</summary>
    private static bool IsIngressUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out Uri? uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.Host.Length > 0
        && uri.UserInfo.Length == 0
        && uri.Query.Length == 0
        && uri.Fragment.Length == 0;

    private static string? EmptyAsNull(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static ProviderException Malformed(string reason) => new(reason, malformedAnswer: true);
}

/// <summary>A mesh token from the provider and when it stops being accepted.</summary>
internal sealed record ProviderToken(string Token, DateTimeOffset ExpiresAt);

/// <summary>
/// A resolved reference, its shape checked: an ingress or egress, either of this gateway (<paramref name="ProxyId"/>
/// and <paramref name="Name"/>) or of another member (an ingress with its <paramref name="Urls"/>).
/// </summary>
internal sealed record ResolvedResource(string Type, string? Id, string? Name, string? ProxyId, ImmutableArray<string> Urls);
