using System.Data.Common;
using Dapper;
using Telephony.Storage.Connections;

namespace Telephony.Storage;

/// <summary>
/// Appointments in <c>appointments</c>, and the places of each slot in <c>appointment_slots</c>. A booking takes a place
/// with <c>UPDATE ... SET booked = booked + 1 WHERE booked &lt; capacity</c> in the same transaction as the appointment's
/// row: on PostgreSQL the row lock makes a concurrent booking of the same slot wait and then re-check the condition on
/// the committed count (whichever node it runs on); on SQLite the transaction holds the database's write lock. So a
/// slot never holds more than its capacity, and a booking that finds it full changes nothing.
/// </summary>
public sealed class AppointmentRepository
{
    // A code collides with an active one about once in tens of millions of bookings; five draws in a row never do.
    private const int MaxCodeDraws = 5;

    /// <summary>Every column of <c>appointments</c> as <see cref="Row"/> reads them (the agenda reads them too).</summary>
    internal const string Columns = """
        id AS Id, network AS Network, line AS Line, queue_id AS QueueId, reason AS Reason, phone_number AS PhoneNumber,
        slot_start AS SlotStart, slot_end AS SlotEnd, code AS Code, state AS State, channel AS Channel,
        booked_at AS BookedAt, cancelled_at AS CancelledAt
        """;

    private readonly IDbConnectionFactory _factory;
    private readonly SqlDialect _dialect;
    private readonly Func<string> _newCode;

    public AppointmentRepository(IDbConnectionFactory factory)
        : this(factory, AppointmentCodes.New)
    {
    }

    /// <summary>With the codes drawn by <paramref name="newCode"/>: how tests make two bookings draw the same code.</summary>
    internal AppointmentRepository(IDbConnectionFactory factory, Func<string> newCode)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _factory = factory;
        _dialect = SqlDialect.For(factory.Provider);
        _newCode = newCode;
    }

    /// <summary>
    /// Books <paramref name="request"/> (its id, code and state are set here) if its slot has fewer than
    /// <paramref name="capacity"/> active appointments and its number none on the line.
    /// </summary>
    public async Task<BookingOutcome> BookAsync(Appointment request, int capacity, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        for (var draw = 1; ; draw++)
        {
            var appointment = request with
            {
                Id = Guid.NewGuid(),
                Code = _newCode(),
                State = AppointmentStates.Booked,
                CancelledAt = null,
            };
            await using var write = await _factory.OpenForWriteAsync(ct).ConfigureAwait(false);
            var connection = write.Connection;
            await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            if (await FindActiveAsync(connection, transaction, request.Line, request.PhoneNumber, ct).ConfigureAwait(false) is { } existing)
            {
                await transaction.RollbackAsync(ct).ConfigureAwait(false);
                return new BookingOutcome(BookingStatus.AlreadyBooked, existing);
            }

            if (!await TakePlaceAsync(connection, transaction, request, capacity, ct).ConfigureAwait(false))
            {
                await transaction.RollbackAsync(ct).ConfigureAwait(false);
                return new BookingOutcome(BookingStatus.SlotFull, null);
            }

            try
            {
                await InsertAsync(connection, transaction, appointment, ct).ConfigureAwait(false);
                await transaction.CommitAsync(ct).ConfigureAwait(false);
                return new BookingOutcome(BookingStatus.Booked, appointment);
            }
            catch (DbException ex) when (DbErrors.IsUniqueViolation(ex))
            {
                // Either the code was drawn before (draw again) or the same number was booked meanwhile by another
                // node (the next round finds that appointment). The place taken above is given back by the rollback.
                await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                if (draw == MaxCodeDraws)
                {
                    throw new StorageException($"No free cancellation code after {MaxCodeDraws} draws.", ex);
                }
            }
        }
    }

    /// <summary>Cancels the active appointment with this code and number (the number is the proof); null when there is none.</summary>
    public Task<Appointment?> CancelAsync(string code, string phoneNumber, DateTimeOffset at, CancellationToken ct) =>
        CancelWhereAsync("code = @Code AND phone_number = @PhoneNumber", new { Code = code, PhoneNumber = phoneNumber }, at, ct);

    /// <summary>Cancels the number's active appointment on the line (a caller asking the IVR); null when there is none.</summary>
    public Task<Appointment?> CancelActiveAsync(string line, string phoneNumber, DateTimeOffset at, CancellationToken ct) =>
        CancelWhereAsync("line = @Line AND phone_number = @PhoneNumber", new { Line = line, PhoneNumber = phoneNumber }, at, ct);

    /// <summary>The number's active appointment on the line, if any.</summary>
    public async Task<Appointment?> FindActiveAsync(string line, string phoneNumber, CancellationToken ct)
    {
        await using var connection = await _factory.OpenAsync(ct).ConfigureAwait(false);
        return await FindActiveAsync(connection, null, line, phoneNumber, ct).ConfigureAwait(false);
    }

    /// <summary>Active appointments per slot start of a queue, for slots starting in [from, to): slots with none are absent.</summary>
    public async Task<IReadOnlyDictionary<DateTimeOffset, int>> BookedCountsAsync(string queueId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        await using var connection = await _factory.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<CountRow>(new CommandDefinition("""
            SELECT slot_start AS SlotStart, booked AS Booked FROM appointment_slots
             WHERE queue_id = @QueueId AND slot_start >= @From AND slot_start < @To AND booked > 0
            """, new { QueueId = queueId, From = _dialect.ToDbTimestamp(from), To = _dialect.ToDbTimestamp(to) }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.ToDictionary(r => SqlDialect.FromDbTimestamp(r.SlotStart), r => Convert.ToInt32(r.Booked, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Active appointments whose slot starts in [from, to), earliest first: what a reminder or the callback scheduler takes.</summary>
    public async Task<IReadOnlyList<Appointment>> ListActiveAsync(DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var connection = await _factory.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition($"""
            SELECT {Columns} FROM appointments
             WHERE state = @State AND slot_start >= @From AND slot_start < @To
             ORDER BY slot_start, booked_at LIMIT @Limit
            """, new { State = AppointmentStates.Booked, From = _dialect.ToDbTimestamp(from), To = _dialect.ToDbTimestamp(to), Limit = limit }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => r.ToAppointment()).ToList();
    }

    private async Task<bool> TakePlaceAsync(DbConnection connection, DbTransaction transaction, Appointment request, int capacity, CancellationToken ct)
    {
        var slot = new { request.QueueId, SlotStart = _dialect.ToDbTimestamp(request.SlotStart), Capacity = capacity };
        // The counter row exists before anyone counts on it; a concurrent first booking waits for this insert's fate.
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO appointment_slots (queue_id, slot_start, booked) VALUES (@QueueId, @SlotStart, 0)
            ON CONFLICT (queue_id, slot_start) DO NOTHING
            """, slot, transaction, cancellationToken: ct)).ConfigureAwait(false);
        var taken = await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE appointment_slots SET booked = booked + 1
             WHERE queue_id = @QueueId AND slot_start = @SlotStart AND booked < @Capacity
            """, slot, transaction, cancellationToken: ct)).ConfigureAwait(false);
        return taken == 1;
    }

    private Task InsertAsync(DbConnection connection, DbTransaction transaction, Appointment a, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO appointments (id, network, line, queue_id, reason, phone_number, slot_start, slot_end, code, state, channel, booked_at, cancelled_at)
            VALUES (@Id, @Network, @Line, @QueueId, @Reason, @PhoneNumber, @SlotStart, @SlotEnd, @Code, @State, @Channel, @BookedAt, NULL)
            """, new
        {
            Id = _dialect.ToDbId(a.Id),
            a.Network,
            a.Line,
            a.QueueId,
            a.Reason,
            a.PhoneNumber,
            SlotStart = _dialect.ToDbTimestamp(a.SlotStart),
            SlotEnd = _dialect.ToDbTimestamp(a.SlotEnd),
            a.Code,
            a.State,
            a.Channel,
            BookedAt = _dialect.ToDbTimestamp(a.BookedAt),
        }, transaction, cancellationToken: ct));

    private static async Task<Appointment?> FindActiveAsync(DbConnection connection, DbTransaction? transaction, string line, string phoneNumber, CancellationToken ct)
    {
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"""
            SELECT {Columns} FROM appointments WHERE line = @Line AND phone_number = @PhoneNumber AND state = @State
            """, new { Line = line, PhoneNumber = phoneNumber, State = AppointmentStates.Booked }, transaction, cancellationToken: ct)).ConfigureAwait(false);
        return row?.ToAppointment();
    }

    private async Task<Appointment?> CancelWhereAsync(string condition, object match, DateTimeOffset at, CancellationToken ct)
    {
        var parameters = new DynamicParameters(match);
        parameters.Add("Cancelled", AppointmentStates.Cancelled);
        parameters.Add("Booked", AppointmentStates.Booked);
        parameters.Add("At", _dialect.ToDbTimestamp(at));
        await using var write = await _factory.OpenForWriteAsync(ct).ConfigureAwait(false);
        var connection = write.Connection;
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"""
            UPDATE appointments SET state = @Cancelled, cancelled_at = @At
             WHERE {condition} AND state = @Booked
            RETURNING {Columns}
            """, parameters, transaction, cancellationToken: ct)).ConfigureAwait(false);
        if (row is null)
        {
            await transaction.RollbackAsync(ct).ConfigureAwait(false);
            return null;
        }

        var cancelled = row.ToAppointment();
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE appointment_slots SET booked = booked - 1
             WHERE queue_id = @QueueId AND slot_start = @SlotStart AND booked > 0
            """, new { cancelled.QueueId, SlotStart = _dialect.ToDbTimestamp(cancelled.SlotStart) }, transaction, cancellationToken: ct)).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return cancelled;
    }

    private sealed class CountRow
    {
        public object SlotStart { get; set; } = "";

        public object Booked { get; set; } = 0;
    }

    internal sealed class Row
    {
        public object Id { get; set; } = "";

        public string Network { get; set; } = "";

        public string Line { get; set; } = "";

        public string QueueId { get; set; } = "";

        public string Reason { get; set; } = "";

        public string PhoneNumber { get; set; } = "";

        public object SlotStart { get; set; } = "";

        public object SlotEnd { get; set; } = "";

        public string Code { get; set; } = "";

        public string State { get; set; } = "";

        public string Channel { get; set; } = "";

        public object BookedAt { get; set; } = "";

        public object? CancelledAt { get; set; }

        public Appointment ToAppointment() => new()
        {
            Id = SqlDialect.FromDbId(Id),
            Network = Network,
            Line = Line,
            QueueId = QueueId,
            Reason = Reason,
            PhoneNumber = PhoneNumber,
            SlotStart = SqlDialect.FromDbTimestamp(SlotStart),
            SlotEnd = SqlDialect.FromDbTimestamp(SlotEnd),
            Code = Code,
            State = State,
            Channel = Channel,
            BookedAt = SqlDialect.FromDbTimestamp(BookedAt),
            CancelledAt = SqlDialect.FromDbNullableTimestamp(CancelledAt),
        };
    }
}
