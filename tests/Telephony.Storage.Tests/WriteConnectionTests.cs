using Microsoft.Data.Sqlite;
using Telephony.Storage.Connections;
using Telephony.Storage.Tests.Infrastructure;

namespace Telephony.Storage.Tests;

public sealed class WriteConnectionTests
{
    [Fact]
    public async Task Writers_of_the_same_SQLite_file_take_turns_even_through_factories_spelling_it_differently()
    {
        await using var database = await TestDatabase.CreateAsync(StorageProvider.Sqlite);
        var file = new SqliteConnectionStringBuilder(database.Options.ConnectionString).DataSource;
        var other = StorageFactory.CreateConnectionFactory(new StorageOptions
        {
            Provider = StorageProvider.Sqlite,
            ConnectionString = $"Data Source={Path.Combine(Path.GetDirectoryName(file)!, ".", Path.GetFileName(file))};Pooling=False",
        });

        var first = await database.Factory.OpenForWriteAsync(CancellationToken.None);
        var second = other.OpenForWriteAsync(CancellationToken.None);
        await Task.Delay(200);
        Assert.False(second.IsCompleted);

        await first.DisposeAsync();
        await using var granted = await second.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(System.Data.ConnectionState.Open, granted.Connection.State);
    }

    [Fact]
    public async Task A_writer_waiting_for_its_turn_can_give_up()
    {
        await using var database = await TestDatabase.CreateAsync(StorageProvider.Sqlite);
        await using var holder = await database.Factory.OpenForWriteAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => database.Factory.OpenForWriteAsync(cancel.Token));
    }

    [Fact]
    public async Task Many_concurrent_call_records_on_SQLite_are_all_written()
    {
        await using var database = await TestDatabase.CreateAsync(StorageProvider.Sqlite);
        await database.MigrateAsync();
        var repository = new CallRecordRepository(database.Factory);

        await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() =>
            repository.AddAsync(CallRecordSamples.Answered($"concurrent-{i}"), CancellationToken.None))));

        Assert.Equal(64, (await repository.ListRecentAsync(100, CancellationToken.None)).Count);
    }
}
