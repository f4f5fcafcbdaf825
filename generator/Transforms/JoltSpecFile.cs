using System.Collections.Generic;
using Microsoft.CodeAnalysis.Text;

namespace HarmonyGen.Generator.Transforms;

/// <summary>
/// A JSON AdditionalFile read as a transform spec: the compiled-ready program when it is one, and what is wrong with it
/// otherwise (reported only where a transform middleware uses the file, since most JSON files of a project are not specs).
/// </summary>
internal sealed record JoltSpecFile(string Path, JoltProgram? Program, EquatableArray<DiagnosticInfo> Diagnostics)
{
    /// <summary>Reads one file. Never throws: an unexpected failure is an HG0099 at the file.</summary>
    public static JoltSpecFile Read(string path, SourceText text)
    {
        string normalized = PathText.Normalize(path);
        try
        {
            return JoltSpecReader.Read(normalized, text);
        }
        catch (System.Exception ex)
        {
            return new JoltSpecFile(normalized, null, new[] { InternalError.Create(normalized, ex) }.ToEquatableArray());
        }
    }
}
