using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;

namespace HarmonyGen.Runtime.Tests.Infrastructure;

/// <summary>
/// A request body sent in two halves, the second only once the backend has received the first: it completes only
/// through a gateway that streams request bodies, and times out through one that buffers them.
/// </summary>
internal sealed class SentInHalves : HttpContent
{
    /// <summary>
    /// Large enough that each half fills the gateway's outgoing write buffer: YARP flushes its copy of a request body
    /// only when that buffer is full (it auto-flushes gRPC alone), so a few bytes would wait there however it streams.
    /// </summary>
    public static readonly string Text = "{\"pad\": \"" + new string('a', 256 * 1024) + "\", \"end\": 1}";

    private readonly TaskCompletionSource _backendHasFirstHalf;

    private SentInHalves(TaskCompletionSource backendHasFirstHalf)
    {
        _backendHasFirstHalf = backendHasFirstHalf;
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
    }

    public static HttpRequestMessage Post(string url, RecordingBackend backend)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        backend.BodyStarted = started;
        return new HttpRequestMessage(HttpMethod.Post, url) { Content = new SentInHalves(started) };
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(Text);
        int half = bytes.Length / 2;
        await stream.WriteAsync(bytes.AsMemory(0, half));
        await stream.FlushAsync();
        await _backendHasFirstHalf.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await stream.WriteAsync(bytes.AsMemory(half));
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
