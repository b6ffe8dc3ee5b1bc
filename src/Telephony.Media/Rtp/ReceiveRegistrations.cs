namespace Telephony.Media.Rtp;

/// <summary>
/// The receive engine's registrations by id, read without a lock on every readiness event. An id is reused once freed,
/// so each registration also gets a generation, and the two travel together as the token stored in the epoll event:
/// an event a worker read for a socket since closed (still in its batch) carries the old generation and finds nothing,
/// instead of the new socket that took the id, which may belong to the other worker (two threads would then drain one
/// socket and run its session's handler at once). Slots live in fixed-size chunks that never move, so a lookup cannot
/// read a stale copy of a slot while the table grows.
/// </summary>
internal sealed class ReceiveRegistrations<T>
    where T : class
{
    private const int ChunkBits = 8;
    private const int ChunkSize = 1 << ChunkBits;

    private readonly object _gate = new();
    private readonly Stack<int> _freeIds = new();
    private volatile Slot?[]?[] _chunks = [];
    private int _nextId;
    private uint _lastGeneration;

    /// <summary>Stores <paramref name="value"/> and returns its token (generation in the high half, id in the low one).</summary>
    public long Add(T value)
    {
        lock (_gate)
        {
            if (!_freeIds.TryPop(out var id))
            {
                id = _nextId++;
                EnsureChunk(id >> ChunkBits);
            }

            // Zero is never a generation, so a zeroed epoll event cannot match anything.
            _lastGeneration = _lastGeneration == uint.MaxValue ? 1 : _lastGeneration + 1;
            Volatile.Write(ref _chunks[id >> ChunkBits]![id & (ChunkSize - 1)], new Slot(value, _lastGeneration));
            return ((long)_lastGeneration << 32) | (uint)id;
        }
    }

    /// <summary>The value registered under <paramref name="token"/>, or null once it was removed (and its id maybe reused).</summary>
    public T? Find(long token)
    {
        var id = (uint)token;
        var chunks = _chunks;
        if ((id >> ChunkBits) >= (uint)chunks.Length || chunks[id >> ChunkBits] is not { } chunk)
        {
            return null;
        }

        var slot = Volatile.Read(ref chunk[id & (ChunkSize - 1)]);
        return slot is not null && slot.Generation == (uint)(token >> 32) ? slot.Value : null;
    }

    /// <summary>Frees the token's id for reuse; false when it was already removed.</summary>
    public bool Remove(long token)
    {
        lock (_gate)
        {
            if (Find(token) is null)
            {
                return false;
            }

            var id = (int)(uint)token;
            Volatile.Write(ref _chunks[id >> ChunkBits]![id & (ChunkSize - 1)], null);
            _freeIds.Push(id);
            return true;
        }
    }

    private void EnsureChunk(int index)
    {
        if (index >= _chunks.Length)
        {
            // Only the array of chunk references is copied; the chunks, and so the slots readers look at, stay put.
            var grown = new Slot?[]?[Math.Max(4, _chunks.Length * 2)];
            _chunks.CopyTo(grown, 0);
            _chunks = grown;
        }

        _chunks[index] ??= new Slot?[ChunkSize];
    }

    /// <summary>One object per registration, so a reader sees the value and its generation together.</summary>
    private sealed record Slot(T Value, uint Generation);
}
