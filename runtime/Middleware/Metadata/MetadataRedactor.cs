using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using HarmonyGen.Middleware.LogDump;
using Microsoft.AspNetCore.Http;

namespace HarmonyGen.Middleware.Metadata;

/// <summary>
/// What a log_dump or webhook may write of a request's metadata: each value, or its redaction marker when the entry's
/// name is one its <c>redact_metadata</c> lists (ignoring case, as Harmony compares them), looks like a credential, or
/// matches <c>[proxy] sensitive_field_patterns</c> (Harmony's <c>redact_metadata</c>, with HarmonyGen's secret names
/// added as for headers). The query in <c>full_path</c> is redacted as the request's own query is, so a credential
/// sent as a query parameter is not copied out through the metadata. Built once per stage.
/// </summary>
internal sealed class MetadataRedactor
{
    private readonly string[] _names;
    private readonly LogRedactor _redactor;

    /// <param name="names">The stage's <c>redact_metadata</c>.</param>
    /// <param name="redactor">The stage's redactor, for its secret names, patterns and marker.</param>
    public MetadataRedactor(IEnumerable<string> names, LogRedactor redactor)
    {
        _names = names.ToArray();
        _redactor = redactor;
        Value = Redact; // one delegate per stage, not per request
    }

    /// <summary>The value to write for an entry: its own, or the marker.</summary>
    public Func<string, string, string> Value { get; }

    /// <summary>The request's metadata (or, with <paramref name="response"/>, the response's) as a JSON object, redacted.</summary>
    public string Json(HttpContext context, string prefix, bool response)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, LogRedactor.JsonOptions))
        {
            if (response)
            {
                RequestMetadata.WriteResponse(writer, context, Value);
            }
            else
            {
                RequestMetadata.WriteRequest(writer, context, prefix, Value);
            }
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private string Redact(string name, string value)
    {
        foreach (string listed in _names)
        {
            if (string.Equals(listed, name, StringComparison.OrdinalIgnoreCase))
            {
                return _redactor.Marker;
            }
        }

        if (_redactor.IsRedactedName(name))
        {
            return _redactor.Marker;
        }

        int query = name == "full_path" ? value.IndexOf('?', StringComparison.Ordinal) : -1;
        return query < 0 ? value : value.Substring(0, query) + _redactor.Query(new QueryString(value.Substring(query)));
    }
}
