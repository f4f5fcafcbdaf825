using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HarmonyGen.Providers;

/// <summary>The body of <c>POST {api}/harmony/mesh/token</c>.</summary>
internal sealed record MeshTokenRequest(
    [property: JsonPropertyName("mesh_id")] string MeshId,
    [property: JsonPropertyName("destination_url")] string DestinationUrl);

/// <summary>
/// The provider's answer to a token request. Every field is optional here so that a missing one is reported as a
/// rejected answer with a reason, not as a serializer exception; <see cref="RunbeamClient"/> checks them.
/// </summary>
internal sealed class MeshTokenResponse
{
    [JsonPropertyName("token")]
    public string? Token { get; set; }

    /// <summary>ISO 8601 (as Runbeam sends it) or Unix seconds; anything else is refused.</summary>
    [JsonPropertyName("expires_at")]
    public JsonElement ExpiresAt { get; set; }

    [JsonPropertyName("mesh_id")]
    public string? MeshId { get; set; }
}

/// <summary>A JSON Web Key Set (RFC 7517 §5): only the members an RS256 verifying key needs are read.</summary>
internal sealed class JsonWebKeySetDocument
{
    [JsonPropertyName("keys")]
    public List<JsonWebKeyDocument?>? Keys { get; set; }
}

/// <summary>One key of a JWKS (RFC 7517 §4, RFC 7518 §6.3.1).</summary>
internal sealed class JsonWebKeyDocument
{
    [JsonPropertyName("kty")]
    public string? KeyType { get; set; }

    [JsonPropertyName("kid")]
    public string? KeyId { get; set; }

    [JsonPropertyName("use")]
    public string? Use { get; set; }

    [JsonPropertyName("alg")]
    public string? Algorithm { get; set; }

    [JsonPropertyName("n")]
    public string? Modulus { get; set; }

    [JsonPropertyName("e")]
    public string? Exponent { get; set; }
}

/// <summary>The answer of <c>GET {api}/api/harmony/resources/resolve?ref=...</c>: <c>{"data": {...}}</c>.</summary>
internal sealed class ResolveResponse
{
    [JsonPropertyName("data")]
    public ResolvedResourceDocument? Data { get; set; }
}

/// <summary>
/// What HarmonyGen reads of a resolved reference (docs/runtime.md, "Providers"): its <c>type</c>, and either the
/// <c>proxy_id</c> and <c>name</c> of a resource of this gateway, or the <c>urls</c> of another member's ingress.
/// </summary>
internal sealed class ResolvedResourceDocument
{
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("proxy_id")]
    public string? ProxyId { get; set; }

    [JsonPropertyName("urls")]
    public List<string?>? Urls { get; set; }
}

/// <summary>Harmony's <c>RUNBEAM_MACHINE_TOKEN</c> may hold a JSON document rather than the bare token.</summary>
internal sealed class MachineTokenDocument
{
    [JsonPropertyName("machine_token")]
    public string? MachineToken { get; set; }
}

/// <summary>
/// Source-generated (de)serialisers for every provider document, so the runtime stays free of reflection and
/// NativeAOT-clean. Unknown members are ignored: a provider may send more than HarmonyGen reads.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.Unspecified,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    AllowTrailingCommas = false,
    NumberHandling = JsonNumberHandling.Strict,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(MeshTokenRequest))]
[JsonSerializable(typeof(MeshTokenResponse))]
[JsonSerializable(typeof(JsonWebKeySetDocument))]
[JsonSerializable(typeof(ResolveResponse))]
[JsonSerializable(typeof(MachineTokenDocument))]
internal sealed partial class ProviderJsonContext : JsonSerializerContext
{
}
