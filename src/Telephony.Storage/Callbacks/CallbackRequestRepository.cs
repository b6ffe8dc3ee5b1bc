using Dapper;
using Telephony.Storage.Connections;

namespace Telephony.Storage;

/// <summary>
/// Callback requests in <c>callback_requests</c>, written the moment the caller accepts one. The phone number is
/// stored encrypted (<see cref="FieldCipher"/>), bound to its request's id.
/// </summary>
public sealed partial class CallbackRequestRepository(IDbConnectionFactory factory, FieldCipher cipher)
{
    private const int EncryptionBatch = 500;

    private readonly SqlDialect _dialect = SqlDialect.For(factory.Provider);

    public async Task<Guid> AddAsync(CallbackRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = request.Id == Guid.Empty ? Guid.NewGuid() : request.Id;
        await using var write = await factory.OpenForWriteAsync(ct).ConfigureAwait(false);
        await InsertAsync(write.Connection, null, request with { Id = id }, ct).ConfigureAwait(false);
        return id;
    }

    /// <summary>
    /// Stores the request, unless the number already has an active callback on the line (or the appointment one):
    /// then that one is returned and nothing is stored (asking again confirms the existing callback).
    /// </summary>
    /// <returns>The id stored or found, and whether it already existed.</returns>
    public async Task<(Guid Id, bool Existing)> AddOrFindActiveAsync(CallbackRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = request.Id == Guid.Empty ? Guid.NewGuid() : request.Id;
        for (var attempt = 0; ; attempt++)
        {
            if (await FindActiveAsync(request, ct).ConfigureAwait(false) is { } existing)
            {
                return (existing, true);
            }

            try
            {
                await using var write = await factory.OpenForWriteAsync(ct).ConfigureAwait(false);
                await InsertAsync(write.Connection, null, request with { Id = id }, ct).ConfigureAwait(false);
                return (id, false);
            }
            catch (System.Data.Common.DbException error) when (DbErrors.IsUniqueViolation(error) && attempt == 0)
            {
                // Another node stored the same number's callback between our look and our insert: that one stands.
            }
        }
    }

    private async Task<Guid?> FindActiveAsync(CallbackRequest request, CancellationToken ct)
    {
        if (request.NumberKey is null && request.AppointmentId is null)
        {
            return null;
        }

        await using var connection = await factory.OpenAsync(ct).ConfigureAwait(false);
        var found = await connection.ExecuteScalarAsync<object?>(new CommandDefinition("""
            SELECT id FROM callback_requests
            WHERE (appointment_id = @AppointmentId)
               OR (line = @Line AND number_key = @NumberKey AND status IN ('pending', 'queued', 'dialling'))
            LIMIT 1
            """, new { request.AppointmentId, request.Line, request.NumberKey }, cancellationToken: ct)).ConfigureAwait(false);
        return found is null or DBNull ? null : SqlDialect.FromDbId(found);
    }

    private async Task InsertAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction, CallbackRequest request, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO callback_requests (id, call_id, network, line, queue_id, phone_number, requested_at, status,
                kind, queued_at, due_at, attempts, number_key, appointment_id, agent_context)
            VALUES (@Id, @CallId, @Network, @Line, @QueueId, @PhoneNumber, @RequestedAt, @Status,
                @Kind, @QueuedAt, @DueAt, 0, @NumberKey, @AppointmentId, @AgentContext)
            """;
        var requestedAt = request.RequestedAt;
        await connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            Id = _dialect.ToDbId(request.Id),
            request.CallId,
            request.Network,
            request.Line,
            request.QueueId,
            PhoneNumber = cipher.Encrypt(request.PhoneNumber, BoundTo(request.Id)),
            RequestedAt = _dialect.ToDbTimestamp(requestedAt),
            request.Status,
            request.Kind,
            QueuedAt = _dialect.ToDbTimestamp(request.QueuedAt == default ? requestedAt : request.QueuedAt),
            DueAt = _dialect.ToDbTimestamp(request.DueAt == default ? requestedAt : request.DueAt),
            request.NumberKey,
            request.AppointmentId,
            AgentContext = request.AgentContext is null ? null : cipher.Encrypt(request.AgentContext, ContextBoundTo(request.Id)),
        }, transaction, cancellationToken: ct)).ConfigureAwait(false);
    }

    /// <exception cref="StorageException">A number was encrypted under another key than this node's.</exception>
    public async Task<IReadOnlyList<CallbackRequest>> ListByStatusAsync(string status, int limit, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var connection = await factory.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            SelectColumns + " WHERE status = @Status ORDER BY requested_at LIMIT @Limit",
            new { Status = status, Limit = limit }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(ToRequest).ToList();
    }

    /// <summary>One callback by id, or null.</summary>
    public async Task<CallbackRequest?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await factory.OpenAsync(ct).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            SelectColumns + " WHERE id = @Id", new { Id = _dialect.ToDbId(id) }, cancellationToken: ct)).ConfigureAwait(false);
        return row is null ? null : ToRequest(row);
    }

    private const string SelectColumns = """
        SELECT id AS Id, call_id AS CallId, network AS Network, line AS Line, queue_id AS QueueId,
               phone_number AS PhoneNumber, requested_at AS RequestedAt, status AS Status, kind AS Kind,
               queued_at AS QueuedAt, due_at AS DueAt, attempts AS Attempts, claimed_by AS ClaimedBy,
               lease_until AS LeaseUntil, number_key AS NumberKey, appointment_id AS AppointmentId,
               agent_context AS AgentContext, ended_at AS EndedAt, end_reason AS EndReason
        FROM callback_requests
        """;

    private CallbackRequest ToRequest(Row r)
    {
        var id = SqlDialect.FromDbId(r.Id);
        return new CallbackRequest
        {
            Id = id,
            CallId = r.CallId,
            Network = r.Network,
            Line = r.Line,
            QueueId = r.QueueId,
            PhoneNumber = cipher.Decrypt(r.PhoneNumber, BoundTo(id)),
            RequestedAt = SqlDialect.FromDbTimestamp(r.RequestedAt),
            Status = r.Status,
            Kind = r.Kind,
            QueuedAt = SqlDialect.FromDbNullableTimestamp(r.QueuedAt) ?? SqlDialect.FromDbTimestamp(r.RequestedAt),
            DueAt = SqlDialect.FromDbNullableTimestamp(r.DueAt) ?? SqlDialect.FromDbTimestamp(r.RequestedAt),
            Attempts = (int)r.Attempts,
            ClaimedBy = r.ClaimedBy,
            LeaseUntil = SqlDialect.FromDbNullableTimestamp(r.LeaseUntil),
            NumberKey = r.NumberKey,
            AppointmentId = r.AppointmentId,
            AgentContext = r.AgentContext is null ? null : cipher.Decrypt(r.AgentContext, ContextBoundTo(id)),
            EndedAt = SqlDialect.FromDbNullableTimestamp(r.EndedAt),
            EndReason = r.EndReason,
        };
    }

    /// <summary>
    /// The data migration of encryption at rest: numbers an older release stored in clear are encrypted in place, in
    /// batches. Safe to run on every start and from several nodes at once (a row is only changed while still clear).
    /// </summary>
    /// <returns>How many numbers this call encrypted.</returns>
    public async Task<int> EncryptClearNumbersAsync(CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            await using var write = await factory.OpenForWriteAsync(ct).ConfigureAwait(false);
            await using var transaction = await write.Connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            var clear = (await write.Connection.QueryAsync<(object Id, string PhoneNumber)>(new CommandDefinition(
                "SELECT id, phone_number FROM callback_requests WHERE phone_number NOT LIKE 'enc:%' LIMIT @Limit",
                new { Limit = EncryptionBatch }, transaction, cancellationToken: ct)).ConfigureAwait(false)).ToList();
            foreach (var (rawId, number) in clear)
            {
                var id = SqlDialect.FromDbId(rawId);
                await write.Connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE callback_requests SET phone_number = @Encrypted WHERE id = @Id AND phone_number = @Clear",
                    new { Id = _dialect.ToDbId(id), Clear = number, Encrypted = cipher.Encrypt(number, BoundTo(id)) },
                    transaction,
                    cancellationToken: ct)).ConfigureAwait(false);
            }

            await transaction.CommitAsync(ct).ConfigureAwait(false);
            total += clear.Count;
            if (clear.Count < EncryptionBatch)
            {
                return total;
            }
        }
    }

    /// <summary>Numbers encrypted under a key other than <paramref name="keyId"/>'s: this node could not read them.</summary>
    public async Task<long> CountEncryptedWithOtherKeysAsync(string keyId, CancellationToken ct)
    {
        await using var connection = await factory.OpenAsync(ct).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM callback_requests WHERE phone_number LIKE 'enc:%' AND phone_number NOT LIKE @Mine",
            new { Mine = FieldCipher.StoredPrefix(keyId) + "%" },
            cancellationToken: ct)).ConfigureAwait(false);
    }

    /// <summary>What a number is encrypted for: its row, so that a number copied to another row does not decrypt.</summary>
    internal static string BoundTo(Guid id) => $"callback_requests.phone_number:{id:D}";

    private static string ContextBoundTo(Guid id) => $"callback_requests.agent_context:{id:D}";

    private sealed class Row
    {
        public object Id { get; set; } = "";

        public string CallId { get; set; } = "";

        public string Network { get; set; } = "";

        public string Line { get; set; } = "";

        public string QueueId { get; set; } = "";

        public string PhoneNumber { get; set; } = "";

        public object RequestedAt { get; set; } = "";

        public string Status { get; set; } = "";

        public string Kind { get; set; } = CallbackKinds.Asap;

        public object? QueuedAt { get; set; }

        public object? DueAt { get; set; }

        public long Attempts { get; set; }

        public string? ClaimedBy { get; set; }

        public object? LeaseUntil { get; set; }

        public string? NumberKey { get; set; }

        public string? AppointmentId { get; set; }

        public string? AgentContext { get; set; }

        public object? EndedAt { get; set; }

        public string? EndReason { get; set; }
    }
}
