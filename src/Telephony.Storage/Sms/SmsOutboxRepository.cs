using Dapper;
using Telephony.Storage.Connections;

namespace Telephony.Storage;

/// <summary>
/// The SMS outbox in <c>sms_outbox</c>. A row is claimed by one node at a time (an UPDATE of pending rows that returns
/// what it took), so two nodes polling the same table never send the same SMS twice; a claim is a lease, so a node that
/// dies mid-send leaves the row to another once the lease ends.
/// </summary>
public sealed class SmsOutboxRepository(IDbConnectionFactory factory)
{
    private const string Columns = """
        id AS Id, kind AS Kind, reference AS Reference, network AS Network, phone_number AS PhoneNumber, body AS Body,
        state AS State, due_at AS DueAt, expires_at AS ExpiresAt, attempts AS Attempts, created_at AS CreatedAt,
        sent_at AS SentAt, last_error AS LastError
        """;

    // Rows a node may take: due and pending, or claimed by a node whose lease ran out (it died or hung mid-send).
    private const string Claimable = """
        (state = 'pending' AND due_at <= @Now) OR (state = 'sending' AND lease_until <= @Now)
        """;

    private readonly SqlDialect _dialect = SqlDialect.For(factory.Provider);

    /// <returns>False when an SMS of this kind and reference was already stored (nothing is added).</returns>
    public async Task<bool> EnqueueAsync(OutboxSms sms, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sms);
        const string sql = """
            INSERT INTO sms_outbox (id, kind, reference, network, phone_number, body, state, due_at, expires_at, attempts, created_at)
            VALUES (@Id, @Kind, @Reference, @Network, @PhoneNumber, @Body, 'pending', @DueAt, @ExpiresAt, 0, @CreatedAt)
            ON CONFLICT (kind, reference) DO NOTHING
            """;
        await using var write = await factory.OpenForWriteAsync(ct).ConfigureAwait(false);
        var inserted = await write.Connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            Id = _dialect.ToDbId(sms.Id == Guid.Empty ? Guid.NewGuid() : sms.Id),
            sms.Kind,
            sms.Reference,
            sms.Network,
            sms.PhoneNumber,
            sms.Body,
            DueAt = _dialect.ToDbTimestamp(sms.DueAt),
            ExpiresAt = _dialect.ToDbTimestamp(sms.ExpiresAt),
            CreatedAt = _dialect.ToDbTimestamp(sms.CreatedAt),
        }, cancellationToken: ct)).ConfigureAwait(false);
        return inserted > 0;
    }

    /// <summary>
    /// Takes up to <paramref name="limit"/> due rows for <paramref name="node"/> until <paramref name="leaseUntil"/>,
    /// counting an attempt on each. A row is returned to one caller only, whatever the number of nodes polling.
    /// </summary>
    public async Task<IReadOnlyList<OutboxSms>> ClaimDueAsync(string node, DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(node);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        // PostgreSQL: rows another node is claiming right now are skipped rather than waited for, and the row locks make
        // the state test and the update one step. SQLite: the statement runs under the database's single write lock.
        var lockClause = factory.Provider == StorageProvider.Postgres ? "FOR UPDATE SKIP LOCKED" : "";
        var sql = $"""
            UPDATE sms_outbox SET state = 'sending', claimed_by = @Node, lease_until = @LeaseUntil, attempts = attempts + 1
            WHERE id IN (SELECT id FROM sms_outbox WHERE {Claimable} ORDER BY due_at LIMIT @Limit {lockClause})
              AND ({Claimable})
            RETURNING {Columns}
            """;
        await using var write = await factory.OpenForWriteAsync(ct).ConfigureAwait(false);
        var rows = await write.Connection.QueryAsync<Row>(new CommandDefinition(sql, new
        {
            Node = node,
            Now = _dialect.ToDbTimestamp(now),
            LeaseUntil = _dialect.ToDbTimestamp(leaseUntil),
            Limit = limit,
        }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => r.ToSms()).OrderBy(s => s.DueAt).ToList();
    }

    /// <returns>False when the row is no longer this node's claim (its lease ended and another node took it).</returns>
    public Task<bool> MarkSentAsync(OutboxSms sms, string node, DateTimeOffset at, CancellationToken ct) =>
        FinishAsync(sms, node, SmsStates.Sent, at, error: null, ct);

    /// <summary>Final failure (<see cref="SmsStates.Failed"/>) or <see cref="SmsStates.Expired"/>.</summary>
    public Task<bool> MarkFinalAsync(OutboxSms sms, string node, string state, DateTimeOffset at, string error, CancellationToken ct)
    {
        if (state is not (SmsStates.Failed or SmsStates.Expired))
        {
            throw new ArgumentOutOfRangeException(nameof(state), state, "A final failure is failed or expired.");
        }

        return FinishAsync(sms, node, state, at, error, ct);
    }

    /// <summary>Gives the row back as pending, due again at <paramref name="nextDue"/>.</summary>
    public async Task<bool> RescheduleAsync(OutboxSms sms, string node, DateTimeOffset nextDue, string error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sms);
        const string sql = """
            UPDATE sms_outbox SET state = 'pending', due_at = @NextDue, last_error = @Error, claimed_by = NULL, lease_until = NULL
            WHERE id = @Id AND claimed_by = @Node AND state = 'sending'
            """;
        await using var write = await factory.OpenForWriteAsync(ct).ConfigureAwait(false);
        return await write.Connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            Id = _dialect.ToDbId(sms.Id),
            Node = node,
            NextDue = _dialect.ToDbTimestamp(nextDue),
            Error = Truncate(error),
        }, cancellationToken: ct)).ConfigureAwait(false) > 0;
    }

    /// <summary>Cancels the pending SMS of this kind and reference (a reminder whose appointment was cancelled).</summary>
    /// <returns>False when there was none pending (already sent, or never stored).</returns>
    public async Task<bool> CancelAsync(string kind, string reference, CancellationToken ct)
    {
        // A cancelled SMS will never need the number: only its masked form stays.
        var pending = await FindAsync(kind, reference, ct).ConfigureAwait(false);
        if (pending is null || pending.State != SmsStates.Pending)
        {
            return false;
        }

        const string sql = """
            UPDATE sms_outbox SET state = 'cancelled', phone_number = @Masked
            WHERE kind = @Kind AND reference = @Reference AND state = 'pending'
            """;
        await using var write = await factory.OpenForWriteAsync(ct).ConfigureAwait(false);
        return await write.Connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            Kind = kind,
            Reference = reference,
            Masked = PhoneNumberMasking.Mask(pending.PhoneNumber),
        }, cancellationToken: ct)).ConfigureAwait(false) > 0;
    }

    public async Task<OutboxSms?> FindAsync(string kind, string reference, CancellationToken ct)
    {
        await using var connection = await factory.OpenAsync(ct).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM sms_outbox WHERE kind = @Kind AND reference = @Reference",
            new { Kind = kind, Reference = reference }, cancellationToken: ct)).ConfigureAwait(false);
        return row?.ToSms();
    }

    private async Task<bool> FinishAsync(OutboxSms sms, string node, string state, DateTimeOffset at, string? error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sms);
        ArgumentException.ThrowIfNullOrEmpty(node);
        // A final row never needs the number again: only its masked form stays, for whoever reads the table later.
        const string sql = """
            UPDATE sms_outbox SET state = @State, phone_number = @Masked, sent_at = @SentAt, last_error = @Error, lease_until = NULL
            WHERE id = @Id AND claimed_by = @Node AND state = 'sending'
            """;
        await using var write = await factory.OpenForWriteAsync(ct).ConfigureAwait(false);
        return await write.Connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            Id = _dialect.ToDbId(sms.Id),
            Node = node,
            State = state,
            Masked = PhoneNumberMasking.Mask(sms.PhoneNumber),
            SentAt = state == SmsStates.Sent ? _dialect.ToDbTimestamp(at) : null,
            Error = error is null ? null : Truncate(error),
        }, cancellationToken: ct)).ConfigureAwait(false) > 0;
    }

    // An error is a gateway's answer or an exception message: bounded, so a verbose gateway cannot bloat the table.
    private static string Truncate(string error) => error.Length <= 500 ? error : error[..500];

    private sealed class Row
    {
        public object Id { get; set; } = "";

        public string Kind { get; set; } = "";

        public string Reference { get; set; } = "";

        public string Network { get; set; } = "";

        public string PhoneNumber { get; set; } = "";

        public string Body { get; set; } = "";

        public string State { get; set; } = "";

        public object DueAt { get; set; } = "";

        public object? ExpiresAt { get; set; }

        public long Attempts { get; set; }

        public object CreatedAt { get; set; } = "";

        public object? SentAt { get; set; }

        public string? LastError { get; set; }

        public OutboxSms ToSms() => new()
        {
            Id = SqlDialect.FromDbId(Id),
            Kind = Kind,
            Reference = Reference,
            Network = Network,
            PhoneNumber = PhoneNumber,
            Body = Body,
            State = State,
            DueAt = SqlDialect.FromDbTimestamp(DueAt),
            ExpiresAt = SqlDialect.FromDbNullableTimestamp(ExpiresAt),
            Attempts = (int)Attempts,
            CreatedAt = SqlDialect.FromDbTimestamp(CreatedAt),
            SentAt = SqlDialect.FromDbNullableTimestamp(SentAt),
            LastError = LastError,
        };
    }
}
