using System.Net.Sockets;
using Telephony.Media.Codecs;
using Telephony.Media.Pacing;
using Telephony.Media.Playback;
using Telephony.Media.Rtp;

namespace Telephony.Media.Sessions;

/// <summary>The sending half: prompts, silence and the RTP clock, run by the scheduler thread.</summary>
public sealed partial class RtpSession
{
    private const int SamplesPerTick = 8 * MediaScheduler.TickMilliseconds;

    private readonly byte[] _sendBuffer = new byte[RtpPacket.FixedHeaderLength + MaxPayloadBytes];
    private readonly uint _ssrc;
    private readonly uint _timestampBase;
    private ushort _sequence;
    private long _firstTick = -1;
    private long _nextSendTick;
    private bool _markNextPacket = true;
    private PlaybackRequest? _playback;
    private long _lastPacedSendAt;

    /// <summary>Sequence numbers are shared by paced packets (scheduler thread) and relayed ones (receive path).</summary>
    private readonly object _sendGate = new();

    /// <summary>
    /// Plays a prompt, replacing whatever is playing (which then completes with false). Completes with true once
    /// the prompt's last packet is sent, false when stopped by cancellation, <see cref="StopPlayback"/>, a newer
    /// prompt or disposal. Never throws for cancellation.
    /// </summary>
    public Task<bool> PlayAsync(AudioPrompt prompt, CancellationToken cancellationToken) =>
        Enqueue(prompt, loop: false, cancellationToken);

    /// <summary>Plays a prompt over and over (music on hold); completes, without throwing, once cancelled or stopped.</summary>
    public Task PlayLoopAsync(AudioPrompt prompt, CancellationToken cancellationToken) =>
        Enqueue(prompt, loop: true, cancellationToken);

    /// <summary>Stops the current prompt (barge-in); returns false when nothing was playing.</summary>
    public bool StopPlayback()
    {
        var current = Interlocked.Exchange(ref _playback, null);
        return current is not null && current.TryComplete(false);
    }

    void IPacedStream.OnTick(long tick)
    {
        var config = _config;
        if (config is null || IsDisposed)
        {
            return;
        }

        if (_firstTick < 0)
        {
            _firstTick = tick;
            _nextSendTick = tick;
        }

        OnControlTick(tick, config);
        if (tick < _nextSendTick)
        {
            return;
        }

        var onTime = tick == _nextSendTick;
        var consecutive = onTime && _lastPacedSendAt != 0;
        _nextSendTick = tick + config.TicksPerPacket;

        // The timestamp follows the wall clock, so ticks the scheduler had to skip show up as a timestamp gap.
        var timestamp = unchecked(_timestampBase + (uint)((tick - _firstTick) * SamplesPerTick));
        _clockTimestamp = timestamp;
        if (TrySendDigitPacket(config, timestamp) || TrySendRelayed(config, onTime))
        {
            _lastPacedSendAt = 0;
            return;
        }

        var payload = _sendBuffer.AsSpan(RtpPacket.FixedHeaderLength, config.SamplesPerPacket);
        var marker = FillPayload(payload, config.Audio.Codec);
        marker |= _markNextPacket;
        _markNextPacket = false;
        if (!config.Sends)
        {
            return;
        }

        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        if (consecutive)
        {
            _scheduler.SendIntervalDeviation.Record(now - _lastPacedSendAt, config.TicksPerPacket * _scheduler.TickLength);
        }

        _lastPacedSendAt = now;
        lock (_sendGate)
        {
            RtpPacket.WriteHeader(_sendBuffer, new RtpHeaderFields(marker, (byte)config.Audio.PayloadType, _sequence, timestamp, _ssrc));
            SendRtp(_sendBuffer.AsSpan(0, RtpPacket.FixedHeaderLength + payload.Length), config);
        }
    }

    /// <summary>Sends one RTP datagram with the next sequence number already written; callers hold <see cref="_sendGate"/>.</summary>
    private void SendRtp(ReadOnlySpan<byte> datagram, SessionConfig config)
    {
        var destination = _latchedAddress ?? (config.RemoteProven ? config.Remote : null);
        if (destination is null)
        {
            // The SDP names an address nobody proved (not the SIP peer's, not trusted, no RTP from it yet): nothing
            // goes there, so a forged SDP cannot aim the prompts at a third party.
            Statistics.SendWithheld();
            return;
        }

        try
        {
            _socket.SendTo(datagram, SocketFlags.None, destination);
            _sequence++;
            _octetsSent += datagram.Length - RtpPacket.FixedHeaderLength;
            Statistics.PacketSent();
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // A full send buffer or an ICMP error loses this packet only; the stream goes on.
            Statistics.SendFailed();
        }
    }

    /// <summary>Fills the payload from the current prompt or with silence; returns true when a prompt starts here.</summary>
    private bool FillPayload(Span<byte> payload, AudioCodec codec)
    {
        var playback = Volatile.Read(ref _playback);
        if (playback is not null && playback.IsCompleted)
        {
            Interlocked.CompareExchange(ref _playback, null, playback);
            playback = null;
        }

        if (playback is null)
        {
            payload.Fill(G711.SilenceCode(codec));
            return false;
        }

        var starts = playback.TakeStartMarker();
        if (playback.FillPayload(payload, codec))
        {
            Interlocked.CompareExchange(ref _playback, null, playback);
            playback.TryComplete(true);
        }

        return starts;
    }

    private Task<bool> Enqueue(AudioPrompt prompt, bool loop, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromResult(false);
        }

        var request = new PlaybackRequest(prompt, loop);
        request.Registration = cancellationToken.UnsafeRegister(
            static state =>
            {
                var (session, playback) = ((RtpSession, PlaybackRequest))state!;
                Interlocked.CompareExchange(ref session._playback, null, playback);
                playback.TryComplete(false);
            },
            (this, request));
        Interlocked.Exchange(ref _playback, request)?.TryComplete(false);
        if (IsDisposed)
        {
            request.TryComplete(false);
        }

        return request.Completion;
    }
}
