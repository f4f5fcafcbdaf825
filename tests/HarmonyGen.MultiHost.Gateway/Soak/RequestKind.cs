using System;
using System.Net.Http;

namespace HarmonyGen.MultiHost.Gateway.Soak;

/// <summary>
/// One kind of request in the soak's mix: how to make it, the status it must get, and (for 200s) what the backend's
/// answer must say, so a 200 with the wrong bytes behind it counts as unexpected too.
/// </summary>
internal sealed record RequestKind(string Name, int ExpectedStatus, Func<HttpRequestMessage> Create, string? BodyMustContain);
