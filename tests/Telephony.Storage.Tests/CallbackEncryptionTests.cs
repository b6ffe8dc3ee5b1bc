using Dapper;
using Telephony.Storage.Connections;
using Telephony.Storage.Tests.Infrastructure;

namespace Telephony.Storage.Tests;

/// <summary>Callback numbers at rest: encrypted on write, and the clear ones of an older release encrypted in place.</summary>
public abstract class CallbackEncryptionTests(StorageProvider provider) : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        await _database.MigrateAsync();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [ProviderFact]
    public async Task The_stored_number_is_encrypted_and_reads_back_clear()
    {
        var repository = new CallbackRequestRepository(_database.Factory, TestCiphers.Default);

        var id = await repository.AddAsync(Request("stored"), CancellationToken.None);

        var raw = await RawNumberAsync(id);
        Assert.StartsWith("enc:v1:", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("612345678", raw, StringComparison.Ordinal);
        Assert.Equal("+33612345678", (await repository.ListByStatusAsync("pending", 10, CancellationToken.None)).Single().PhoneNumber);
    }

    [ProviderFact]
    public async Task Clear_numbers_of_an_older_release_are_encrypted_in_place_once()
    {
        var repository = new CallbackRequestRepository(_database.Factory, TestCiphers.Default);
        var ids = new List<Guid>();
        await using (var connection = await _database.Factory.OpenAsync(CancellationToken.None))
        {
            var dialect = SqlDialect.For(provider);
            for (var i = 0; i < 3; i++)
            {
                var id = Guid.NewGuid();
                ids.Add(id);
                await connection.ExecuteAsync("""
                    INSERT INTO callback_requests (id, call_id, network, line, queue_id, phone_number, requested_at, status)
                    VALUES (@Id, @CallId, 'CAF', '3230', 'caf.prestations', @Number, @At, 'pending')
                    """, new { Id = dialect.ToDbId(id), CallId = $"legacy-{i}", Number = $"+3361234567{i}", At = dialect.ToDbTimestamp(CallRecordSamples.Morning.AddMinutes(i)) });
            }
        }

        var encrypted = await repository.EncryptClearNumbersAsync(CancellationToken.None);
        var again = await repository.EncryptClearNumbersAsync(CancellationToken.None);

        Assert.Equal((3, 0), (encrypted, again));
        foreach (var id in ids)
        {
            Assert.StartsWith("enc:v1:", await RawNumberAsync(id), StringComparison.Ordinal);
        }

        Assert.Equal(["+33612345670", "+33612345671", "+33612345672"], (await repository.ListByStatusAsync("pending", 10, CancellationToken.None)).Select(r => r.PhoneNumber));
    }

    [ProviderFact]
    public async Task Numbers_under_another_key_are_counted_so_a_misconfigured_node_can_refuse_to_start()
    {
        var otherNode = new CallbackRequestRepository(_database.Factory, TestCiphers.Other);
        await otherNode.AddAsync(Request("other-key"), CancellationToken.None);
        var thisNode = new CallbackRequestRepository(_database.Factory, TestCiphers.Default);

        Assert.Equal(1, await thisNode.CountEncryptedWithOtherKeysAsync(TestCiphers.Default.KeyId, CancellationToken.None));
        Assert.Equal(0, await otherNode.CountEncryptedWithOtherKeysAsync(TestCiphers.Other.KeyId, CancellationToken.None));
        await Assert.ThrowsAsync<StorageException>(() => thisNode.ListByStatusAsync("pending", 10, CancellationToken.None));
    }

    private async Task<string> RawNumberAsync(Guid id)
    {
        await using var connection = await _database.Factory.OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<string>(
            "SELECT phone_number FROM callback_requests WHERE id = @Id", new { Id = SqlDialect.For(provider).ToDbId(id) }) ?? "";
    }

    private static CallbackRequest Request(string callId) => new()
    {
        CallId = callId,
        Network = "CAF",
        Line = "3230",
        QueueId = "caf.prestations",
        PhoneNumber = "+33612345678",
        RequestedAt = CallRecordSamples.Morning,
    };
}

public sealed class SqliteCallbackEncryptionTests() : CallbackEncryptionTests(StorageProvider.Sqlite);

public sealed class PostgresCallbackEncryptionTests() : CallbackEncryptionTests(StorageProvider.Postgres), IRunsOnPostgres;
