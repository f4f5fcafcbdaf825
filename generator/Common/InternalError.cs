using System;
using Microsoft.CodeAnalysis.Text;

namespace HarmonyGen.Generator;

/// <summary>
/// Turns an unexpected exception into an HG0099 diagnostic: the generator must never crash the build (CS8785),
/// and a bug must still say where it happened.
/// </summary>
internal static class InternalError
{
    public static DiagnosticInfo Create(string filePath, Exception exception)
    {
        var location = new LocationInfo(filePath, new TextSpan(0, 0), default);
        string frame = exception.StackTrace?.Split('\n')[0].Trim() ?? string.Empty;
        return DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, location, $"{exception.GetType().Name}: {exception.Message} {frame}");
    }
}
