using System.Net;
using System.Net.Sockets;

namespace Telephony.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Hands out loopback ports that are free for both UDP and TCP, never the same one twice in a test run,
/// so tests running side by side cannot collide.
/// </summary>
public static class FreePorts
{
    private static readonly Lock Gate = new();
    private static readonly HashSet<int> Given = [];

    public static int Next()
    {
        lock (Gate)
        {
            for (var attempt = 0; attempt < 200; attempt++)
            {
                var port = EphemeralTcpPort();
                if (!Given.Contains(port) && UdpFree(port))
                {
                    Given.Add(port);
                    return port;
                }
            }
        }

        throw new InvalidOperationException("No free loopback port found after 200 attempts.");
    }

    /// <summary>A block of <paramref name="count"/> consecutive UDP ports (an RTP range), all free now.</summary>
    public static (int First, int Last) NextUdpRange(int count)
    {
        lock (Gate)
        {
            for (var first = 40000 + Random.Shared.Next(0, 500) * 20; first < 60000; first += count)
            {
                var range = Enumerable.Range(first, count);
                if (range.All(p => !Given.Contains(p) && UdpFree(p)))
                {
                    Given.UnionWith(range);
                    return (first, first + count - 1);
                }
            }
        }

        throw new InvalidOperationException($"No block of {count} free UDP ports found.");
    }

    private static int EphemeralTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool UdpFree(int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
