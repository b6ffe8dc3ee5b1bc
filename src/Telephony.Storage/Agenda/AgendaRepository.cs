using Dapper;
using Telephony.Storage.Connections;

namespace Telephony.Storage;

/// <summary>
/// An agent's next work that is not a live call, read for the agent console: the callbacks still pending in some
/// queues (oldest first: the order they are served in) and the active appointments whose slot has not ended (soonest
/// first). Numbers are decrypted only to be masked here; no clear number leaves this class.
/// </summary>
public sealed class AgendaRepository(IDbConnectionFactory factory, FieldCipher cipher)
{
    private readonly SqlDialect _dialect = SqlDialect.For(factory.Provider);

    // Dapper expands a list into (@Queues1, @Queues2...) for SQLite, but hands Npgsql the array as one parameter.
    private readonly string _inQueues = factory.Provider == StorageProvider.Postgres ? "= ANY(@Queues)" : "IN @Queues";

    /// <summary>At most <paramref name="limit"/> pending callbacks of <paramref name="queues"/>, oldest request first.</summary>
    /// <exception cref="StorageException">A number was encrypted under another key than this node's.</exception>
    public async Task<IReadOnlyList<AgendaEntry>> PendingCallbacksAsync(IReadOnlyCollection<string> queues, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(queues);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        if (queues.Count == 0)
        {
            return [];
        }

        await using var connection = await factory.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<CallbackRow>(new CommandDefinition($"""
            SELECT id AS Id, network AS Network, line AS Line, queue_id AS QueueId, phone_number AS PhoneNumber, requested_at AS RequestedAt
            FROM callback_requests WHERE status = 'pending' AND queue_id {_inQueues} ORDER BY requested_at LIMIT @Limit
            """, new { Queues = queues.ToArray(), Limit = limit }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r =>
        {
            var id = SqlDialect.FromDbId(r.Id);
            var number = cipher.Decrypt(r.PhoneNumber, CallbackRequestRepository.BoundTo(id));
            return new AgendaEntry(AgendaKind.Callback, id, r.Network, r.Line, r.QueueId, null, SqlDialect.FromDbTimestamp(r.RequestedAt), null,
                PhoneNumberMasking.Mask(number));
        }).ToList();
    }

    /// <summary>At most <paramref name="limit"/> booked appointments of <paramref name="queues"/> whose slot ends after <paramref name="now"/>, soonest first.</summary>
    public async Task<IReadOnlyList<AgendaEntry>> UpcomingAppointmentsAsync(IReadOnlyCollection<string> queues, DateTimeOffset now, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(queues);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        if (queues.Count == 0)
        {
            return [];
        }

        await using var connection = await factory.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<AppointmentRepository.Row>(new CommandDefinition($"""
            SELECT {AppointmentRepository.Columns}
            FROM appointments WHERE state = @State AND queue_id {_inQueues} AND slot_end > @Now ORDER BY slot_start LIMIT @Limit
            """, new { State = AppointmentStates.Booked, Queues = queues.ToArray(), Now = _dialect.ToDbTimestamp(now), Limit = limit },
            cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => r.ToAppointment()).Select(a => new AgendaEntry(
            AgendaKind.Appointment, a.Id, a.Network, a.Line, a.QueueId, a.Reason, a.SlotStart, a.SlotEnd, PhoneNumberMasking.Mask(a.PhoneNumber))).ToList();
    }

    private sealed class CallbackRow
    {
        public object Id { get; set; } = "";

        public string Network { get; set; } = "";

        public string Line { get; set; } = "";

        public string QueueId { get; set; } = "";

        public string PhoneNumber { get; set; } = "";

        public object RequestedAt { get; set; } = "";
    }
}
