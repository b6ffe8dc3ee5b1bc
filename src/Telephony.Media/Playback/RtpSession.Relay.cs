using System.Diagnostics;
using Telephony.Media.Codecs;
using Telephony.Media.Rtp;

namespace Telephony.Media.Playback;

/// <summary>
/// Relay for <see cref="MediaBridge"/>: packets received on one leg are re-sent at once, on the receive path, by the
/// other leg with its own SSRC, sequence and clock (transcoded byte by byte when the laws differ, telephone-events
/// with the other leg's payload type). While relayed packets flow the scheduler stays quiet for this leg; when they
/// stop (hold, silence suppression) or a prompt is played on this leg, paced audio takes over again.
/// </summary>
public sealed partial class RtpSession
{
    /// <summary>Relayed audio older than this hands the leg back to the scheduler (silence or a prompt).</summary>
    private static readonly long RelayQuietAfter = Stopwatch.Frequency * 10 * MediaScheduler.TickMilliseconds / 1000;

    private readonly byte[] _relayBuffer = new byte[RtpPacket.FixedHeaderLength + MaxPayloadBytes];
    private volatile RtpSession? _relayTarget;
    private uint _clockTimestamp;
    private long _lastRelayedAt;
    private long _lastRelayIntervalAt;
    private uint _relayOffset;
    private uint _relaySourceSsrc;

    internal RtpSession? RelayTarget
    {
        get => _relayTarget;
        set => _relayTarget = value;
    }

    private bool RelayIsActive()
    {
        var last = Interlocked.Read(ref _lastRelayedAt);
        return last != 0 && Stopwatch.GetTimestamp() - last < RelayQuietAfter;
    }

    /// <summary>Called on the source leg's receive path for each accepted packet.</summary>
    private void RelayToTarget(SessionConfig config, in RtpPacket packet, bool isEvent)
    {
        var target = _relayTarget;
        if (target is null || !config.Audio.Direction.Receives())
        {
            return;
        }

        target.SendRelayed(config.Audio.Codec, packet, isEvent);
    }

    private void SendRelayed(AudioCodec sourceCodec, in RtpPacket packet, bool isEvent)
    {
        var config = _config;
        if (config is null || IsDisposed || !config.Sends || packet.Payload.Length > MaxPayloadBytes || Volatile.Read(ref _playback) is not null || _activeDigit is not null)
        {
            // A prompt or a digit being played on this leg has the floor; the relayed audio is dropped meanwhile.
            return;
        }

        byte payloadType;
        if (isEvent)
        {
            if (config.Audio.TelephoneEventPayloadType is not { } eventType)
            {
                return;
            }

            payloadType = (byte)eventType;
        }
        else
        {
            payloadType = (byte)config.Audio.PayloadType;
        }

        var now = Stopwatch.GetTimestamp();
        lock (_sendGate)
        {
            var resumed = !RelayIsActive() || packet.Ssrc != _relaySourceSsrc;
            if (resumed)
            {
                // Continue this leg's own clock from where the paced stream left it, so the far end sees one stream.
                _relaySourceSsrc = packet.Ssrc;
                _relayOffset = unchecked(_clockTimestamp + (uint)SamplesPerTick - packet.Timestamp);
            }
            else if (!isEvent)
            {
                _scheduler.RelayIntervalDeviation.Record(now - _lastRelayIntervalAt, config.TicksPerPacket * _scheduler.TickLength);
            }

            if (!isEvent)
            {
                _lastRelayIntervalAt = now;
            }

            Interlocked.Exchange(ref _lastRelayedAt, now);
            var payload = _relayBuffer.AsSpan(RtpPacket.FixedHeaderLength, packet.Payload.Length);
            if (isEvent)
            {
                packet.Payload.CopyTo(payload);
            }
            else
            {
                G711Transcoder.Transcode(sourceCodec, config.Audio.Codec, packet.Payload, payload);
            }

            var timestamp = unchecked(packet.Timestamp + _relayOffset);
            RtpPacket.WriteHeader(_relayBuffer, new RtpHeaderFields(packet.Marker || resumed, payloadType, _sequence, timestamp, _ssrc));
            SendRtp(_relayBuffer.AsSpan(0, RtpPacket.FixedHeaderLength + payload.Length), config);
            _markNextPacket = true;
        }
    }
}
