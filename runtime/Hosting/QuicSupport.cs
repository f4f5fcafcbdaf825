using System.Net.Quic;
using System.Runtime.Versioning;

namespace HarmonyGen.Hosting;

/// <summary>Whether this machine can speak QUIC (HTTP/3 needs libmsquic); checked once.</summary>
internal static class QuicSupport
{
    [SupportedOSPlatformGuard("linux")]
    [SupportedOSPlatformGuard("windows")]
    [SupportedOSPlatformGuard("macos")]
    public static bool IsSupported { get; } = QuicListener.IsSupported && QuicConnection.IsSupported;
}
