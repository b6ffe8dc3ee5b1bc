using Dapper;
using Telephony.Storage.Connections;

namespace Telephony.Storage;

/// <summary>Callback requests in <c>callback_requests</c>, written the moment the caller accepts one.</summary>
public sealed class CallbackRequestRepository(IDbConnectionFactory factory)
{
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
            request.PhoneNumber,
            RequestedAt = _dialect.ToDbTimestamp(request.RequestedAt),
            request.Status,
        }, cancellationToken: ct)).ConfigureAwait(false);
        return id;
    }

    public async Task<IReadOnlyList<CallbackRequest>> ListByStatusAsync(string status, int limit, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var connection = await factory.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition("""
            SELECT id AS Id, call_id AS CallId, network AS Network, line AS Line, queue_id AS QueueId,
                   phone_number AS PhoneNumber, requested_at AS RequestedAt, status AS Status
            FROM callback_requests WHERE status = @Status ORDER BY requested_at LIMIT @Limit
            """, new { Status = status, Limit = limit }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => new CallbackRequest
        {
            Id = SqlDialect.FromDbId(r.Id),
            CallId = r.CallId,
            Network = r.Network,
            Line = r.Line,
            QueueId = r.QueueId,
            PhoneNumber = r.PhoneNumber,
            RequestedAt = SqlDialect.FromDbTimestamp(r.RequestedAt),
            Status = r.Status,
        }).ToList();
    }

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
