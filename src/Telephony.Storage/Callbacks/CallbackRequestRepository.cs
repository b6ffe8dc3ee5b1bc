using Dapper;
using Telephony.Storage.Connections;

namespace Telephony.Storage;

/// <summary>
/// Callback requests in <c>callback_requests</c>, written the moment the caller accepts one. The phone number is
/// stored encrypted (<see cref="FieldCipher"/>), bound to its request's id.
/// </summary>
public sealed class CallbackRequestRepository(IDbConnectionFactory factory, FieldCipher cipher)
{
    private const int EncryptionBatch = 500;

    private readonly SqlDialect _dialect = SqlDialect.For(factory.Provider);

    public async Task<Guid> AddAsync(CallbackRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = request.Id == Guid.Empty ? Guid.NewGuid() : request.Id;
        const string sql = """
            INSERT INTO callback_requests (id, call_id, network, line, queue_id, phone_number, requested_at, status)
            VALUES (@Id, @CallId, @Network, @Line, @QueueId, @PhoneNumber, @RequestedAt, @Status)
            """;
        await using var write = await factory.OpenForWriteAsync(ct).ConfigureAwait(false);
        await write.Connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            Id = _dialect.ToDbId(id),
            request.CallId,
            request.Network,
            request.Line,
            request.QueueId,
            PhoneNumber = cipher.Encrypt(request.PhoneNumber, BoundTo(id)),
            RequestedAt = _dialect.ToDbTimestamp(request.RequestedAt),
            request.Status,
        }, cancellationToken: ct)).ConfigureAwait(false);
        return id;
    }

    /// <exception cref="StorageException">A number was encrypted under another key than this node's.</exception>
    public async Task<IReadOnlyList<CallbackRequest>> ListByStatusAsync(string status, int limit, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var connection = await factory.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition("""
            SELECT id AS Id, call_id AS CallId, network AS Network, line AS Line, queue_id AS QueueId,
                   phone_number AS PhoneNumber, requested_at AS RequestedAt, status AS Status
            FROM callback_requests WHERE status = @Status ORDER BY requested_at LIMIT @Limit
            """, new { Status = status, Limit = limit }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r =>
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
            };
        }).ToList();
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
    }
}
