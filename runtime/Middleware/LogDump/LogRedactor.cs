using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace HarmonyGen.Middleware.LogDump;

/// <summary>
/// What a log_dump may write of a request or response: header values and query values with credentials replaced by
/// <see cref="Redacted"/>. A credential is whatever a header or parameter of its name usually carries
/// (<c>Authorization</c>, <c>Cookie</c>, <c>token</c>, <c>api_key</c>, ...), any value sent with an HTTP
/// authentication scheme (<c>Bearer</c>, <c>Basic</c>, so a mesh token is redacted in any header), the names its
/// <c>redact_headers</c> adds and the names <c>[proxy] sensitive_field_patterns</c> match. Built once per stage.
/// </summary>
internal sealed class LogRedactor
{
    public const string Redacted = "[redacted]";

    // Headers whose value is a credential whatever it looks like.
    private static readonly string[] s_credentialHeaders = { "Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie" };

    // Name fragments (lower case, '-' read as '_') that mark a credential: x-api-key, access_token, client_secret, ...
    private static readonly string[] s_secretFragments = { "token", "secret", "password", "passwd", "passphrase", "credential", "apikey", "api_key", "private_key", "session" };

    // Whole names that carry one, alone or as the last word (?key=, ?sig= of a signed URL, ?access_key=, X-Auth).
    private static readonly string[] s_secretNames = { "key", "sig", "signature", "auth", "authorization" };
    private static readonly string[] s_secretSuffixes = Array.ConvertAll(s_secretNames, name => "_" + name);

    // Values sent with an authentication scheme (RFC 9110 §11): the credentials follow the scheme.
    private static readonly string[] s_schemes = { "Bearer ", "Basic ", "Digest ", "Negotiate ", "NTLM " };

    private static readonly JsonWriterOptions s_json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }; // a log, not HTML

    /// <summary>How redacted JSON is written: relaxed escaping, for a log, not HTML.</summary>
    public static JsonWriterOptions JsonOptions => s_json;

    private readonly string[] _names;

    /// <summary>What a redacted value is written as.</summary>
    public string Marker { get; }
    private readonly Regex[] _patterns;

    /// <param name="names">Header names (ignoring case) redacted besides the credential headers.</param>
    /// <param name="patterns">Regexes of header and query parameter names, matched anywhere and ignoring case, as Harmony's SensitiveFieldMatcher matches them.</param>
    /// <param name="marker">What a redacted value is written as: <see cref="Redacted"/> in logs; Harmony's webhook writes <c>&lt;redacted&gt;</c>.</param>
    public LogRedactor(IEnumerable<string> names, IEnumerable<string> patterns, string marker = Redacted)
    {
        Marker = marker;
        _names = names.ToArray();
        _patterns = patterns.Select(p => new Regex(p, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)).ToArray();
    }

    /// <summary>True when a header or query parameter of this name carries a credential.</summary>
    public static bool IsSecretName(ReadOnlySpan<char> name)
    {
        Span<char> lower = name.Length <= 128 ? stackalloc char[name.Length] : new char[name.Length];
        for (int i = 0; i < name.Length; i++)
        {
            char c = char.ToLowerInvariant(name[i]);
            lower[i] = c == '-' ? '_' : c;
        }

        foreach (string fragment in s_secretFragments)
        {
            if (lower.IndexOf(fragment, StringComparison.Ordinal) >= 0)
            {
                return true;
            }
        }

        for (int i = 0; i < s_secretNames.Length; i++)
        {
            if (lower.SequenceEqual(s_secretNames[i]) || lower.EndsWith(s_secretSuffixes[i], StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The headers as a JSON object of name to value (repeated values joined with ", "), credentials redacted.</summary>
    public string Headers(IHeaderDictionary headers)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, s_json))
        {
            writer.WriteStartObject();
            foreach (KeyValuePair<string, StringValues> header in headers)
            {
                writer.WriteString(header.Key, IsRedacted(header.Key, header.Value) ? Marker : header.Value.ToString());
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The query string (<c>?a=1&amp;token=[redacted]</c>) with the values of secret-looking parameters redacted; empty without one.</summary>
    public string Query(QueryString query)
    {
        string? text = query.Value;
        if (string.IsNullOrEmpty(text) || text.Length == 1)
        {
            return string.Empty;
        }

        var written = new StringBuilder(text.Length);
        written.Append('?');
        bool first = true;
        foreach (string pair in text.Substring(1).Split('&'))
        {
            if (!first)
            {
                written.Append('&');
            }

            first = false;
            int equals = pair.IndexOf('=');
            if (equals < 0)
            {
                written.Append(pair);
                continue;
            }

            string name = pair.Substring(0, equals);
            string decoded = Uri.UnescapeDataString(name.Replace('+', ' '));
            written.Append(IsSecretName(decoded) || Matched(decoded) ? name + "=" + Marker : pair);
        }

        return written.ToString();
    }

    private bool Matched(string name) => Array.Exists(_patterns, p => p.IsMatch(name));

    /// <summary>True when a query parameter or metadata entry of this name is written redacted (its name looks secret, or a pattern matches it).</summary>
    public bool IsRedactedName(string name) => IsSecretName(name) || Matched(name);

    /// <summary>True when a header is written redacted: a credential header, a name listed or matched, a secret-looking name, or a value sent with an authentication scheme.</summary>
    public bool IsRedacted(string name, StringValues values)
    {
        if (Array.Exists(s_credentialHeaders, h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase))
            || Array.Exists(_names, h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase))
            || IsSecretName(name)
            || Matched(name))
        {
            return true;
        }

        foreach (string? value in values)
        {
            if (value is not null && Array.Exists(s_schemes, scheme => value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }
}
