using System.Net;
using System.Net.Sockets;

namespace Telephony.Media.Rtp;

/// <summary>
/// Bound UDP sockets on an even RTP port and the RTCP port above it. Disposing closes both sockets and gives the port back at once,
/// so the per-process descriptor budget (ulimit -n) is never held by finished calls.
/// </summary>
public sealed class RtpPortLease : IDisposable
{
    private readonly RtpPortAllocator _owner;
    private int _disposed;

    internal RtpPortLease(RtpPortAllocator owner, Socket socket, Socket rtcpSocket, int port)
    {
        _owner = owner;
        Socket = socket;
        RtcpSocket = rtcpSocket;
        Port = port;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
    }

    public Socket Socket { get; }

    /// <summary>The socket bound on <see cref="Port"/> + 1.</summary>
    public Socket RtcpSocket { get; }

    public int Port { get; }

    public IPEndPoint LocalEndPoint { get; }

    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Socket.Dispose();
        RtcpSocket.Dispose();
        _owner.Release(Port);
    }
}
