using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace HarmonyGen.Build.Tests.Infrastructure;

/// <summary>One diagnostic as MSBuild's console logger prints it: <c>path(line,col): error HG0201: message [project]</c>.</summary>
internal sealed record BuildDiagnostic(string File, int Line, int Column, string Severity, string Id, string Message, string? HelpLink, string RawLine)
{
    public bool IsError => Severity == "error";

    public override string ToString() => RawLine;
}

/// <summary>What a <c>dotnet build</c> did: its exit code, every output line, and the diagnostics parsed from them.</summary>
internal sealed partial class BuildResult
{
    public BuildResult(int exitCode, IReadOnlyList<string> lines, TimeSpan elapsed)
    {
        ExitCode = exitCode;
        Lines = lines;
        Elapsed = elapsed;
        Diagnostics = lines.Select(Parse).OfType<BuildDiagnostic>().Distinct().ToList();
    }

    public int ExitCode { get; }

    public IReadOnlyList<string> Lines { get; }

    public TimeSpan Elapsed { get; }

    /// <summary>Every located diagnostic (any ID, not only HG), once each.</summary>
    public IReadOnlyList<BuildDiagnostic> Diagnostics { get; }

    public IEnumerable<BuildDiagnostic> Errors => Diagnostics.Where(d => d.IsError);

    /// <summary>Lines that say "error" in MSBuild's format but carry no file position (MSB, NETSDK, NU errors).</summary>
    public IEnumerable<string> UnlocatedErrorLines => Lines.Where(l => UnlocatedError().IsMatch(l) && Parse(l) is null);

    /// <summary>The whole build output, for assertion messages.</summary>
    public string Describe(string what) =>
        $"{what}\n--- dotnet build exited {ExitCode} after {Elapsed.TotalSeconds:0.0} s; output ({Lines.Count} lines):\n{string.Join('\n', Lines)}\n---";

    private static BuildDiagnostic? Parse(string line)
    {
        Match m = Located().Match(line.Trim());
        return m.Success
            ? new BuildDiagnostic(
                m.Groups["file"].Value,
                int.Parse(m.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(m.Groups["col"].Value, System.Globalization.CultureInfo.InvariantCulture),
                m.Groups["sev"].Value,
                m.Groups["id"].Value,
                m.Groups["msg"].Value,
                m.Groups["help"].Success ? m.Groups["help"].Value : null,
                line.Trim())
            : null;
    }

    // path(line,col) or path(line,col,endLine,endCol), then ": error|warning ID: message", then the help link the
    // compiler may add, " (https://...)", then MSBuild's " [project]".
    [GeneratedRegex(@"^(?<file>.+?)\((?<line>\d+),(?<col>\d+)(?:,\d+,\d+)?\): (?<sev>error|warning) (?<id>[A-Za-z]+\d+): (?<msg>.*?)(?: \((?<help>https?://[^\s()]+)\))?(?: \[[^\[\]]+proj\])?$")]
    private static partial Regex Located();

    [GeneratedRegex(@"(^|\s|:)error [A-Za-z]+\d+:")]
    private static partial Regex UnlocatedError();
}
