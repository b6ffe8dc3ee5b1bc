using Telephony.Storage.Tests.Infrastructure;

namespace Telephony.Storage.Tests;

public sealed class CallbackRequestRepositoryTests
{
    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task A_callback_request_is_stored_and_listed_oldest_first(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var repository = new CallbackRequestRepository(database.Factory, TestCiphers.Default);
        var at = new DateTimeOffset(2026, 12, 3, 18, 5, 0, TimeSpan.Zero);

        var later = await repository.AddAsync(Request("b", at.AddMinutes(1)), CancellationToken.None);
        var earlier = await repository.AddAsync(Request("a", at), CancellationToken.None);

        var pending = await repository.ListByStatusAsync("pending", 10, CancellationToken.None);
        Assert.Equal([earlier, later], pending.Select(r => r.Id));
        Assert.Equal("+33612345678", pending[0].PhoneNumber);
        Assert.Equal(at, pending[0].RequestedAt);
        Assert.Equal("caf.prestations", pending[0].QueueId);
        Assert.Empty(await repository.ListByStatusAsync("done", 10, CancellationToken.None));
    }

    private static CallbackRequest Request(string callId, DateTimeOffset at) => new()
    {
        CallId = callId,
        Network = "CAF",
        Line = "3230",
        QueueId = "caf.prestations",
        PhoneNumber = "+33612345678",
        RequestedAt = at,
    };
}
