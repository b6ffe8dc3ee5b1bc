using System.Buffers.Binary;
using System.Net;
using Telephony.Media;
using Telephony.Media.Pacing;
using Telephony.Media.Rtp;
using Telephony.Media.Sessions;

namespace Telephony.Fuzz;

/// <summary>
/// Datagrams as they reach a call's RTP port, through the session's own receive path: parse, latch, RFC 4733 events,
/// jitter buffer, G.711 decoding, in-band DTMF. The input is a run of datagrams, each a 2-byte big-endian length, a
/// byte choosing which of three sources sent it, then the bytes. One session lives for the whole process, so state
/// left by one input (latched peer, buffered packets, half an event) meets the next, as on a real line.
/// </summary>
public static class RtpFuzzTarget
{
    private static readonly SocketAddress[] Sources =
    [
        new IPEndPoint(IPAddress.Loopback, 30000).Serialize(),
        new IPEndPoint(IPAddress.Loopback, 30002).Serialize(),
        new IPEndPoint(IPAddress.Parse("127.0.0.2"), 30000).Serialize(),
    ];

    private static readonly Lazy<IDatagramHandler> Session = new(OpenSession);

    public static void Run(ReadOnlySpan<byte> data)
    {
        var handler = Session.Value;
        while (data.Length >= 3)
        {
            var length = Math.Min(BinaryPrimitives.ReadUInt16BigEndian(data), data.Length - 3);
            var source = Sources[data[2] % Sources.Length];
            var datagram = data.Slice(3, length);
            _ = RtpPacket.TryParse(datagram, out _);
            handler.OnDatagram(datagram, source);
            data = data[(3 + length)..];
        }
    }

    private static IDatagramHandler OpenSession()
    {
        var scheduler = new MediaScheduler();
        var ports = new RtpPortAllocator(47000, 47098);
        var session = RtpSession.Open(ports, IPAddress.Loopback, scheduler, RtpSessionOptions.Default);
        // Receive-only: nothing is sent anywhere while fuzzing; digits and audio go to handlers that only look.
        session.Start(new NegotiatedAudio(new IPEndPoint(IPAddress.Loopback, 30000), AudioCodec.Pcmu, 0, 101, 20, MediaDirection.RecvOnly));
        session.DigitReceived += _ => { };
        session.AudioReceived = samples => _ = samples.Length;
        return session;
    }
}
