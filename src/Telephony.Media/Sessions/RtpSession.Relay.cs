using System.Diagnostics;
using Telephony.Media.Codecs;
using Telephony.Media.Pacing;
using Telephony.Media.Rtp;

namespace Telephony.Media.Sessions;

/// <summary>
/// Relay for <see cref="MediaBridge"/>: packets received on one leg are queued (transcoded byte by byte when the laws
/// differ, telephone-events with the other leg's payload type) and sent by the other leg on its scheduler ticks, with its
/// own SSRC, sequence and clock: relayed audio is paced like prompts, not forwarded with the arrival jitter. While relayed packets flow the scheduler stays quiet for this leg; when they
/// stop (hold, silence suppression) or a prompt is played on this leg, paced audio takes over again.
/// </summary>
public sealed partial class RtpSession
{
    /// <summary>Relayed audio older than this hands the leg back to the scheduler (silence or a prompt).</summary>
    private static readonly long RelayQuietAfter = Stopwatch.Frequency * 10 * MediaScheduler.TickMilliseconds / 1000;

    // The relay's buffers (about 8 KB) are made by the first relayed packet, under the send lock: most calls are never
    // bridged, or wait a long time first (issue 15: memory per waiting call).
    private byte[]? _relayBuffer;
    private volatile RtpSession? _relayTarget;
    private uint _clockTimestamp;
    private long _lastRelayedAt;
    private RelayQueue? _relayQueue;
    private bool _relayPrebuffering;
    private long _lastRelaySendAt;
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
            _relayQueue ??= new RelayQueue(4, MaxPayloadBytes);
            var resumed = !RelayIsActive() || packet.Ssrc != _relaySourceSsrc;
            if (resumed)
            {
                // Continue this leg's own clock from where the paced stream left it, so the far end sees one stream.
                _relaySourceSsrc = packet.Ssrc;
                _relayOffset = unchecked(_clockTimestamp + (uint)SamplesPerTick - packet.Timestamp);
                _relayQueue.Clear();
                _relayPrebuffering = true;
            }

            Interlocked.Exchange(ref _lastRelayedAt, now);
            var slot = _relayQueue.Claim();
            slot.Length = packet.Payload.Length;
            if (isEvent)
            {
                packet.Payload.CopyTo(slot.Payload);
            }
            else
            {
                G711Transcoder.Transcode(sourceCodec, config.Audio.Codec, packet.Payload, slot.Payload);
            }

            slot.Header = new RtpHeaderFields(packet.Marker || resumed, payloadType, 0, unchecked(packet.Timestamp + _relayOffset), _ssrc);
        }
    }

    /// <summary>
    /// On the scheduler tick of a leg being relayed to: sends the oldest queued packet, so relayed audio leaves as evenly
    /// paced as prompts whatever the jitter of its arrival. One packet is held back when the relay (re)starts, to absorb
    /// that jitter; true when the tick belonged to the relay (even if nothing was due).
    /// </summary>
    private bool TrySendRelayed(SessionConfig config, bool consecutive)
    {
        if (!RelayIsActive())
        {
            return false;
        }

        lock (_sendGate)
        {
            // Active means a packet was queued, so the queue exists; the check only keeps the compiler's null analysis.
            if (_relayQueue is null || (_relayPrebuffering && _relayQueue.Count < 2))
            {
                return true;
            }

            _relayPrebuffering = false;
            if (!_relayQueue.TryTake(out var slot))
            {
                _lastRelaySendAt = 0;
                return true;
            }

            var now = Stopwatch.GetTimestamp();
            if (consecutive && _lastRelaySendAt != 0)
            {
                _scheduler.RelayIntervalDeviation.Record(now - _lastRelaySendAt, config.TicksPerPacket * _scheduler.TickLength);
            }

            _lastRelaySendAt = now;
            _relayBuffer ??= new byte[RtpPacket.FixedHeaderLength + MaxPayloadBytes];
            RtpPacket.WriteHeader(_relayBuffer, slot.Header with { SequenceNumber = _sequence });
            slot.Payload.AsSpan(0, slot.Length).CopyTo(_relayBuffer.AsSpan(RtpPacket.FixedHeaderLength));
            SendRtp(_relayBuffer.AsSpan(0, RtpPacket.FixedHeaderLength + slot.Length), config);
            _markNextPacket = true;
            return true;
        }
    }
}
