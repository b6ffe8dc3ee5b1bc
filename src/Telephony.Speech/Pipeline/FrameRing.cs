using Telephony.Speech.Vad;

namespace Telephony.Speech.Pipeline;

/// <summary>
/// A bounded single-producer single-consumer queue of 20 ms frames with the time each was pushed, over arrays
/// allocated once: the media thread writes, a speech worker reads, neither waits for the other. Full means the
/// frame is refused (the caller counts it), never that the writer blocks.
/// </summary>
internal sealed class FrameRing
{
    private const int Frame = VadOptions.FrameSamples;

    private readonly short[] _samples;
    private readonly long[] _timestamps;
    private readonly int _capacity;

    // Monotonic counters; the slot is the counter modulo capacity. Written by one side each, read by both.
    private long _written;
    private long _read;

    public FrameRing(int capacityFrames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacityFrames, 1);
        _capacity = capacityFrames;
        _samples = new short[capacityFrames * Frame];
        _timestamps = new long[capacityFrames];
    }

    public int Count => (int)(Volatile.Read(ref _written) - Volatile.Read(ref _read));

    /// <summary>Producer side: copies one frame in; false when the queue is full.</summary>
    public bool TryWrite(ReadOnlySpan<short> frame, long timestamp)
    {
        var written = _written;
        if (written - Volatile.Read(ref _read) >= _capacity)
        {
            return false;
        }

        var slot = (int)(written % _capacity);
        frame[..Frame].CopyTo(_samples.AsSpan(slot * Frame, Frame));
        _timestamps[slot] = timestamp;
        Volatile.Write(ref _written, written + 1);
        return true;
    }

    /// <summary>Consumer side: copies the oldest frame out; false when empty.</summary>
    public bool TryRead(Span<short> frame, out long timestamp)
    {
        var read = _read;
        if (read == Volatile.Read(ref _written))
        {
            timestamp = 0;
            return false;
        }

        var slot = (int)(read % _capacity);
        _samples.AsSpan(slot * Frame, Frame).CopyTo(frame);
        timestamp = _timestamps[slot];
        Volatile.Write(ref _read, read + 1);
        return true;
    }
}
