namespace Telephony.Storage;

/// <summary>
/// Call records. A call's row is opened when the call is answered and completed when it ends; every reader here sees
/// completed records only (an open row has no outcome yet), except <see cref="ListOpenAsync"/>.
/// </summary>
public interface ICallRecordRepository
{
    /// <summary>Stores a completed record in one go (no open row before it).</summary>
    /// <exception cref="StorageException">A record with the same id already exists.</exception>
    /// <exception cref="ArgumentException">A required field is empty, or <see cref="CallRecord.CallerMasked"/> looks like a clear number.</exception>
    Task AddAsync(CallRecord record, CancellationToken ct);

    /// <summary>
    /// Applies openings, completions and withdrawals in order, in one transaction. Each is idempotent: an opening of a
    /// row that exists does nothing; a completion updates the open row (or a row closed as <c>node_lost</c>, whose true
    /// outcome it then gives), inserts the row when there is none, and does nothing to a row already completed; a
    /// withdrawal deletes the row only while it is open.
    /// </summary>
    Task ApplyAsync(IReadOnlyList<CallRecordWrite> writes, CancellationToken ct);

    /// <summary>The completed record of that call (the latest if its Call-ID was reused), or null when there is none.</summary>
    Task<CallRecord?> FindByCallIdAsync(string callId, CancellationToken ct);

    /// <summary>The most recently ended calls first (ties broken by call id), at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<CallRecord>> ListRecentAsync(int limit, CancellationToken ct);

    /// <summary>Rows opened and not completed yet (calls in progress, or left by a dead node), oldest first.</summary>
    Task<IReadOnlyList<OpenCallRecord>> ListOpenAsync(int limit, CancellationToken ct);

    /// <summary>
    /// Closes as <c>dropped</c> / <c>node_lost</c> the rows node <paramref name="nodeId"/> left open in runs other than
    /// <paramref name="currentInstance"/> (a node starting again: its previous run died with them).
    /// </summary>
    /// <param name="lastSeen">When the dead run was last known alive: the closed rows' end (never before their answer).</param>
    /// <returns>The rows this call closed (none that another node closed first).</returns>
    Task<IReadOnlyList<LostCall>> CloseLostByNodeAsync(string nodeId, string currentInstance, DateTimeOffset lastSeen, CancellationToken ct);

    /// <summary>Closes as <c>dropped</c> / <c>node_lost</c> the rows of one dead run of a node (a silo the cluster declared dead).</summary>
    /// <returns>The rows this call closed (none that another node closed first).</returns>
    Task<IReadOnlyList<LostCall>> CloseLostByInstanceAsync(string instance, DateTimeOffset lastSeen, CancellationToken ct);
}
