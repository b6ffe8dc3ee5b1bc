using System.Net;
using System.Net.Sockets;

namespace Telephony.Media.Rtp;

/// <summary>
/// Hands out port pairs of a range (RFC 3550 §11: RTP on an even port, RTCP on the odd one above it).
/// A pair is only handed out once both its sockets are bound, so ports taken by other processes are skipped, not reported.
/// Allocation rotates through the range so a port just released is not reused at once, which keeps late packets
/// of a finished call away from the next one.
/// </summary>
public sealed class RtpPortAllocator
{
    private readonly object _gate = new();
    private readonly HashSet<int> _leased = [];
    private readonly int _firstEvenPort;
    private readonly int _portCount;
    private int _nextIndex;

    public RtpPortAllocator(int firstPort, int lastPort)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(firstPort, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lastPort, 65535);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstPort, lastPort);
        _firstEvenPort = firstPort % 2 == 0 ? firstPort : firstPort + 1;
        // Both ports of a pair must lie inside the range the operator opened in the firewall.
        _portCount = _firstEvenPort + 1 > lastPort ? 0 : ((lastPort - 1 - _firstEvenPort) / 2) + 1;
        if (_portCount == 0)
        {
            throw new ArgumentException($"RTP port range {firstPort}-{lastPort} contains no even/odd RTP/RTCP port pair.", nameof(lastPort));
        }

        FirstPort = firstPort;
        LastPort = lastPort;
    }

    public int FirstPort { get; }

    public int LastPort { get; }

    /// <summary>How many RTP/RTCP port pairs the range holds.</summary>
    public int Capacity => _portCount;

    public int LeasedCount
    {
        get
        {
            lock (_gate)
            {
                return _leased.Count;
            }
        }
    }

    /// <summary>
    /// Binds UDP sockets on the next free even port and the odd port above it (RTCP). Throws <see cref="RtpPortsExhaustedException"/> when every
    /// port is leased or in use elsewhere.
    /// </summary>
    public RtpPortLease Allocate(IPAddress bindAddress)
    {
        ArgumentNullException.ThrowIfNull(bindAddress);
        for (var attempt = 0; attempt < _portCount; attempt++)
        {
            var port = ReserveNextCandidate();
            if (port < 0)
            {
                break;
            }

            var socket = TryBind(bindAddress, port);
            var rtcpSocket = socket is null ? null : TryBind(bindAddress, port + 1);
            if (socket is not null && rtcpSocket is not null)
            {
                return new RtpPortLease(this, socket, rtcpSocket, port);
            }

            socket?.Dispose();

            Release(port);
        }

        throw new RtpPortsExhaustedException(
            $"No free even RTP port in {FirstPort}-{LastPort} on {bindAddress} ({LeasedCount} of {_portCount} leased here, the rest in use by other sockets).");
    }

    internal void Release(int port)
    {
        lock (_gate)
        {
            _leased.Remove(port);
        }
    }

    /// <summary>Marks the next port not leased by us as taken, or returns -1 when all are leased.</summary>
    private int ReserveNextCandidate()
    {
        lock (_gate)
        {
            for (var step = 0; step < _portCount; step++)
            {
                var port = _firstEvenPort + (2 * _nextIndex);
                _nextIndex = (_nextIndex + 1) % _portCount;
                if (_leased.Add(port))
                {
                    return port;
                }
            }

            return -1;
        }
    }

    private static Socket? TryBind(IPAddress bindAddress, int port)
    {
        var socket = new Socket(bindAddress.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Blocking = false;
            // No SO_REUSEADDR: binding fails when any socket holds the port, so two calls never share one.
            socket.Bind(new IPEndPoint(bindAddress, port));
            return socket;
        }
        catch (SocketException exception) when (exception.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            socket.Dispose();
            return null;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
