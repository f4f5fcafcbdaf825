using System;
using System.IO;
using System.Net;
using System.Net.Sockets;

namespace HarmonyGen.Runtime.Tests.Infrastructure;

/// <summary>
/// Loopback ports for servers whose port must be written into a definition before they start. A port is held by a
/// socket that is bound but not listening: nobody else (no other test, no outgoing connection) can take it, and a
/// connection to it is refused at once. It is released just before the server binds it.
/// </summary>
internal sealed class PortReservation : IDisposable
{
    private Socket? _socket;

    public PortReservation()
    {
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
    }

    public int Port { get; }

    /// <summary>Frees the port for the server that is about to bind it.</summary>
    public void Release()
    {
        _socket?.Dispose();
        _socket = null;
    }

    public void Dispose() => Release();
}

internal static class Ports
{
    /// <summary>True when a server failed to start because its port was taken in the instant after it was released.</summary>
    public static bool IsAddressInUse(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse })
            {
                return true;
            }

            if (e is IOException io && io.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
