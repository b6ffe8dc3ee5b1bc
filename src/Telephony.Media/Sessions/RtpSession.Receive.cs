using System.Net;
using System.Net.Sockets;
using Telephony.Media.Codecs;
using Telephony.Media.Diagnostics;
using Telephony.Media.Dtmf;
using Telephony.Media.Pacing;
using Telephony.Media.Rtp;

namespace Telephony.Media.Sessions;

/// <summary>
/// The receiving half: one async loop per session over a reused buffer, with symmetric-RTP latching. Audio goes
/// through a small jitter buffer, then to the in-band DTMF detector and the audio consumer.
/// </summary>
public sealed partial class RtpSession : IJitterBufferSink
{
    private const int ReceiveBufferBytes = 2048;

    // Allocated when first needed, not per session up front: on Linux the shared receive threads bring their own
    // buffer, and a caller who sends no audio (or none yet) needs no decode buffer (issue 15: memory per waiting call).
    // Ordered packets come out of the jitter buffer, so MaxPayloadBytes bounds the decoded length.
    private short[]? _decodeBuffer;
    private readonly TelephoneEventReceiver _telephoneEvents = new();
    private SocketAddress? _receivedFrom;
    private volatile SocketAddress? _latchedAddress;
    private volatile IPEndPoint? _latchedEndPoint;
    private volatile bool _resetReceiveState;
    private JitterBuffer? _jitterBuffer;
    private DtmfToneDetector? _toneDetector;
    private bool _peerSendsTelephoneEvents;

    private void OnDatagram(ReadOnlySpan<byte> datagram)
    {
        var config = _config;
        if (config is null || !RtpPacket.TryParse(datagram, out var packet))
        {
            Statistics.PacketRejected();
            return;
        }

        if (_resetReceiveState)
        {
            // Start asks for this from whatever thread it runs on; the state itself belongs to the receive loop.
            _resetReceiveState = false;
            _telephoneEvents.Reset();
            _jitterBuffer?.Reset();
            _toneDetector?.Reset();
        }

        var isAudio = packet.PayloadType == config.Audio.PayloadType;
        var isEvent = packet.PayloadType == config.Audio.TelephoneEventPayloadType;
        if (!isAudio && !isEvent)
        {
            Statistics.PacketRejected();
            return;
        }

        var now = _time.GetUtcNow();
        var latched = _latchedAddress;
        if (latched is null || !latched.Equals(_receivedFrom))
        {
            if (latched is not null && !LatchMayMove(now.UtcTicks))
            {
                // The latched peer is live: only it may feed this call (no injected digits or audio).
                Statistics.PacketFromOtherSource();
                return;
            }

            if (!MayLatch(_receivedFrom!, config.Peer))
            {
                // Neither the SDP's address, the signalling peer's, nor a trusted one: a third host racing the caller.
                Statistics.PacketFromUnannouncedSource();
                return;
            }

            Latch(_receivedFrom!, moved: latched is not null);
        }

        Statistics.PacketReceived(now);
        NoteActivity(isMedia: true, now);
        Statistics.Reception.OnPacket(packet.Ssrc, packet.SequenceNumber, packet.Timestamp);
        RelayToTarget(config, packet, isEvent);
        if (isEvent)
        {
            // A peer that sends RFC 4733 may also leave the tones in its audio: its events are the digits then.
            _peerSendsTelephoneEvents = true;
            OnTelephoneEvent(packet.Timestamp, packet.Payload);
            return;
        }

        var inBand = InBandDetectionWanted;
        if ((AudioReceived is null && !inBand) || packet.Payload.IsEmpty)
        {
            return;
        }

        _jitterBuffer ??= new JitterBuffer(
            Math.Max(1, (int)(_options.JitterBufferDepth.TotalMilliseconds / MediaScheduler.TickMilliseconds)),
            MaxPayloadBytes);
        _jitterBuffer.Push(packet.Ssrc, packet.SequenceNumber, packet.Timestamp, packet.Payload, this);
    }

    /// <summary>
    /// In-band detection runs unless turned off, unless the peer sends RFC 4733 (its events are the digits then), and
    /// not while bridged: the tones travel to the other leg inside the relayed audio anyway.
    /// </summary>
    private bool InBandDetectionWanted => _options.InBandDtmf && !_peerSendsTelephoneEvents && _relayTarget is null;

    void IJitterBufferSink.OnOrderedPacket(uint timestamp, ReadOnlySpan<byte> payload)
    {
        var config = _config;
        if (config is null)
        {
            return;
        }

        _decodeBuffer ??= new short[MaxPayloadBytes];
        var samples = _decodeBuffer.AsSpan(0, payload.Length);
        G711.Decode(config.Audio.Codec, payload, samples);
        if (InBandDetectionWanted)
        {
            _toneDetector ??= new DtmfToneDetector();
            if (_toneDetector.Process(samples) is { } digit)
            {
                ReportDigit(digit);
            }
        }

        var handler = AudioReceived;
        if (handler is null)
        {
            return;
        }

        try
        {
            handler(samples);
        }
        catch (Exception exception)
        {
            ReportFailure(MediaComponent.Callback, exception);
        }
    }

    private void OnTelephoneEvent(uint timestamp, ReadOnlySpan<byte> payload)
    {
        if (_telephoneEvents.Accept(timestamp, payload) is { } digit)
        {
            ReportDigit(digit);
        }
    }

    private void ReportDigit(char digit)
    {
        Statistics.DigitReceived();
        try
        {
            DigitReceived?.Invoke(digit);
        }
        catch (Exception exception)
        {
            ReportFailure(MediaComponent.Callback, exception);
        }
    }

    /// <summary>
    /// Whether a packet from a source other than the latched one may take the latch: only once the latched source has
    /// been silent for <see cref="RtpSessionOptions.LatchReleaseAfter"/>. The time of the last accepted packet is the
    /// latched source's, since nothing else is accepted. The new source must also pass <see cref="MayLatch"/>.
    /// </summary>
    private bool LatchMayMove(long nowUtcTicks)
    {
        var releaseAfter = _options.LatchReleaseAfter;
        return releaseAfter != Timeout.InfiniteTimeSpan &&
            nowUtcTicks - Statistics.LastPacketReceivedUtcTicks >= releaseAfter.Ticks;
    }

    /// <summary>
    /// Happens once per Start, and again only when the latch moves: allocating the copy here keeps the per-packet path
    /// allocation-free. RTCP is latched afresh from the new host.
    /// </summary>
    private void Latch(SocketAddress source, bool moved)
    {
        var any = source.Family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
        var endPoint = (IPEndPoint)new IPEndPoint(any, 0).Create(source);
        _latchedEndPoint = endPoint;
        _latchedAddress = endPoint.Serialize();
        _provenAddress = MediaPeerPolicy.Normalise(endPoint.Address);
        if (moved)
        {
            _latchedRtcpAddress = null;
            Statistics.LatchMoved();
        }
    }

    private void ResetLatch()
    {
        _latchedAddress = null;
        _latchedEndPoint = null;
        _resetReceiveState = true;
    }
}
