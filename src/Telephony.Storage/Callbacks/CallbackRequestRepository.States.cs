using Dapper;
using Telephony.Storage.Connections;

namespace Telephony.Storage;

/// <summary>
/// The transitions of a callback's state machine, each one conditional update (compare and set) on the row: the
/// state it leaves, and for a held callback the node holding it. Whoever loses a race changes nothing and learns it
/// from the answer (false), which is what makes each callback dialled and completed once whatever the reminders,
/// restarts and dead nodes do.
/// </summary>
public sealed partial class CallbackRequestRepository
{
    /// <summary>
    /// <paramref name="node"/> takes the callback until <paramref name="leaseUntil"/> (pending or queued to queued, and
    /// a dialling one whose node died: its attempt is counted, the call was lost), when it is due and held by no live
    /// lease (or by this node's previous run, after a restart). The returned request is the row as claimed.
    /// </summary>
    public async Task<CallbackRequest?> TryClaimAsync(Guid id, string node, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        var changed = await ExecuteAsync("""
            UPDATE callback_requests SET status = 'queued', claimed_by = @Node, lease_until = @LeaseUntil
            WHERE id = @Id AND status IN ('pending', 'queued', 'dialling') AND due_at <= @Now
              AND (claimed_by IS NULL OR lease_until IS NULL OR lease_until < @Now OR claimed_by = @Node)
            """, new { Id = _dialect.ToDbId(id), Node = node, Now = _dialect.ToDbTimestamp(now), LeaseUntil = _dialect.ToDbTimestamp(leaseUntil) }, ct).ConfigureAwait(false);
        return changed == 1 ? await GetAsync(id, ct).ConfigureAwait(false) : null;
    }

    /// <summary>The holder keeps it longer; false when it no longer holds it (another node took it over).</summary>
    public async Task<bool> RenewLeaseAsync(Guid id, string node, DateTimeOffset leaseUntil, CancellationToken ct) =>
        await ExecuteAsync("""
            UPDATE callback_requests SET lease_until = @LeaseUntil
            WHERE id = @Id AND claimed_by = @Node AND status IN ('queued', 'dialling')
            """, new { Id = _dialect.ToDbId(id), Node = node, LeaseUntil = _dialect.ToDbTimestamp(leaseUntil) }, ct).ConfigureAwait(false) == 1;

    /// <summary>An agent answered: queued to dialling, one more attempt. The gate before the citizen's phone rings.</summary>
    public async Task<bool> StartAttemptAsync(Guid id, string node, CancellationToken ct) =>
        await ExecuteAsync("""
            UPDATE callback_requests SET status = 'dialling', attempts = attempts + 1
            WHERE id = @Id AND claimed_by = @Node AND status = 'queued'
            """, new { Id = _dialect.ToDbId(id), Node = node }, ct).ConfigureAwait(false) == 1;

    /// <summary>The citizen answered and is bridged: dialling to completed, for good.</summary>
    public Task<bool> CompleteAsync(Guid id, string node, DateTimeOffset now, CancellationToken ct) =>
        EndAsync(id, node, CallbackStates.Completed, "answered", now, ct);

    /// <summary>The last attempt failed: dialling to failed, for good.</summary>
    public Task<bool> FailAsync(Guid id, string node, string reason, DateTimeOffset now, CancellationToken ct) =>
        EndAsync(id, node, CallbackStates.Failed, reason, now, ct);

    /// <summary>An attempt failed and another is allowed: dialling to pending, due after the retry delay, held by no one.</summary>
    public async Task<bool> RetryLaterAsync(Guid id, string node, string reason, DateTimeOffset dueAt, CancellationToken ct) =>
        await ExecuteAsync("""
            UPDATE callback_requests SET status = 'pending', due_at = @DueAt, claimed_by = NULL, lease_until = NULL, end_reason = @Reason
            WHERE id = @Id AND claimed_by = @Node AND status = 'dialling'
            """, new { Id = _dialect.ToDbId(id), Node = node, Reason = reason, DueAt = _dialect.ToDbTimestamp(dueAt) }, ct).ConfigureAwait(false) == 1;

    /// <summary>
    /// The holder gives it back without an attempt (the node stops, the calling hours ended): queued to pending, due
    /// at <paramref name="dueAt"/>.
    /// </summary>
    public async Task<bool> ReleaseAsync(Guid id, string node, DateTimeOffset dueAt, CancellationToken ct) =>
        await ExecuteAsync("""
            UPDATE callback_requests SET status = 'pending', due_at = @DueAt, claimed_by = NULL, lease_until = NULL
            WHERE id = @Id AND claimed_by = @Node AND status = 'queued'
            """, new { Id = _dialect.ToDbId(id), Node = node, DueAt = _dialect.ToDbTimestamp(dueAt) }, ct).ConfigureAwait(false) == 1;

    /// <summary>Withdraws an appointment's callback not yet dialled (the appointment was cancelled). True when one was.</summary>
    public async Task<bool> CancelAppointmentAsync(string appointmentId, DateTimeOffset now, CancellationToken ct) =>
        await ExecuteAsync("""
            UPDATE callback_requests SET status = 'cancelled', ended_at = @Now, end_reason = 'appointment_cancelled', claimed_by = NULL, lease_until = NULL
            WHERE appointment_id = @AppointmentId AND status IN ('pending', 'queued')
            """, new { AppointmentId = appointmentId, Now = _dialect.ToDbTimestamp(now) }, ct).ConfigureAwait(false) > 0;

    /// <summary>Active callbacks (pending, queued, dialling), for the reminders a node makes sure exist at start-up.</summary>
    public async Task<IReadOnlyList<(Guid Id, DateTimeOffset DueAt)>> ListActiveAsync(int limit, CancellationToken ct)
    {
        await using var connection = await factory.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(object Id, object DueAt)>(new CommandDefinition("""
            SELECT id, due_at FROM callback_requests WHERE status IN ('pending', 'queued', 'dialling') AND due_at IS NOT NULL
            ORDER BY due_at LIMIT @Limit
            """, new { Limit = limit }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => (SqlDialect.FromDbId(r.Id), SqlDialect.FromDbTimestamp(r.DueAt))).ToList();
    }

    /// <summary>Pending callbacks no node holds, by network and line (one node adds them to its pending gauge).</summary>
    public async Task<IReadOnlyDictionary<(string Network, string Line), long>> CountUnheldAsync(CancellationToken ct)
    {
        await using var connection = await factory.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string Network, string Line, long Count)>(new CommandDefinition("""
            SELECT network, line, COUNT(*) FROM callback_requests WHERE status = 'pending' GROUP BY network, line
            """, cancellationToken: ct)).ConfigureAwait(false);
        return rows.ToDictionary(r => (r.Network, r.Line), r => r.Count);
    }

    private async Task<bool> EndAsync(Guid id, string node, string status, string reason, DateTimeOffset now, CancellationToken ct) =>
        await ExecuteAsync("""
            UPDATE callback_requests SET status = @Status, ended_at = @Now, end_reason = @Reason, lease_until = NULL
            WHERE id = @Id AND claimed_by = @Node AND status = 'dialling'
            """, new { Id = _dialect.ToDbId(id), Node = node, Status = status, Reason = reason, Now = _dialect.ToDbTimestamp(now) }, ct).ConfigureAwait(false) == 1;

    private async Task<int> ExecuteAsync(string sql, object parameters, CancellationToken ct)
    {
        await using var write = await factory.OpenForWriteAsync(ct).ConfigureAwait(false);
        return await write.Connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: ct)).ConfigureAwait(false);
    }
}
