using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace HarmonyGen.Generator.Tests.Infrastructure;

/// <summary>A set of TOML files for one test, and exact spans of text inside them.</summary>
internal sealed class Toml
{
    private readonly Dictionary<string, string> _files;

    public Toml(Dictionary<string, string> files) => _files = files;

    public IReadOnlyDictionary<string, string> Files => _files;

    public string this[string path]
    {
        get => _files[path];
        set => _files[path] = value;
    }

    /// <summary>Replaces exactly one occurrence of <paramref name="find"/> in <paramref name="path"/>.</summary>
    public Toml Replace(string path, string find, string replacement)
    {
        string text = _files[path];
        int index = text.IndexOf(find, StringComparison.Ordinal);
        if (index < 0 || text.IndexOf(find, index + 1, StringComparison.Ordinal) >= 0)
        {
            throw new ArgumentException($"'{find}' must occur exactly once in {path}");
        }

        _files[path] = text.Substring(0, index) + replacement + text.Substring(index + find.Length);
        return this;
    }

    public Toml Append(string path, string text)
    {
        _files[path] = _files.TryGetValue(path, out string? existing) ? existing + "\n" + text : text;
        return this;
    }

    /// <summary>
    /// The expected diagnostic <paramref name="id"/> spanning exactly the <paramref name="occurrence"/>-th
    /// <paramref name="needle"/> in <paramref name="path"/> (1-based lines and columns, as the compiler prints).
    /// </summary>
    public DiagnosticResult At(string id, DiagnosticSeverity severity, string path, string needle, int occurrence = 1)
    {
        string text = _files[path];
        int index = -1;
        for (int i = 0; i < occurrence; i++)
        {
            index = text.IndexOf(needle, index + 1, StringComparison.Ordinal);
            if (index < 0)
            {
                throw new ArgumentException($"'{needle}' occurs fewer than {occurrence} times in {path}");
            }
        }

        return AtOffset(id, severity, path, index, needle.Length);
    }

    /// <summary>The expected diagnostic spanning characters [<paramref name="offset"/>, +<paramref name="length"/>) of <paramref name="path"/>.</summary>
    public DiagnosticResult AtOffset(string id, DiagnosticSeverity severity, string path, int offset, int length)
    {
        string text = _files[path];
        (int startLine, int startColumn) = Position(text, offset);
        (int endLine, int endColumn) = Position(text, offset + length);
        return new DiagnosticResult(id, severity).WithSpan(GatewayTest.ProjectDir + path, startLine, startColumn, endLine, endColumn);
    }

    /// <summary>Adds the additional location a diagnostic must also point at (the other half of a duplicate).</summary>
    public DiagnosticResult Also(DiagnosticResult result, string path, string needle, int occurrence = 1)
    {
        DiagnosticResult other = At(result.Id, result.Severity, path, needle, occurrence);
        FileLinePositionSpan span = other.Spans[0].Span;
        return result.WithSpan(span.Path, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1, span.EndLinePosition.Line + 1, span.EndLinePosition.Character + 1);
    }

    /// <summary>Where <paramref name="needle"/> starts, as a message names another place: path(line,column).</summary>
    public string Display(string path, string needle)
    {
        int index = _files[path].IndexOf(needle, StringComparison.Ordinal);
        if (index < 0)
        {
            throw new ArgumentException($"'{needle}' does not occur in {path}");
        }

        (int line, int column) = Position(_files[path], index);
        return $"{GatewayTest.ProjectDir}{path}({line},{column})";
    }

    public DiagnosticResult Error(string id, string path, string needle, int occurrence = 1) => At(id, DiagnosticSeverity.Error, path, needle, occurrence);

    public DiagnosticResult Warning(string id, string path, string needle, int occurrence = 1) => At(id, DiagnosticSeverity.Warning, path, needle, occurrence);

    public DiagnosticResult Info(string id, string path, string needle, int occurrence = 1) => At(id, DiagnosticSeverity.Info, path, needle, occurrence);

    private static (int Line, int Column) Position(string text, int offset)
    {
        int line = 1;
        int column = 1;
        for (int i = 0; i < offset; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }

        return (line, column);
    }

    /// <summary>
    /// <see cref="Valid"/> with its api pipeline running the one middleware <paramref name="name"/>, whose tables
    /// (<c>[middleware.name]</c> and its options, as the test writes them) are appended to the pipeline file.
    /// </summary>
    public static Toml WithMiddleware(string name, string tables) =>
        Valid()
            .Replace("pipelines/api.toml", "backends = [\"partner\"]\n\n", $"backends = [\"partner\"]\nmiddleware = [\"{name}\"]\n\n")
            .Append("pipelines/api.toml", tables);

    /// <summary>A valid two-file-plus-mesh gateway: the starting point every diagnostic test breaks in one place.</summary>
    public static Toml Valid() => new(new Dictionary<string, string>
    {
        ["config.toml"] = """
            [proxy]
            id = "clinic"

            [network.lan.http]
            bind_address = "127.0.0.1"
            bind_port = 8080
            """,
        ["pipelines/api.toml"] = """
            [pipelines.api]
            description = "FHIR in, partner out"
            networks = ["lan"]
            endpoints = ["fhir"]
            backends = ["partner"]

            [endpoints.fhir]
            service = "fhir"
            [endpoints.fhir.options]
            path_prefix = "/fhir"

            [backends.partner]
            service = "http"
            timeout_secs = 5
            [backends.partner.options]
            base_url = "http://127.0.0.1:9000/fhir"

            [pipelines.api.mesh.ingress.fhir_in]
            type = "http"
            urls = ["http://127.0.0.1:8080/r4"]
            mode = "mesh"

            [pipelines.api.mesh.egress.partner_out]
            type = "http"
            backend = "partner"
            """,
        ["mesh/care.toml"] = """
            [mesh.care]
            provider = "local"
            jwt_secret = "${CARE_SECRET}"
            ingress = ["fhir_in"]
            egress = ["partner_out"]
            """,
    });
}
