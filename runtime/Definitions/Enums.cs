namespace HarmonyGen.Definitions;

/// <summary>Transport an ingress listens with or an egress asks for (<c>type</c> in TOML).</summary>
public enum TransportType
{
    /// <summary>HTTP/1.1 or HTTP/2.</summary>
    Http,
    /// <summary>HTTP/3 over QUIC, falling back to HTTP/2 or 1.1 where QUIC is unavailable.</summary>
    Http3,
}

/// <summary>How strictly an ingress or egress demands mesh credentials (<c>mode</c> in TOML).</summary>
public enum MeshMode
{
    /// <summary>Mesh credentials are used when present; traffic without them still flows.</summary>
    Default,
    /// <summary>Traffic without valid mesh credentials is rejected with 403.</summary>
    Mesh,
}

/// <summary>What an endpoint serves (<c>[endpoints.E] service</c>).</summary>
public enum EndpointService
{
    /// <summary>Plain HTTP.</summary>
    Http,
    /// <summary>A FHIR API.</summary>
    Fhir,
    /// <summary>A DICOMweb API.</summary>
    DicomWeb,
    /// <summary>Answers in-process with a description of the request.</summary>
    Echo,
}

/// <summary>How a backend is reached (<c>[backends.B] service</c>).</summary>
public enum BackendService
{
    /// <summary>HTTP/1.1 or HTTP/2 to <c>base_url</c>.</summary>
    Http,
    /// <summary>HTTP/3 to <c>base_url</c>, with fallback.</summary>
    Http3,
    /// <summary>Answered in-process, as Harmony's echo service does.</summary>
    Echo,
}

/// <summary>Who issues and verifies a mesh's tokens (<c>[mesh.M] provider</c>).</summary>
public enum MeshProvider
{
    /// <summary>Keys held by this gateway: a shared HS256 secret or an RS256 key pair.</summary>
    Local,
    /// <summary>Tokens issued by the Runbeam cloud and verified against its JWKS.</summary>
    Runbeam,
}

/// <summary>JWT signature algorithm a mesh uses.</summary>
public enum MeshAlgorithm
{
    /// <summary>HMAC-SHA256 with a shared secret.</summary>
    HS256,
    /// <summary>RSASSA-PKCS1-v1_5 with SHA-256 and a key pair.</summary>
    RS256,
}

/// <summary>Harmony's policy rule types (<c>[rules.R] type</c>), each its TOML word in Pascal case.</summary>
public enum PolicyRuleType
{
    /// <summary>Allows every request.</summary>
    AllowAll,
    /// <summary>Denies every request.</summary>
    DenyAll,
    /// <summary>Allows a client address in one of the networks.</summary>
    IpAllow,
    /// <summary>Denies a client address in one of the networks.</summary>
    IpDeny,
    /// <summary>Allows or denies a path that matches one of the patterns.</summary>
    Path,
    /// <summary>Allows or denies a request whose headers all match.</summary>
    Header,
    /// <summary>Allows or denies a client's country.</summary>
    Geo,
    /// <summary>Denies a client over its request count in a fixed window.</summary>
    RateLimit,
    /// <summary>Allows or denies by time of day, day of week and date.</summary>
    TimeBased,
    /// <summary>Allows or denies an HTTP method.</summary>
    Method,
    /// <summary>Allows or denies a User-Agent that matches one of the patterns.</summary>
    UserAgent,
    /// <summary>Allows or denies a request's media type.</summary>
    ContentType,
    /// <summary>Allows or denies a request whose query parameters all match.</summary>
    QueryParameter,
}

/// <summary>What a matching rule decides (<c>mode</c>).</summary>
public enum RuleMode
{
    /// <summary>A match allows the request.</summary>
    Allow,
    /// <summary>A match denies the request.</summary>
    Deny,
}

/// <summary>How a header or query parameter is compared (<c>match_type</c>).</summary>
public enum MatchKind
{
    /// <summary>Equal, ignoring case.</summary>
    Exact,
    /// <summary>Contains the value, ignoring case.</summary>
    Contains,
    /// <summary>Matches the regular expression.</summary>
    Regex,
    /// <summary>Present, whatever its value.</summary>
    Exists,
}

/// <summary>Which side a <c>transform</c> middleware rewrites (Harmony's <c>apply</c>): left is the request, right the response.</summary>
public enum TransformApply
{
    /// <summary>The request body on its way to the backend, and the response body on its way back.</summary>
    Both,
    /// <summary>The request body only.</summary>
    Left,
    /// <summary>The response body only.</summary>
    Right,
}
