using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace HarmonyGen.Runtime.Tests.Infrastructure;

/// <summary>
/// HTTP/1.1 over a plain socket, for request targets that <see cref="Uri"/> would normalise before sending
/// (<c>%2e%2e</c>, <c>..</c>, backslashes): the bytes of the request line are exactly the test's.
/// </summary>
internal static class RawHttp
{
    public static Task<(int Status, string Response)> GetAsync(int port, string target, string host) =>
        SendAsync(port, $"GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");

    /// <summary>
    /// A chunked POST that sends <paramref name="chunks"/> chunks and then neither more nor the last chunk: it reads the
    /// answer the server gave while the body was still open. (An HttpClient would go on sending, and writing into a
    /// connection the server has answered and closed races with its reset.)
    /// </summary>
    public static Task<(int Status, string Response)> PostUnfinishedChunkedAsync(int port, string target, string host, int chunks, int size)
    {
        string chunk = size.ToString("x") + "\r\n" + new string('a', size) + "\r\n";
        var request = new StringBuilder($"POST {target} HTTP/1.1\r\nHost: {host}\r\nTransfer-Encoding: chunked\r\n\r\n");
        for (int i = 0; i < chunks; i++)
        {
            request.Append(chunk);
        }

        return SendAsync(port, request.ToString());
    }

    private static async Task<(int Status, string Response)> SendAsync(int port, string requestText)
    {
        using var timeout = new CancellationTokenSource(Http.CallTimeout);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token).ConfigureAwait(false);
        NetworkStream stream = client.GetStream();
        byte[] request = Encoding.ASCII.GetBytes(requestText);
        await stream.WriteAsync(request, timeout.Token).ConfigureAwait(false);
        using var response = new MemoryStream();
        await stream.CopyToAsync(response, timeout.Token).ConfigureAwait(false);
        string text = Encoding.UTF8.GetString(response.ToArray());
        string[] statusLine = text.Split("\r\n", 2)[0].Split(' ');
        return (int.Parse(statusLine[1]), text);
    }
}
