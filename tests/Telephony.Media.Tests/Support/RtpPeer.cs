using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Telephony.Media.Rtp;

namespace Telephony.Media.Tests.Support;

/// <summary>A plain UDP socket playing the far end of a call: records what arrives and sends hand-made RTP.</summary>
internal sealed class RtpPeer : IDisposable
{
    private readonly UdpClient _client;

    /// <param name="address">Where the peer's socket lives: another 127.0.0.x plays a third host on loopback.</param>
    public RtpPeer(IPAddress? address = null) => _client = new UdpClient(new IPEndPoint(address ?? IPAddress.Loopback, 0));

    public IPEndPoint EndPoint => (IPEndPoint)_client.Client.LocalEndPoint!;

    public sealed record Received(long ArrivalTimestamp, bool Marker, byte PayloadType, ushort Sequence, uint Timestamp, uint Ssrc, byte[] Payload);

    /// <summary>Collects RTP packets until <paramref name="duration"/> has passed.</summary>
    public async Task<List<Received>> CollectAsync(TimeSpan duration)
    {
        using var timeout = new CancellationTokenSource(duration);
        return await CollectAsync(timeout.Token);
    }

    /// <summary>Collects RTP packets until <paramref name="count"/> have arrived or <paramref name="timeout"/> passes.</summary>
    public async Task<List<Received>> CollectCountAsync(int count, TimeSpan timeout)
    {
        var packets = new List<Received>();
        using var stop = new CancellationTokenSource(timeout);
        try
        {
            while (packets.Count < count)
            {
                packets.Add(await ReceiveOneAsync(stop.Token));
            }
        }
        catch (OperationCanceledException)
        {
        }

        return packets;
    }

    /// <summary>
    /// Collects RTP packets from before <paramref name="action"/> starts until <paramref name="after"/> once it is done:
    /// the window follows what the test does, not the wall clock, so a starved machine cannot cut it short.
    /// </summary>
    public async Task<List<Received>> CollectAroundAsync(Func<Task> action, TimeSpan after)
    {
        using var stop = new CancellationTokenSource();
        var collecting = CollectAsync(stop.Token);
        try
        {
            await action();
            await Task.Delay(after);
        }
        finally
        {
            await stop.CancelAsync();
        }

        return await collecting;
    }

    /// <summary>Collects RTP packets until <paramref name="stop"/> is cancelled.</summary>
    public async Task<List<Received>> CollectAsync(CancellationToken stop)
    {
        var packets = new List<Received>();
        try
        {
            while (true)
            {
                packets.Add(await ReceiveOneAsync(stop));
            }
        }
        catch (OperationCanceledException)
        {
        }

        return packets;
    }

    private async Task<Received> ReceiveOneAsync(CancellationToken stop)
    {
        var result = await _client.ReceiveAsync(stop);
        var packet = RtpPacket.Parse(result.Buffer);
        return new Received(Stopwatch.GetTimestamp(), packet.Marker, packet.PayloadType, packet.SequenceNumber, packet.Timestamp, packet.Ssrc, packet.Payload.ToArray());
    }

    public void SendRtp(IPEndPoint to, byte payloadType, ushort sequence, uint timestamp, ReadOnlySpan<byte> payload, bool marker = false)
    {
        var buffer = new byte[12 + payload.Length];
        var length = RtpPacket.Write(buffer, new RtpHeaderFields(marker, payloadType, sequence, timestamp, 0x5EED), [], payload);
        _client.Send(buffer, length, to);
    }

    public void SendDigit(IPEndPoint to, byte payloadType, char digit, ushort firstSequence, uint timestamp)
    {
        var payload = new byte[4];
        ushort sequence = firstSequence;
        for (ushort duration = 160; duration <= 480; duration += 160)
        {
            new TelephoneEvent(TelephoneEvent.FromDigit(digit), false, 10, duration).Write(payload);
            SendRtp(to, payloadType, sequence++, timestamp, payload, marker: duration == 160);
        }

        // RFC 4733 §2.5.1.4: the end packet is sent three times with the same timestamp.
        new TelephoneEvent(TelephoneEvent.FromDigit(digit), true, 10, 640).Write(payload);
        for (var i = 0; i < 3; i++)
        {
            SendRtp(to, payloadType, sequence++, timestamp, payload);
        }
    }

    public void Dispose() => _client.Dispose();
}
