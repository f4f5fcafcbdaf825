using System;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using HarmonyGen.Definitions;
using HarmonyGen.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace HarmonyGen.Middleware.Auth;

/// <summary>
/// A <c>basic_auth</c> middleware on the request side, with the semantics of Harmony's AuthSidecarMiddleware::left
/// (src/models/middleware/types/auth.rs at 4a412bc8): the request goes on only when its <c>Authorization</c> header is
/// <c>Basic </c> (that case, one space) and the standard, padded base64 of UTF-8 <c>username:password</c>; anything else
/// is 401 and never reaches the backend. The header is passed on to the backend, as Harmony passes it.
/// </summary>
/// <remarks>
/// Harmony decodes the base64, splits at the first colon and compares both halves with <c>==</c>. Its base64 engine
/// accepts only the canonical encoding, so that is the same as comparing the whole header with the one value that
/// encodes the configured pair, which is what this stage does, and more strictly than Harmony: SHA-256 digests of both
/// compared with <see cref="CryptographicOperations.FixedTimeEquals"/>, so the time taken says nothing about how much of
/// a guess was right, not even its length. A request with the header twice is refused (Harmony keeps one of them).
/// </remarks>
internal sealed class BasicAuthStage : IPipelineStage
{
    private readonly byte[] _expectedDigest;
    private readonly Rejection _refused;

    public BasicAuthStage(BasicAuthMiddlewareDefinition middleware, Func<string, string?> environment)
    {
        Name = middleware.Name;
        string username = middleware.Username.Resolve(environment);
        if (username.Contains(':', StringComparison.Ordinal))
        {
            // The build refuses a literal one (HG0312); an environment variable can only be read here.
            throw new InvalidOperationException($"The user name of {middleware.Username.TomlKey} contains ':', so no Basic credentials could match it (RFC 7617).");
        }

        string expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(username + ":" + middleware.Password.Resolve(environment)));
        _expectedDigest = SHA256.HashData(MemoryMarshal.AsBytes(expected.AsSpan()));
        _refused = AuthChallenge.Unauthorized("Basic", Name, ", charset=\"UTF-8\"", $"Middleware '{Name}' needs valid Basic credentials in the Authorization header.");
    }

    public string Name { get; }

    public StageSide Side => StageSide.Request;

    public ValueTask<StageResult> InvokeAsync(HttpContext context)
    {
        StringValues authorization = context.Request.Headers.Authorization;
        return authorization.Count == 1 && Matches(authorization[0])
            ? default
            : new ValueTask<StageResult>(StageResult.Reject(_refused));
    }

    private bool Matches(string? header)
    {
        if (header is null)
        {
            return false;
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(MemoryMarshal.AsBytes(header.AsSpan()), digest);
        return CryptographicOperations.FixedTimeEquals(digest, _expectedDigest);
    }
}
