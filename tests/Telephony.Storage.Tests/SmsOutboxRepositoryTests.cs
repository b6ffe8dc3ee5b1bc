using Telephony.Storage.Tests.Infrastructure;

namespace Telephony.Storage.Tests;

public sealed class SmsOutboxRepositoryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static OutboxSms Sms(string reference, DateTimeOffset due, string kind = "reminder") => new()
    {
        Id = Guid.NewGuid(),
        Kind = kind,
        Reference = reference,
        Network = "CNAV",
        PhoneNumber = "+33612345678",
        Body = "Rappel : votre rendez-vous téléphonique CNAV est le mardi 24 novembre à 14 h.",
        DueAt = due,
        ExpiresAt = due.AddDays(1),
        CreatedAt = Now,
    };

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task An_sms_is_stored_once_per_kind_and_reference(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var outbox = new SmsOutboxRepository(database.Factory);

        Assert.True(await outbox.EnqueueAsync(Sms("rdv-1", Now), CancellationToken.None));
        Assert.False(await outbox.EnqueueAsync(Sms("rdv-1", Now), CancellationToken.None));
        Assert.True(await outbox.EnqueueAsync(Sms("rdv-1", Now, kind: "confirmation"), CancellationToken.None));

        var stored = await outbox.FindAsync("reminder", "rdv-1", CancellationToken.None);
        Assert.Equal((SmsStates.Pending, 0, "+33612345678", Now, Now.AddDays(1)), (stored!.State, stored.Attempts, stored.PhoneNumber, stored.DueAt, stored.ExpiresAt));
        Assert.Contains("téléphonique", stored.Body, StringComparison.Ordinal);
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task Only_due_rows_are_claimed_oldest_first_and_a_claimed_row_is_not_claimed_again(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var outbox = new SmsOutboxRepository(database.Factory);
        await outbox.EnqueueAsync(Sms("later", Now.AddMinutes(-1)), CancellationToken.None);
        await outbox.EnqueueAsync(Sms("earlier", Now.AddMinutes(-2)), CancellationToken.None);
        await outbox.EnqueueAsync(Sms("tomorrow", Now.AddDays(1)), CancellationToken.None);

        var first = await outbox.ClaimDueAsync("node-a", Now, Now.AddMinutes(2), 10, CancellationToken.None);
        var second = await outbox.ClaimDueAsync("node-b", Now, Now.AddMinutes(2), 10, CancellationToken.None);

        Assert.Equal(["earlier", "later"], first.Select(s => s.Reference));
        Assert.All(first, s => Assert.Equal((SmsStates.Sending, 1), (s.State, s.Attempts)));
        Assert.Empty(second);
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task Two_nodes_claiming_at_once_never_take_the_same_row(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var outbox = new SmsOutboxRepository(database.Factory);
        for (var i = 0; i < 60; i++)
        {
            await outbox.EnqueueAsync(Sms($"rdv-{i}", Now), CancellationToken.None);
        }

        async Task<List<string>> DrainAsync(string node)
        {
            var taken = new List<string>();
            while (true)
            {
                var batch = await outbox.ClaimDueAsync(node, Now, Now.AddMinutes(2), 3, CancellationToken.None);
                if (batch.Count == 0)
                {
                    return taken;
                }

                taken.AddRange(batch.Select(s => s.Reference));
            }
        }

        var results = await Task.WhenAll(Task.Run(() => DrainAsync("node-a")), Task.Run(() => DrainAsync("node-b")));

        var all = results.SelectMany(r => r).ToList();
        Assert.Equal(60, all.Count);
        Assert.Equal(60, all.Distinct().Count());
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task A_result_is_recorded_only_by_the_node_holding_the_claim_and_masks_the_number(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var outbox = new SmsOutboxRepository(database.Factory);
        await outbox.EnqueueAsync(Sms("rdv-1", Now), CancellationToken.None);
        var claimed = Assert.Single(await outbox.ClaimDueAsync("node-a", Now, Now.AddMinutes(2), 10, CancellationToken.None));

        Assert.False(await outbox.MarkSentAsync(claimed, "node-b", Now, CancellationToken.None));
        Assert.True(await outbox.MarkSentAsync(claimed, "node-a", Now.AddSeconds(1), CancellationToken.None));
        Assert.False(await outbox.MarkSentAsync(claimed, "node-a", Now.AddSeconds(2), CancellationToken.None));

        var sent = await outbox.FindAsync("reminder", "rdv-1", CancellationToken.None);
        Assert.Equal((SmsStates.Sent, "+336******78", Now.AddSeconds(1)), (sent!.State, sent.PhoneNumber, sent.SentAt));
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task A_rescheduled_row_comes_back_at_its_new_time_and_a_lapsed_lease_is_claimable(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var outbox = new SmsOutboxRepository(database.Factory);
        await outbox.EnqueueAsync(Sms("retry", Now), CancellationToken.None);
        await outbox.EnqueueAsync(Sms("lapsed", Now), CancellationToken.None);
        var claimed = await outbox.ClaimDueAsync("node-a", Now, Now.AddMinutes(2), 10, CancellationToken.None);

        Assert.True(await outbox.RescheduleAsync(claimed.Single(s => s.Reference == "retry"), "node-a", Now.AddMinutes(5), "HTTP 503: Sending failed", CancellationToken.None));

        Assert.Empty(await outbox.ClaimDueAsync("node-b", Now.AddMinutes(1), Now.AddMinutes(3), 10, CancellationToken.None));
        Assert.Equal(["lapsed"], (await outbox.ClaimDueAsync("node-b", Now.AddMinutes(2), Now.AddMinutes(10), 10, CancellationToken.None)).Select(s => s.Reference));
        var retried = Assert.Single(await outbox.ClaimDueAsync("node-b", Now.AddMinutes(5), Now.AddMinutes(7), 10, CancellationToken.None));
        Assert.Equal(("retry", 2, "HTTP 503: Sending failed"), (retried.Reference, retried.Attempts, retried.LastError));
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task Only_a_pending_sms_can_be_cancelled(StorageProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await database.MigrateAsync();
        var outbox = new SmsOutboxRepository(database.Factory);
        await outbox.EnqueueAsync(Sms("pending", Now.AddDays(1)), CancellationToken.None);
        await outbox.EnqueueAsync(Sms("sending", Now), CancellationToken.None);
        await outbox.ClaimDueAsync("node-a", Now, Now.AddMinutes(2), 10, CancellationToken.None);

        Assert.True(await outbox.CancelAsync("reminder", "pending", CancellationToken.None));
        Assert.False(await outbox.CancelAsync("reminder", "sending", CancellationToken.None));
        Assert.False(await outbox.CancelAsync("reminder", "unknown", CancellationToken.None));

        var cancelled = await outbox.FindAsync("reminder", "pending", CancellationToken.None);
        Assert.Equal((SmsStates.Cancelled, "+336******78"), (cancelled!.State, cancelled.PhoneNumber));
        var later = await outbox.ClaimDueAsync("node-a", Now.AddDays(2), Now.AddDays(3), 10, CancellationToken.None);
        Assert.DoesNotContain(later, s => s.Reference == "pending");
    }
}
