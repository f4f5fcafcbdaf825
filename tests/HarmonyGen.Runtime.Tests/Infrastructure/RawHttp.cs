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
    public static async Task<(int Status, string Response)> GetAsync(int port, string target, string host)
    {
        using var timeout = new CancellationTokenSource(Http.CallTimeout);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token).ConfigureAwait(false);
        NetworkStream stream = client.GetStream();
        byte[] request = Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(request, timeout.Token).ConfigureAwait(false);
        using var response = new MemoryStream();
        await stream.CopyToAsync(response, timeout.Token).ConfigureAwait(false);
        string text = Encoding.UTF8.GetString(response.ToArray());
        string[] statusLine = text.Split("\r\n", 2)[0].Split(' ');
        return (int.Parse(statusLine[1]), text);
    }
}
