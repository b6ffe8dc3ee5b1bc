using Telephony.Media.Rtp;

namespace Telephony.Media.Sessions;

/// <summary>
/// A small ring of relayed packets waiting for the next tick, with buffers allocated once. When full, the oldest packet
/// is overwritten: after a burst the leg catches up instead of lagging further behind. Callers hold the session's send lock.
/// </summary>
internal sealed class RelayQueue
{
    private readonly Slot[] _slots;
    private int _head;

    public RelayQueue(int capacity, int maxPayloadBytes)
    {
        _slots = new Slot[capacity];
        for (var i = 0; i < capacity; i++)
        {
            _slots[i] = new Slot(new byte[maxPayloadBytes]);
        }
    }

    public int Count { get; private set; }

    /// <summary>Packets overwritten because the queue was full.</summary>
    public long Overflows { get; private set; }

    /// <summary>The slot to fill with the newest packet.</summary>
    public Slot Claim()
    {
        if (Count == _slots.Length)
        {
            _head = (_head + 1) % _slots.Length;
            Count--;
            Overflows++;
        }

        var slot = _slots[(_head + Count) % _slots.Length];
        Count++;
        return slot;
    }

    public bool TryTake(out Slot slot)
    {
        slot = _slots[_head];
        if (Count == 0)
        {
            return false;
        }

        _head = (_head + 1) % _slots.Length;
        Count--;
        return true;
    }

    public void Clear()
    {
        _head = 0;
        Count = 0;
    }

    internal sealed class Slot(byte[] payload)
    {
        public byte[] Payload { get; } = payload;

        public int Length { get; set; }

        public RtpHeaderFields Header { get; set; }
    }
}
