using Dapper;
using Telephony.Storage.Connections;

namespace Telephony.Storage;

/// <summary>
/// Operator overrides in <c>line_overrides</c>: kept in the database so a closure survives a restart and is seen
/// by every node.
/// </summary>
public sealed class LineOverrideRepository(IDbConnectionFactory factory)
{
    private readonly SqlDialect _dialect = SqlDialect.For(factory.Provider);

    public async Task SetAsync(StoredLineOverride value, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Kind is not ("closed" or "open"))
        {
            throw new ArgumentException($"Override kind '{value.Kind}' is neither 'closed' nor 'open'.", nameof(value));
        }

        const string sql = """
            INSERT INTO line_overrides (script_name, kind, message, until_at, set_at)
            VALUES (@ScriptName, @Kind, @Message, @Until, @SetAt)
            ON CONFLICT (script_name) DO UPDATE SET kind = excluded.kind, message = excluded.message,
                until_at = excluded.until_at, set_at = excluded.set_at
            """;
        await using var write = await factory.OpenForWriteAsync(ct).ConfigureAwait(false);
        await write.Connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            value.ScriptName,
            value.Kind,
            value.Message,
            Until = _dialect.ToDbTimestamp(value.Until),
            SetAt = _dialect.ToDbTimestamp(value.SetAt),
        }, cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task<bool> RemoveAsync(string scriptName, CancellationToken ct)
    {
        await using var write = await factory.OpenForWriteAsync(ct).ConfigureAwait(false);
        return await write.Connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM line_overrides WHERE script_name = @ScriptName", new { ScriptName = scriptName }, cancellationToken: ct)).ConfigureAwait(false) > 0;
    }

    public async Task<IReadOnlyList<StoredLineOverride>> ListAsync(CancellationToken ct)
    {
        await using var connection = await factory.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            "SELECT script_name AS ScriptName, kind AS Kind, message AS Message, until_at AS UntilAt, set_at AS SetAt FROM line_overrides ORDER BY script_name",
            cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => new StoredLineOverride
        {
            ScriptName = r.ScriptName,
            Kind = r.Kind,
            Message = r.Message,
            Until = SqlDialect.FromDbNullableTimestamp(r.UntilAt),
            SetAt = SqlDialect.FromDbTimestamp(r.SetAt),
        }).ToList();
    }

    private sealed class Row
    {
        public string ScriptName { get; set; } = "";

        public string Kind { get; set; } = "";

        public string? Message { get; set; }

        public object? UntilAt { get; set; }

        public object SetAt { get; set; } = "";
    }
}
