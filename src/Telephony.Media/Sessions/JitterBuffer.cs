namespace Telephony.Media.Sessions;

/// <summary>Receives the packets a <see cref="JitterBuffer"/> releases, in sequence order.</summary>
internal interface IJitterBufferSink
{
    void OnOrderedPacket(uint timestamp, ReadOnlySpan<byte> payload);
}

/// <summary>
/// A small reordering buffer for received audio: packets come out in sequence order; a packet older than the next
/// one due (late or duplicate) is dropped; a missing packet is waited for until <c>depth</c> packets have arrived
/// after it, then given up as lost. In-order packets pass straight through, so it adds delay only after a loss or a
/// reordering. Handles 16-bit sequence wrap and starts over when the sender's SSRC changes. Payloads are copied
/// into buffers allocated once, so the steady state allocates nothing. Not thread-safe: the receive path owns it.
/// </summary>
internal sealed class JitterBuffer
{
    /// <summary>A jump this far ahead is a restarted stream, not a loss burst: start over instead of waiting.</summary>
    private const int RestartDistance = 500;

    private readonly Slot[] _slots;
    private bool _started;
    private uint _ssrc;
    private ushort _next;

    /// <summary>The slot holding sequence <see cref="_next"/>; indexes follow it round the ring (seq % depth would break at the wrap).</summary>
    private int _head;

    public JitterBuffer(int depthPackets, int maxPayloadBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(depthPackets, 1);
        _slots = new Slot[depthPackets];
        for (var i = 0; i < _slots.Length; i++)
        {
            _slots[i] = new Slot(new byte[maxPayloadBytes]);
        }
    }

    /// <summary>Packets dropped because they came after their turn, or twice.</summary>
    public long LateOrDuplicate { get; private set; }

    /// <summary>Sequence numbers given up after waiting the buffer's depth.</summary>
    public long Lost { get; private set; }

    public void Push(uint ssrc, ushort sequence, uint timestamp, ReadOnlySpan<byte> payload, IJitterBufferSink sink)
    {
        if (!_started || ssrc != _ssrc)
        {
            Flush(sink);
            _started = true;
            _ssrc = ssrc;
            _next = sequence;
        }

        var ahead = (short)(ushort)(sequence - _next);
        if (ahead < 0)
        {
            LateOrDuplicate++;
            return;
        }

        if (ahead > RestartDistance)
        {
            Flush(sink);
            _next = sequence;
            ahead = 0;
        }

        while (ahead >= _slots.Length)
        {
            ReleaseHead(sink);
            ahead--;
        }

        var slot = _slots[(_head + ahead) % _slots.Length];
        if (slot.Filled)
        {
            LateOrDuplicate++;
            return;
        }

        var length = Math.Min(payload.Length, slot.Payload.Length);
        payload[..length].CopyTo(slot.Payload);
        slot.Length = length;
        slot.Timestamp = timestamp;
        slot.Filled = true;
        while (_slots[_head].Filled)
        {
            ReleaseHead(sink);
        }
    }

    /// <summary>Releases everything held, in order, e.g. when the stream changes.</summary>
    public void Flush(IJitterBufferSink sink)
    {
        if (!_started)
        {
            return;
        }

        var held = 0;
        foreach (var slot in _slots)
        {
            held += slot.Filled ? 1 : 0;
        }

        for (var i = 0; i < _slots.Length && held > 0; i++)
        {
            held -= _slots[_head].Filled ? 1 : 0;
            ReleaseHead(sink);
        }
    }

    public void Reset()
    {
        _started = false;
        foreach (var slot in _slots)
        {
            slot.Filled = false;
        }
    }

    /// <summary>Hands over the packet due next, or counts it lost, and moves on by one sequence number.</summary>
    private void ReleaseHead(IJitterBufferSink sink)
    {
        var slot = _slots[_head];
        _head = (_head + 1) % _slots.Length;
        _next++;
        if (!slot.Filled)
        {
            Lost++;
            return;
        }

        slot.Filled = false;
        sink.OnOrderedPacket(slot.Timestamp, slot.Payload.AsSpan(0, slot.Length));
    }

    private sealed class Slot(byte[] payload)
    {
        public byte[] Payload { get; } = payload;

        public int Length { get; set; }

        public uint Timestamp { get; set; }

        public bool Filled { get; set; }
    }
}
