using System.Net;
using System.Net.Sockets;
using Telephony.Media.Diagnostics;
using Telephony.Media.Pacing;
using Telephony.Media.Rtcp;

namespace Telephony.Media.Sessions;

/// <summary>
/// The control half: RTCP reports and BYE on the odd port, and the media inactivity timeout. Both run from the
/// scheduler tick (no timer per call); events are raised on the thread pool so a slow handler cannot stall the pacing.
/// </summary>
public sealed partial class RtpSession
{
    /// <summary>How often, in ticks, the inactivity timeout is checked (every 500 ms).</summary>
    internal const int InactivityCheckTicks = 25;
    private const int RtcpBufferBytes = 1500;

    private readonly Socket _rtcpSocket;
    private readonly byte[] _rtcpSendBuffer = new byte[256];
    private Task _rtcpLoop = Task.CompletedTask;
    private volatile SocketAddress? _latchedRtcpAddress;
    private long _lastActivityUtcTicks;
    private long _octetsSent;
    private int _inactivityReported;
    private bool _mediaEverReceived;
    private long _nextRtcpTick = -1;
    private long _nextInactivityCheckTick;

    /// <summary>
    /// Raised once per <see cref="Start(NegotiatedAudio, System.Net.IPAddress)"/> when the peer, while it should be sending, sent no RTP or RTCP for
    /// <see cref="RtpSessionOptions.InactivityTimeout"/>. The call is dead: hang it up and record the reason.
    /// </summary>
    public event Action<MediaTimeoutReason>? InactivityTimedOut;

    /// <summary>Raised when the peer sends an RTCP BYE (with the SSRC leaving), usually just before its SIP BYE.</summary>
    public event Action<uint>? RemoteByeReceived;

    /// <summary>Raised once the session is disposed (its ports are free); a bridge uses it to end the other leg.</summary>
    public event Action? Closed;

    /// <summary>RTCP packets received and accepted from the peer.</summary>
    public long RtcpPacketsReceived => Interlocked.Read(ref _rtcpReceived);

    private long _rtcpReceived;

    private void RestartInactivityClock()
    {
        Interlocked.Exchange(ref _lastActivityUtcTicks, _time.GetUtcNow().UtcTicks);
        Interlocked.Exchange(ref _inactivityReported, 0);
    }

    private void NoteActivity(bool isMedia, DateTimeOffset now)
    {
        Interlocked.Exchange(ref _lastActivityUtcTicks, now.UtcTicks);
        _mediaEverReceived |= isMedia;
    }

    /// <summary>Runs on each tick that is due for this session, before any audio is sent.</summary>
    private void OnControlTick(long tick, SessionConfig config)
    {
        if (tick >= _nextInactivityCheckTick)
        {
            _nextInactivityCheckTick = tick + InactivityCheckTicks;
            CheckInactivity(config);
        }

        if (_options.RtcpInterval > TimeSpan.Zero)
        {
            if (_nextRtcpTick < 0)
            {
                // Randomised first report (RFC 3550 §6.2) so a thousand calls set up together do not report together.
                _nextRtcpTick = tick + Random.Shared.Next(1, RtcpIntervalTicks);
            }
            else if (tick >= _nextRtcpTick)
            {
                _nextRtcpTick = tick + RtcpIntervalTicks;
                SendReport(tick, config);
            }
        }
    }

    private int RtcpIntervalTicks => Math.Max(1, (int)(_options.RtcpInterval.TotalMilliseconds / MediaScheduler.TickMilliseconds));

    private void CheckInactivity(SessionConfig config)
    {
        var timeout = _options.InactivityTimeout;
        if (timeout <= TimeSpan.Zero || timeout == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        if (!config.Audio.Direction.Receives())
        {
            // On hold the peer legitimately sends nothing: the clock starts again when the call comes off hold.
            RestartInactivityClock();
            return;
        }

        var silentFor = _time.GetUtcNow().UtcTicks - Interlocked.Read(ref _lastActivityUtcTicks);
        if (silentFor < timeout.Ticks || Interlocked.Exchange(ref _inactivityReported, 1) != 0)
        {
            return;
        }

        var reason = _mediaEverReceived ? MediaTimeoutReason.MediaStopped : MediaTimeoutReason.NoMediaReceived;
        Statistics.InactivityDeclared();
        Raise(InactivityTimedOut, reason);
    }

    private void Raise<T>(Action<T>? handler, T value)
    {
        if (handler is null)
        {
            return;
        }

        ThreadPool.UnsafeQueueUserWorkItem(
            state =>
            {
                try
                {
                    state.handler(state.value);
                }
                catch (Exception exception)
                {
                    state.session.ReportFailure(MediaComponent.Callback, exception);
                }
            },
            (handler, value, session: this),
            preferLocal: false);
    }

    private void RaiseClosed()
    {
        try
        {
            Closed?.Invoke();
        }
        catch (Exception exception)
        {
            ReportFailure(MediaComponent.Callback, exception);
        }
    }

    private void SendReport(long tick, SessionConfig config)
    {
        var buffer = _rtcpSendBuffer.AsSpan();
        var block = Statistics.Reception.TakeReportBlock();
        int length;
        var packets = Statistics.PacketsSent;
        if (packets > 0 && config.Sends)
        {
            var rtpTimestamp = unchecked(_timestampBase + (uint)((tick - _firstTick) * SamplesPerTick));
            length = RtcpWriter.WriteSenderReport(buffer, _ssrc, RtcpWriter.ToNtp(_time.GetUtcNow()), rtpTimestamp, (uint)packets, (uint)_octetsSent, block);
        }
        else
        {
            length = RtcpWriter.WriteReceiverReport(buffer, _ssrc, block);
        }

        length += RtcpWriter.WriteSourceDescription(buffer[length..], _ssrc, Cname);
        SendRtcp(buffer[..length], config);
    }

    private void SendGoodbye()
    {
        var config = _config;
        if (config is null || _options.RtcpInterval <= TimeSpan.Zero)
        {
            return;
        }

        var buffer = new byte[128];
        var length = RtcpWriter.WriteReceiverReport(buffer, _ssrc, null);
        length += RtcpWriter.WriteSourceDescription(buffer.AsSpan(length), _ssrc, Cname);
        length += RtcpWriter.WriteGoodbye(buffer.AsSpan(length), _ssrc);
        SendRtcp(buffer.AsSpan(0, length), config);
    }

    private string Cname => field ??= $"{_ssrc:x8}@telephony-media";

    private void SendRtcp(ReadOnlySpan<byte> datagram, SessionConfig config)
    {
        var destination = _latchedRtcpAddress ?? (config.RemoteProven ? config.RemoteRtcp : null);
        if (destination is null)
        {
            // As for RTP: an unproven SDP address gets no report; the peer's own RTCP names where they go.
            return;
        }

        try
        {
            _rtcpSocket.SendTo(datagram, SocketFlags.None, destination);
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            Statistics.SendFailed();
        }
    }

    private void OnRtcpDatagram(ReadOnlySpan<byte> datagram, SocketAddress from)
    {
        var latched = _latchedEndPoint;
        var config = _config;
        if (config is null || !RtcpReader.TryRead(datagram, out var summary))
        {
            Statistics.PacketRejected();
            return;
        }

        // Only the host whose RTP we latched may report or say goodbye (a BYE is a hang-up signal); before the
        // latch, only a host the RTP latch would accept.
        if (latched is not null ? !SameHost(from, latched.Address) : !MayLatch(from, config.Peer))
        {
            Statistics.PacketRejected();
            return;
        }

        _latchedRtcpAddress ??= CopyAddress(from);
        Interlocked.Increment(ref _rtcpReceived);
        NoteActivity(isMedia: false, _time.GetUtcNow());
        if (summary.HasSenderReport)
        {
            Statistics.Reception.OnSenderReport(summary.NtpTimestamp);
        }

        if (summary.HasBye)
        {
            Raise(RemoteByeReceived, summary.ByeSsrc);
        }
    }

    private static bool SameHost(SocketAddress from, IPAddress address)
    {
        var endPoint = (IPEndPoint)new IPEndPoint(address, 0).Create(from);
        return endPoint.Address.Equals(address);
    }

    private static SocketAddress CopyAddress(SocketAddress address)
    {
        var copy = new SocketAddress(address.Family, address.Size);
        address.Buffer.CopyTo(copy.Buffer);
        return copy;
    }
}
