using System.Collections.Concurrent;
using Telephony.Media.Rtp;

namespace Telephony.Media.Sessions;

/// <summary>
/// Sending DTMF as RFC 4733 events, paced by the scheduler in place of audio: a first packet with the marker bit,
/// updates with a growing duration every packet time, then the end packet three times (§2.5.1.4), all with the
/// timestamp of the event's start. The prompt that was playing pauses meanwhile and continues afterwards.
/// </summary>
public sealed partial class RtpSession
{
    private const int EndPacketRepeats = 3;

    private readonly ConcurrentQueue<DigitSend> _digitQueue = new();
    private readonly byte[] _digitBuffer = new byte[RtpPacket.FixedHeaderLength + TelephoneEvent.PayloadLength];
    private DigitSend? _activeDigit;

    /// <summary>
    /// Sends a key press as RFC 4733 events; completes once its last end packet is sent. Digits queue in order.
    /// Throws <see cref="InvalidOperationException"/> when no telephone-event payload type was negotiated.
    /// </summary>
    public Task SendDigitAsync(char digit, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        var code = TelephoneEvent.FromDigit(digit);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        var config = _config ?? throw new InvalidOperationException("Start the session before sending digits.");
        if (config.Audio.TelephoneEventPayloadType is null)
        {
            throw new InvalidOperationException("The peer did not negotiate telephone-event, so RFC 4733 digits cannot be sent.");
        }

        var samples = (int)Math.Clamp(duration.TotalMilliseconds * 8, config.SamplesPerPacket, ushort.MaxValue);
        var request = new DigitSend(code, samples, cancellationToken);
        _digitQueue.Enqueue(request);
        return request.Completion.Task;
    }

    /// <summary>Sends the next event packet if a digit is in progress; true when this tick's packet was an event.</summary>
    private bool TrySendDigitPacket(SessionConfig config, uint timestamp)
    {
        var digit = _activeDigit;
        while (digit is null && _digitQueue.TryDequeue(out var next))
        {
            if (next.Cancellation.IsCancellationRequested || IsDisposed)
            {
                next.Completion.TrySetCanceled(next.Cancellation);
                continue;
            }

            digit = next;
            digit.StartTimestamp = timestamp;
            _activeDigit = digit;
        }

        if (digit is null || config.Audio.TelephoneEventPayloadType is not { } payloadType)
        {
            return false;
        }

        var first = digit.Elapsed == 0;
        digit.Elapsed = Math.Min(digit.Elapsed + config.SamplesPerPacket, digit.Samples);
        var end = digit.Elapsed >= digit.Samples;
        if (config.Sends)
        {
            new TelephoneEvent(digit.Code, end, 10, (ushort)digit.Elapsed).Write(_digitBuffer.AsSpan(RtpPacket.FixedHeaderLength));
            lock (_sendGate)
            {
                RtpPacket.WriteHeader(_digitBuffer, new RtpHeaderFields(first, (byte)payloadType, _sequence, digit.StartTimestamp, _ssrc));
                SendRtp(_digitBuffer, config);
            }
        }

        if (end && ++digit.EndsSent >= EndPacketRepeats)
        {
            _activeDigit = null;
            _markNextPacket = true;
            digit.Completion.TrySetResult();
        }

        return true;
    }

    private void CancelPendingDigits()
    {
        Interlocked.Exchange(ref _activeDigit, null)?.Completion.TrySetCanceled();
        while (_digitQueue.TryDequeue(out var pending))
        {
            pending.Completion.TrySetCanceled();
        }
    }

    private sealed class DigitSend(byte code, int samples, CancellationToken cancellation)
    {
        public byte Code { get; } = code;

        public int Samples { get; } = samples;

        public CancellationToken Cancellation { get; } = cancellation;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public uint StartTimestamp { get; set; }

        public int Elapsed { get; set; }

        public int EndsSent { get; set; }
    }
}
