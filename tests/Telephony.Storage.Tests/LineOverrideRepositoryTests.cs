using Telephony.Storage.Tests.Infrastructure;

namespace Telephony.Storage.Tests;

public sealed class LineOverrideRepositoryTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 8, 15, 0, TimeSpan.Zero);

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task An_override_is_kept_replaced_and_removed(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var repository = new LineOverrideRepository(database.Factory);

        await repository.SetAsync(new StoredLineOverride { ScriptName = "caf", Kind = "closed", Message = "grève", Until = Now.AddHours(8), SetAt = Now }, CancellationToken.None);
        await repository.SetAsync(new StoredLineOverride { ScriptName = "cnav", Kind = "open", SetAt = Now }, CancellationToken.None);
        await repository.SetAsync(new StoredLineOverride { ScriptName = "caf", Kind = "closed", Message = "panne", SetAt = Now.AddMinutes(5) }, CancellationToken.None);

        var stored = await repository.ListAsync(CancellationToken.None);
        Assert.Equal(["caf", "cnav"], stored.Select(o => o.ScriptName));
        Assert.Equal("panne", stored[0].Message);
        Assert.Null(stored[0].Until);
        Assert.Equal(Now.AddMinutes(5), stored[0].SetAt);

        Assert.True(await repository.RemoveAsync("caf", CancellationToken.None));
        Assert.False(await repository.RemoveAsync("caf", CancellationToken.None));
        Assert.Equal(["cnav"], (await repository.ListAsync(CancellationToken.None)).Select(o => o.ScriptName));
    }

    [Fact]
    public async Task An_unknown_kind_is_refused()
    {
        await using var database = await TestDatabase.CreateAsync(StorageProvider.Sqlite);
        await database.MigrateAsync();
        var repository = new LineOverrideRepository(database.Factory);

        await Assert.ThrowsAsync<ArgumentException>(() =>
            repository.SetAsync(new StoredLineOverride { ScriptName = "caf", Kind = "half-open", SetAt = Now }, CancellationToken.None));
    }
}
