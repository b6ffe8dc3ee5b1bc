using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Telephony.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A plain UDP socket on a loopback address of its own (127.0.0.x: every one is local on Linux), playing a host other
/// than the caller's: a third party an SDP names, or an attacker spraying RTP at the server's whole port range.
/// </summary>
public sealed class LoopbackRtpHost : IDisposable
{
    private const int Ssrc = 0x0BAD_F00D;
    private readonly UdpClient _client;

    public LoopbackRtpHost(string address, int port = 0) => _client = new UdpClient(new IPEndPoint(IPAddress.Parse(address), port));

    public IPEndPoint EndPoint => (IPEndPoint)_client.Client.LocalEndPoint!;

    /// <summary>Datagrams waiting to be read: what reached this host so far.</summary>
    public int Pending => _client.Available;

    /// <summary>One RFC 4733 key press (three updates, three end packets, payload type 101) to every even port of the range.</summary>
    public void SendDigitToEvery((int First, int Last) ports, char digit, ushort firstSequence, uint timestamp)
    {
        var code = digit switch
        {
            >= '0' and <= '9' => (byte)(digit - '0'),
            '*' => (byte)10,
            '#' => (byte)11,
            _ => throw new ArgumentOutOfRangeException(nameof(digit), digit, "Not a telephone key."),
        };
        var packet = new byte[12 + 4];
        for (var i = 0; i < 6; i++)
        {
            var end = i >= 3;
            var duration = (ushort)(160 * Math.Min(i + 1, 4));
            WriteHeader(packet, 101, marker: i == 0, (ushort)(firstSequence + i), timestamp);
            packet[12] = code;
            packet[13] = (byte)((end ? 0x80 : 0) | 10);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(14), duration);
            SendToEvery(ports, packet);
        }
    }

    /// <summary>One PCMA packet of silence to every even port of the range (what proves this host sends media).</summary>
    public void SendAudioToEvery((int First, int Last) ports, ushort sequence)
    {
        var packet = new byte[12 + 160];
        WriteHeader(packet, 8, marker: false, sequence, (uint)(sequence * 160));
        packet.AsSpan(12).Fill(0xD5);
        SendToEvery(ports, packet);
    }

    /// <summary>Reads datagrams until <paramref name="count"/> arrived or <paramref name="within"/> passed; returns how many.</summary>
    public async Task<int> ReceiveAsync(int count, TimeSpan within)
    {
        using var deadline = new CancellationTokenSource(within);
        var received = 0;
        try
        {
            while (received < count)
            {
                await _client.ReceiveAsync(deadline.Token);
                received++;
            }
        }
        catch (OperationCanceledException)
        {
        }

        return received;
    }

    public void Dispose() => _client.Dispose();

    private void SendToEvery((int First, int Last) ports, byte[] packet)
    {
        for (var port = ports.First + (ports.First % 2); port <= ports.Last; port += 2)
        {
            try
            {
                _client.Send(packet, packet.Length, new IPEndPoint(IPAddress.Loopback, port));
            }
            catch (SocketException)
            {
                // An unused port answers ICMP unreachable, which the next send on this socket reports: not our concern.
            }
        }
    }

    private static void WriteHeader(byte[] packet, byte payloadType, bool marker, ushort sequence, uint timestamp)
    {
        packet[0] = 0x80;
        packet[1] = (byte)((marker ? 0x80 : 0) | payloadType);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), Ssrc);
    }
}
