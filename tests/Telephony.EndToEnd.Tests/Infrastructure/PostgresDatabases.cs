using Npgsql;

namespace Telephony.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The throwaway PostgreSQL that scripts/test.sh starts, announced by TELEPHONY_TEST_POSTGRES.
/// Each test gets a database of its own so it never sees rows another test wrote.
/// </summary>
public static class PostgresDatabases
{
    public const string EnvironmentVariable = "TELEPHONY_TEST_POSTGRES";

    public static string? ServerConnectionString => Environment.GetEnvironmentVariable(EnvironmentVariable);

    public static async Task<string> CreateFreshAsync()
    {
        var server = ServerConnectionString
            ?? throw new InvalidOperationException($"{EnvironmentVariable} is not set.");
        var name = $"e2e_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }
}
