using System.Net;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using Telephony.EndToEnd.Tests.Infrastructure;
using Telephony.Sip.Tests.Registrar;
using Xunit.Abstractions;

namespace Telephony.EndToEnd.Tests;

/// <summary>
/// Agents managed through the admin API of the running service, on each database: created with a password that is
/// stored only as digest hashes, a real softphone registering with it (and one with a wrong password refused), the
/// API listing them, and the refusals an operator meets (short password, malformed JSON, unknown agent).
/// </summary>
public sealed class AgentAdministrationTests(ITestOutputHelper output)
{
    private const string Password = "mot-de-passe-2001";
    private const string OtherPassword = "mot-de-passe-2002";

    [EndToEndFact(needsBaresip: true)]
    public async Task On_SQLite_an_agent_created_through_the_api_registers_with_its_password_and_the_database_holds_only_hashes()
    {
        await using var server = await ServerProcess.StartAsync();
        await RunAsync(server, async () =>
        {
            var rows = await ReadAgentsAsync(new SqliteConnection($"Data Source={server.SqlitePath};Pooling=False"));
            SqliteConnection.ClearAllPools();
            // Not a byte of the passwords anywhere in the database files (the write-ahead log included).
            foreach (var file in Directory.EnumerateFiles(server.DataDirectory, "telephony.db*"))
            {
                var bytes = await File.ReadAllBytesAsync(file);
                Assert.False(Contains(bytes, Encoding.UTF8.GetBytes(Password)), $"{file} holds the password");
                Assert.False(Contains(bytes, Encoding.UTF8.GetBytes(OtherPassword)), $"{file} holds the password");
            }

            return rows;
        });
    }

    [EndToEndFact(needsPostgres: true, needsBaresip: true)]
    public async Task On_PostgreSQL_an_agent_created_through_the_api_registers_with_its_password_and_the_database_holds_only_hashes()
    {
        var database = await PostgresDatabases.CreateFreshAsync();
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:ConnectionString"] = database,
        });
        await RunAsync(server, () => ReadAgentsAsync(new NpgsqlConnection(database)));
    }

    [EndToEndFact]
    public async Task A_bootstrap_password_under_12_characters_stops_the_start_up_naming_its_key()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["Agents:Accounts:0:Username"] = "2001",
            ["Agents:Accounts:0:Password"] = "elevenchars",
        }));

        Assert.Contains("Agents:Accounts:0:Password must be at least 12 characters", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("elevenchars", error.Message, StringComparison.Ordinal);
    }

    [EndToEndFact(needsBaresip: true)]
    public async Task A_bootstrap_agent_whose_password_was_changed_through_the_api_keeps_it_across_a_restart()
    {
        var data = TestTemp.NewDirectory("agents-restart");
        var settings = new Dictionary<string, string>
        {
            ["Storage:ConnectionString"] = $"Data Source={Path.Combine(data, "telephony.db")}",
            // Each server process runs in a folder of its own, where an unset key would be generated anew: the
            // restarted node must use the key the database was sealed with (it refuses to start otherwise).
            ["Storage:EncryptionKey"] = "e2e-agents-restart-storage-encryption-key",
            ["Agents:Accounts:0:Username"] = "2001",
            ["Agents:Accounts:0:Password"] = "from-the-bootstrap-list",
            ["Agents:Accounts:0:DisplayName"] = "Camille Martin",
        };
        await using (var first = await ServerProcess.StartAsync(settings))
        {
            var (_, listed) = await first.AdminJsonAsync(HttpMethod.Get, "/admin/agents");
            var id = listed[0].GetProperty("id").GetString()!;
            Assert.Equal("Camille Martin", listed[0].GetProperty("displayName").GetString());
            Assert.Equal(HttpStatusCode.OK, (await first.AdminJsonAsync(HttpMethod.Patch, $"/admin/agents/{id}", $$"""{"password": "{{Password}}"}""")).Status);
        }

        // The same configuration again: the list must not put its password back.
        await using var second = await ServerProcess.StartAsync(settings);
        try
        {
            using var phone = BaresipProcess.Start(second.SipPort, "2001", Password);
            var registrations = await second.PollAdminAsync("/admin/agents/2001/registrations", r => r.GetArrayLength() > 0);
            Assert.Equal(1, registrations.GetArrayLength());
            Assert.Single((await second.AdminJsonAsync(HttpMethod.Get, "/admin/agents")).Body.EnumerateArray());
        }
        catch
        {
            output.WriteLine(second.Output);
            throw;
        }
    }

    private async Task RunAsync(ServerProcess server, Func<Task<List<IDictionary<string, object>>>> readAgentRows)
    {
        try
        {
            var (created, agent) = await server.AdminJsonAsync(HttpMethod.Post, "/admin/agents",
                $$"""{"displayName": "Camille Martin", "sipUsername": "2001", "password": "{{Password}}", "skills": [{"queue": "cnav.retraite", "level": 1}]}""");
            Assert.Equal(HttpStatusCode.Created, created);
            var id = agent.GetProperty("id").GetString()!;
            Assert.Equal(HttpStatusCode.Created, (await server.AdminJsonAsync(HttpMethod.Post, "/admin/agents",
                $$"""{"displayName": "Dominique Petit", "sipUsername": "2002", "password": "{{OtherPassword}}"}""")).Status);

            var (shortStatus, shortBody) = await server.AdminJsonAsync(HttpMethod.Post, "/admin/agents", """{"displayName": "X", "sipUsername": "2003", "password": "elevenchars"}""");
            Assert.Equal(HttpStatusCode.BadRequest, shortStatus);
            Assert.Equal("password", shortBody.GetProperty("field").GetString());
            var (malformedStatus, malformedBody) = await server.AdminJsonAsync(HttpMethod.Post, "/admin/agents",
                """{"displayName": "X", "sipUsername": "2003", "password": "twelve-chars", "skills": [{"queue": "cnav.retraite", "level": }]}""");
            Assert.Equal(HttpStatusCode.BadRequest, malformedStatus);
            Assert.Equal("skills[0].level", malformedBody.GetProperty("field").GetString());
            using (var unknown = await server.AdminAsync(HttpMethod.Get, "/admin/agents/ag_aaaaaaaaaaaaaaaa"))
            {
                Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            }

            using var good = BaresipProcess.Start(server.SipPort, "2001", Password);
            using var bad = BaresipProcess.Start(server.SipPort, "2002", "not-the-password");
            var registrations = await server.PollAdminAsync("/admin/agents/2001/registrations", r => r.GetArrayLength() > 0);
            Assert.Equal($"127.0.0.1:{good.ListenPort}", registrations[0].GetProperty("receivedFrom").GetString());
            var refused = await Eventually.ReadAsync(() => Task.FromResult(server.Output),
                done: o => o.Contains("REGISTER for sip:2002@", StringComparison.Ordinal) && o.Contains("authentication Rejected", StringComparison.Ordinal));
            Assert.Contains("authentication Rejected", refused, StringComparison.Ordinal);
            Assert.Equal(0, (await server.AdminJsonAsync(HttpMethod.Get, "/admin/agents/2002/registrations")).Body.GetArrayLength());

            var (_, listed) = await server.AdminJsonAsync(HttpMethod.Get, "/admin/agents");
            Assert.Equal(["2001", "2002"], listed.EnumerateArray().Select(a => a.GetProperty("sipUsername").GetString()));
            Assert.Equal(id, listed[0].GetProperty("id").GetString());
            Assert.DoesNotContain(Password, listed.GetRawText(), StringComparison.Ordinal);

            var rows = await readAgentRows();
            Assert.Equal(2, rows.Count);
            var row = rows.Single(r => (string)r["sip_username"] == "2001");
            Assert.Equal(Hex(MD5.HashData(Encoding.UTF8.GetBytes($"2001:telephony:{Password}"))), row["ha1_md5"]);
            Assert.Equal(Hex(SHA256.HashData(Encoding.UTF8.GetBytes($"2001:telephony:{Password}"))), row["ha1_sha256"]);
            Assert.DoesNotContain(rows.SelectMany(r => r.Keys), k => k.Contains("pass", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(rows.SelectMany(r => r.Values), v => v is string s && (s.Contains(Password, StringComparison.Ordinal) || s.Contains(OtherPassword, StringComparison.Ordinal)));
            Assert.DoesNotContain(Password, server.Output, StringComparison.Ordinal);
        }
        catch
        {
            output.WriteLine(server.Output);
            throw;
        }
    }

    private static async Task<List<IDictionary<string, object>>> ReadAgentsAsync(System.Data.Common.DbConnection connection)
    {
        await using (connection)
        {
            return (await connection.QueryAsync("SELECT * FROM agents")).Select(r => (IDictionary<string, object>)r).ToList();
        }
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    private static string Hex(byte[] hash) => Convert.ToHexStringLower(hash);
}
