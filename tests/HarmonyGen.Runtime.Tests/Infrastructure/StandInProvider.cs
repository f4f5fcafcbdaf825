using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace HarmonyGen.Runtime.Tests.Infrastructure;

/// <summary>How the stand-in answers a token request when it is told to misbehave (public: theories take it as data).</summary>
public enum TokenAnswer
{
    Good,
    NotJson,
    JsonNull,
    MissingToken,
    MissingExpiry,
    ExpiryInThePast,
    ExpiryNotADate,
    NotAJwt,
    OtherMesh,
    Unauthorized,
}

/// <summary>How the stand-in answers a JWKS request when it is told to misbehave.</summary>
public enum JwksAnswer
{
    Good,
    NotJson,
    NoKeysMember,
    EmptyKeys,
    OnlyAnEcKey,
    RsaKeyWithoutKid,
    RsaKeyForEncryption,
    TooShortRsaKey,
}

/// <summary>
/// A stand-in for the Runbeam cloud API (SPEC §4, Providers), a real Kestrel server on a free loopback port: it issues
/// RS256 mesh tokens at <c>POST /harmony/mesh/token</c> to callers with a known machine token, publishes its keys at
/// <c>/.well-known/jwks.json</c> (and rotates them when told), resolves references at
/// <c>/api/harmony/resources/resolve</c>, counts every call, and can be made slow, down, or to answer garbage.
/// </summary>
internal sealed class StandInProvider : IAsyncDisposable
{
    // RSA-2048 generation takes a noticeable fraction of a second on a small machine: three keys serve every test.
    private static readonly Lazy<RSA>[] SharedKeys = Enumerable.Range(0, 3).Select(_ => new Lazy<RSA>(() => RSA.Create(2048))).ToArray();
    private static readonly Lazy<RSA> ShortKey = new(() => RSA.Create(1024));

    private readonly WebApplication _app;
    private readonly TimeProvider _clock;
    private readonly object _gate = new();
    private int _currentKey;
    private bool _publishPrevious;
    private long _tokenCalls;
    private long _jwksCalls;
    private long _resolveCalls;

    private StandInProvider(WebApplication app, TimeProvider clock)
    {
        _app = app;
        _clock = clock;
    }

    public int Port { get; private set; }

    /// <summary>The API base a <c>[provider.runbeam]</c> names.</summary>
    public string Api => $"http://127.0.0.1:{Port}";

    public string JwksUrl => Api + "/.well-known/jwks.json";

    /// <summary>Machine token → the proxy id the issued token names as <c>sub</c>.</summary>
    public ConcurrentDictionary<string, string> MachineTokens { get; } = new(StringComparer.Ordinal);

    /// <summary>Reference text → the JSON answered for it (any text, garbage included); unknown references get 404.</summary>
    public ConcurrentDictionary<string, string> Resolutions { get; } = new(StringComparer.Ordinal);

    /// <summary>Every call fails: the connection is reset before an answer.</summary>
    public bool Down { get; set; }

    /// <summary>Every call is answered only after this long.</summary>
    public TimeSpan Delay { get; set; }

    public TokenAnswer TokenAnswer { get; set; }

    public JwksAnswer JwksAnswer { get; set; }

    /// <summary>Lifetime of issued tokens.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromSeconds(300);

    public long TokenCalls => Interlocked.Read(ref _tokenCalls);

    public long JwksCalls => Interlocked.Read(ref _jwksCalls);

    public long ResolveCalls => Interlocked.Read(ref _resolveCalls);

    /// <summary>The token requests received, in order: mesh_id, destination_url and the Authorization header.</summary>
    public List<(string? MeshId, string? Destination, string? Authorization)> TokenRequests { get; } = new();

    /// <summary>The kid of the key tokens are signed with now.</summary>
    public string CurrentKid
    {
        get
        {
            lock (_gate)
            {
                return Kid(_currentKey);
            }
        }
    }

    public static async Task<StandInProvider> StartAsync(TimeProvider? clock = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(IPAddress.Loopback, 0);
        });
        WebApplication app = builder.Build();
        var provider = new StandInProvider(app, clock ?? TimeProvider.System);
        app.Run(provider.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        provider.Port = new Uri(address).Port;
        return provider;
    }

    /// <summary>Signs with the next key from now on; the JWKS then lists the new key, and the old one too if asked.</summary>
    public void Rotate(bool keepPreviousInJwks = true)
    {
        lock (_gate)
        {
            _currentKey = (_currentKey + 1) % SharedKeys.Length;
            _publishPrevious = keepPreviousInJwks;
        }
    }

    /// <summary>
    /// A token the provider would issue for <paramref name="meshId"/> to <paramref name="destination"/>, with
    /// <paramref name="change"/> applied to its claims. Shaped as Runbeam's (aurabx/runbeam-sdk-rs
    /// tests/mesh_token_tests.rs): iss is the provider, sub the gateway, aud the mesh, dest_url the destination URL.
    /// </summary>
    public string Issue(string meshId, string destination, string sender = "upstream", Action<JsonObject>? change = null)
    {
        DateTimeOffset now = _clock.GetUtcNow();
        var claims = new JsonObject
        {
            ["iss"] = Api,
            ["sub"] = sender,
            ["aud"] = "mesh:" + meshId,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["mesh_id"] = meshId,
            ["dest_url"] = destination,
            ["source_team"] = "team-stand-in",
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + TokenLifetime).ToUnixTimeSeconds(),
        };
        change?.Invoke(claims);
        int key;
        lock (_gate)
        {
            key = _currentKey;
        }

        return Jwt.Rs256(SharedKeys[key].Value, Kid(key), claims.ToJsonString());
    }

    /// <summary>The same claims, signed with a key this provider never publishes, under <paramref name="kid"/>.</summary>
    public string IssueWithUnpublishedKey(string meshId, string audience, string kid)
    {
        string token = Issue(meshId, audience);
        string payload = Jwt.Decode(token.Split('.')[1]);
        return Jwt.Rs256(MeshKeys.Other(HarmonyGen.Definitions.MeshAlgorithm.RS256).Rsa!, kid, payload);
    }

    private static string Kid(int key) => "standin-key-" + key;

    private async Task HandleAsync(HttpContext context)
    {
        string path = context.Request.Path.Value ?? string.Empty;
        if (path == "/harmony/mesh/token")
        {
            Interlocked.Increment(ref _tokenCalls);
        }
        else if (path == "/.well-known/jwks.json")
        {
            Interlocked.Increment(ref _jwksCalls);
        }
        else
        {
            Interlocked.Increment(ref _resolveCalls);
        }

        if (Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(Delay, context.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        if (Down)
        {
            context.Abort();
            return;
        }

        switch (path)
        {
            case "/harmony/mesh/token" when context.Request.Method == "POST":
                await TokenAsync(context).ConfigureAwait(false);
                return;
            case "/.well-known/jwks.json":
                await WriteAsync(context, Jwks());
                return;
            case "/api/harmony/resources/resolve":
                await ResolveAsync(context).ConfigureAwait(false);
                return;
            default:
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
        }
    }

    private async Task TokenAsync(HttpContext context)
    {
        string? authorization = context.Request.Headers.Authorization;
        JsonNode? body = await JsonNode.ParseAsync(context.Request.Body).ConfigureAwait(false);
        string? meshId = body?["mesh_id"]?.GetValue<string>();
        string? destination = body?["destination_url"]?.GetValue<string>();
        lock (TokenRequests)
        {
            TokenRequests.Add((meshId, destination, authorization));
        }

        string? machineToken = authorization is { } a && a.StartsWith("Bearer ", StringComparison.Ordinal) ? a["Bearer ".Length..] : null;
        if (machineToken is null || !MachineTokens.TryGetValue(machineToken, out string? sender) || TokenAnswer == TokenAnswer.Unauthorized)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await WriteAsync(context, "{\"error\":\"Unauthenticated\"}");
            return;
        }

        if (meshId is null || destination is null)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        string token = Issue(meshId, destination, sender);
        DateTimeOffset expires = _clock.GetUtcNow() + TokenLifetime;
        var answer = new JsonObject
        {
            ["token"] = token,
            ["expires_at"] = expires.ToString("O"),
            ["mesh_id"] = meshId,
        };
        switch (TokenAnswer)
        {
            case TokenAnswer.NotJson:
                await WriteAsync(context, "<html><body>Bad gateway</body></html>");
                return;
            case TokenAnswer.JsonNull:
                await WriteAsync(context, "null");
                return;
            case TokenAnswer.MissingToken:
                answer.Remove("token");
                break;
            case TokenAnswer.MissingExpiry:
                answer.Remove("expires_at");
                break;
            case TokenAnswer.ExpiryInThePast:
                answer["expires_at"] = (_clock.GetUtcNow() - TimeSpan.FromMinutes(1)).ToString("O");
                break;
            case TokenAnswer.ExpiryNotADate:
                answer["expires_at"] = "soon";
                break;
            case TokenAnswer.NotAJwt:
                answer["token"] = "mt-looks-like-a-token-but-is-not-a-jwt";
                break;
            case TokenAnswer.OtherMesh:
                answer["mesh_id"] = "some-other-mesh";
                break;
        }

        await WriteAsync(context, answer.ToJsonString());
    }

    private string Jwks()
    {
        int current;
        bool previous;
        lock (_gate)
        {
            current = _currentKey;
            previous = _publishPrevious;
        }

        var keys = new JsonArray { Jwk(SharedKeys[current].Value, Kid(current)) };
        if (previous)
        {
            int before = (current + SharedKeys.Length - 1) % SharedKeys.Length;
            keys.Add(Jwk(SharedKeys[before].Value, Kid(before)));
        }

        switch (JwksAnswer)
        {
            case JwksAnswer.NotJson:
                return "keys: none";
            case JwksAnswer.NoKeysMember:
                return "{\"issuer\":\"stand-in\"}";
            case JwksAnswer.EmptyKeys:
                return "{\"keys\":[]}";
            case JwksAnswer.OnlyAnEcKey:
                using (var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256))
                {
                    ECParameters p = ec.ExportParameters(false);
                    return new JsonObject
                    {
                        ["keys"] = new JsonArray
                        {
                            new JsonObject { ["kty"] = "EC", ["kid"] = Kid(current), ["crv"] = "P-256", ["x"] = Base64UrlEncoder.Encode(p.Q.X!), ["y"] = Base64UrlEncoder.Encode(p.Q.Y!) },
                        },
                    }.ToJsonString();
                }

            case JwksAnswer.RsaKeyWithoutKid:
                JsonObject anonymous = Jwk(SharedKeys[current].Value, Kid(current));
                anonymous.Remove("kid");
                return new JsonObject { ["keys"] = new JsonArray { anonymous } }.ToJsonString();
            case JwksAnswer.RsaKeyForEncryption:
                JsonObject encryption = Jwk(SharedKeys[current].Value, Kid(current));
                encryption["use"] = "enc";
                return new JsonObject { ["keys"] = new JsonArray { encryption } }.ToJsonString();
            case JwksAnswer.TooShortRsaKey:
                return new JsonObject { ["keys"] = new JsonArray { Jwk(ShortKey.Value, Kid(current)) } }.ToJsonString();
            default:
                return new JsonObject { ["keys"] = keys }.ToJsonString();
        }
    }

    private static JsonObject Jwk(RSA key, string kid)
    {
        RSAParameters p = key.ExportParameters(false);
        return new JsonObject
        {
            ["kty"] = "RSA",
            ["kid"] = kid,
            ["use"] = "sig",
            ["alg"] = "RS256",
            ["n"] = Base64UrlEncoder.Encode(p.Modulus!),
            ["e"] = Base64UrlEncoder.Encode(p.Exponent!),
        };
    }

    private async Task ResolveAsync(HttpContext context)
    {
        string? authorization = context.Request.Headers.Authorization;
        string? machineToken = authorization is { } a && a.StartsWith("Bearer ", StringComparison.Ordinal) ? a["Bearer ".Length..] : null;
        if (machineToken is null || !MachineTokens.ContainsKey(machineToken))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        if (context.Request.Query["ref"].ToString() is { Length: > 0 } reference && Resolutions.TryGetValue(reference, out string? answer))
        {
            await WriteAsync(context, answer);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
        await WriteAsync(context, "{\"error\":\"Resource not found\"}");
    }

    private static Task WriteAsync(HttpContext context, string json)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json, context.RequestAborted);
    }

    /// <summary>A resolution of a resource of the gateway <paramref name="proxyId"/>, as the resolve endpoint answers it.</summary>
    public static string Local(string type, string proxyId, string name) =>
        new JsonObject { ["data"] = new JsonObject { ["type"] = type, ["id"] = "res-" + name, ["name"] = name, ["proxy_id"] = proxyId } }.ToJsonString();

    /// <summary>A resolution of another member's ingress at <paramref name="urls"/>.</summary>
    public static string RemoteIngress(string proxyId, params string[] urls) =>
        new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["type"] = "ingress",
                ["id"] = "res-remote",
                ["name"] = "their_ingress",
                ["proxy_id"] = proxyId,
                ["urls"] = new JsonArray(urls.Select(u => (JsonNode)JsonValue.Create(u)!).ToArray()),
            },
        }.ToJsonString();

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
