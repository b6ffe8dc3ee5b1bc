using Dapper;
using Telephony.Storage.Connections;

namespace Telephony.Storage;

/// <inheritdoc cref="ICallerCallRepository"/>
public sealed class CallerCallRepository : ICallerCallRepository
{
    private const string ListSql = """
        SELECT started_at AS StartedAt, outcome AS Outcome FROM caller_calls
        WHERE caller_key = @Key AND line = @Line AND started_at >= @Since
        ORDER BY started_at DESC LIMIT @Limit
        """;

    private readonly IDbConnectionFactory _factory;
    private readonly SqlDialect _dialect;

    public CallerCallRepository(IDbConnectionFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _factory = factory;
        _dialect = SqlDialect.For(factory.Provider);
    }

    public async Task<IReadOnlyList<CallerCall>> ListRecentAsync(string callerKey, string line, DateTimeOffset since, int limit, CancellationToken ct)
    {
        CallerKeyFormat.EnsureValid(callerKey, nameof(callerKey));
        ArgumentException.ThrowIfNullOrWhiteSpace(line);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, ICallerCallRepository.MaxListLimit);

        await using var connection = await _factory.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            ListSql, new { Key = callerKey, Line = line, Since = _dialect.ToDbTimestamp(since), Limit = limit }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => new CallerCall(SqlDialect.FromDbTimestamp(r.StartedAt), r.Outcome)).ToList();
    }

    // Timestamps come back as text (SQLite) or DateTime (Npgsql): read as they come, converted by the dialect.
    private sealed class Row
    {
        public object StartedAt { get; init; } = "";

        public string Outcome { get; init; } = "";
    }
}
