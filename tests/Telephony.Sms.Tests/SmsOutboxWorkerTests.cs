using Telephony.Sms.Tests.Support;
using Telephony.Storage;

namespace Telephony.Sms.Tests;

public sealed class SmsOutboxWorkerTests
{
    // Monday 23 November 2026, 10:00 in Paris.
    private static readonly DateTimeOffset Monday10 = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static CallbackFailedSms FailedCallback(string id = "cb-1") => new()
    {
        CallbackId = id,
        Network = "CNAV",
        PhoneNumber = "06 12 34 56 78",
        CallAgainNumber = "3960",
    };

    [Fact]
    public async Task A_stored_sms_is_sent_once_then_kept_with_the_number_masked()
    {
        await using var outbox = await OutboxUnderTest.CreateAsync(Monday10);

        Assert.Equal(SmsOutcome.Queued, await outbox.Notifications.CallbackFailedAsync(FailedCallback()));
        Assert.Empty(outbox.Gateway.Requests); // stored, not sent by the caller
        Assert.Equal(1, await outbox.PollAsync());
        Assert.Equal(0, await outbox.PollAsync());

        var request = Assert.Single(outbox.Gateway.Requests);
        Assert.Equal("+33612345678", request.To);
        Assert.Equal("CNAV : nous avons essayé de vous rappeler sans parvenir à vous joindre. Appelez-nous au 3960.", request.Text);
        var row = await outbox.Repository.FindAsync("callback_failed", "cb-1", CancellationToken.None);
        Assert.Equal((SmsStates.Sent, 1, "+336******78"), (row!.State, row.Attempts, row.PhoneNumber));
        Assert.Equal(1, await outbox.CountAsync("CNAV", "callback_failed", "sent"));
    }

    [Fact]
    public async Task A_failed_send_waits_its_backoff_then_succeeds_and_each_failure_counts_as_retried()
    {
        await using var outbox = await OutboxUnderTest.CreateAsync(Monday10);
        outbox.Gateway.FailNext(2);
        await outbox.Notifications.CallbackFailedAsync(FailedCallback());

        await outbox.PollAsync(); // attempt 1 fails: next in 30 s
        outbox.Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(0, await outbox.PollAsync());
        outbox.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await outbox.PollAsync()); // attempt 2 fails: next in 60 s
        outbox.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, await outbox.PollAsync());
        outbox.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await outbox.PollAsync()); // attempt 3 is accepted

        Assert.Equal(3, outbox.Gateway.Requests.Count);
        var row = await outbox.Repository.FindAsync("callback_failed", "cb-1", CancellationToken.None);
        Assert.Equal((SmsStates.Sent, 3), (row!.State, row.Attempts));
        Assert.Equal(2, await outbox.CountAsync("CNAV", "callback_failed", "retried"));
        Assert.Equal(1, await outbox.CountAsync("CNAV", "callback_failed", "sent"));
        Assert.Equal(0, await outbox.CountAsync("CNAV", "callback_failed", "failed"));
    }

    [Fact]
    public async Task After_max_attempts_the_sms_is_failed_with_the_gateways_last_answer()
    {
        await using var outbox = await OutboxUnderTest.CreateAsync(Monday10);
        outbox.Gateway.FailNext(10, "HTTP 403: Authorization failed for sendsms");
        await outbox.Notifications.CallbackFailedAsync(FailedCallback());

        for (var attempt = 0; attempt < 6; attempt++)
        {
            await outbox.PollAsync();
            outbox.Clock.Advance(TimeSpan.FromSeconds(300));
        }

        Assert.Equal(4, outbox.Gateway.Requests.Count); // MaxAttempts
        var row = await outbox.Repository.FindAsync("callback_failed", "cb-1", CancellationToken.None);
        Assert.Equal((SmsStates.Failed, 4, "HTTP 403: Authorization failed for sendsms"), (row!.State, row.Attempts, row.LastError));
        Assert.Equal("+336******78", row.PhoneNumber);
        Assert.Equal(3, await outbox.CountAsync("CNAV", "callback_failed", "retried"));
        Assert.Equal(1, await outbox.CountAsync("CNAV", "callback_failed", "failed"));
    }

    [Fact]
    public async Task A_second_call_for_the_same_callback_sends_nothing_more()
    {
        await using var outbox = await OutboxUnderTest.CreateAsync(Monday10);

        Assert.Equal(SmsOutcome.Queued, await outbox.Notifications.CallbackFailedAsync(FailedCallback()));
        Assert.Equal(SmsOutcome.AlreadyQueued, await outbox.Notifications.CallbackFailedAsync(FailedCallback()));
        await outbox.PollAsync();
        Assert.Equal(SmsOutcome.AlreadyQueued, await outbox.Notifications.CallbackFailedAsync(FailedCallback()));
        await outbox.PollAsync();

        Assert.Single(outbox.Gateway.Requests);
    }

    [Fact]
    public async Task A_landline_gets_no_sms_and_nothing_is_stored()
    {
        await using var outbox = await OutboxUnderTest.CreateAsync(Monday10);

        var outcome = await outbox.Notifications.CallbackFailedAsync(FailedCallback() with { PhoneNumber = "01 42 34 56 78" });

        Assert.Equal(SmsOutcome.NotAMobile, outcome);
        Assert.Null(await outbox.Repository.FindAsync("callback_failed", "cb-1", CancellationToken.None));
    }

    [Fact]
    public async Task Without_a_gateway_url_nothing_is_stored()
    {
        await using var outbox = await OutboxUnderTest.CreateAsync(Monday10, new SmsSettings());

        Assert.Equal(SmsOutcome.Disabled, await outbox.Notifications.CallbackFailedAsync(FailedCallback()));
        Assert.Null(await outbox.Repository.FindAsync("callback_failed", "cb-1", CancellationToken.None));
    }

    [Fact]
    public async Task A_database_that_cannot_store_it_returns_not_stored_and_counts_failed_without_throwing()
    {
        await using var outbox = await OutboxUnderTest.CreateAsync(Monday10, migrate: false);

        Assert.Equal(SmsOutcome.NotStored, await outbox.Notifications.CallbackFailedAsync(FailedCallback()));
        Assert.Equal(1, await outbox.CountAsync("CNAV", "callback_failed", "failed"));
    }

    [Fact]
    public async Task A_text_over_max_segments_is_refused_and_counted_failed()
    {
        var settings = OutboxUnderTest.DefaultSettings();
        settings.MaxSegments = 1;
        await using var outbox = await OutboxUnderTest.CreateAsync(Monday10, settings);

        var outcome = await outbox.Notifications.CallbackFailedAsync(FailedCallback() with { ServiceName = "Caisse nationale d'assurance vieillesse, direction régionale d'Île-de-France, service des retraites" });

        Assert.Equal(SmsOutcome.TooLong, outcome);
        Assert.Equal(1, await outbox.CountAsync("CNAV", "callback_failed", "failed"));
    }

    [Fact]
    public async Task A_row_claimed_by_a_node_that_died_is_sent_by_another_once_the_lease_ends()
    {
        await using var outbox = await OutboxUnderTest.CreateAsync(Monday10);
        await outbox.Notifications.CallbackFailedAsync(FailedCallback());
        var lease = outbox.Settings.Timeout * SmsOutboxWorker.BatchSize + TimeSpan.FromSeconds(30);
        var taken = await outbox.Repository.ClaimDueAsync("dead-node", Monday10, Monday10 + lease, 10, CancellationToken.None);
        Assert.Single(taken);

        outbox.Clock.Advance(lease - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await outbox.PollAsync());
        outbox.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await outbox.PollAsync());

        Assert.Single(outbox.Gateway.Requests);
        var row = await outbox.Repository.FindAsync("callback_failed", "cb-1", CancellationToken.None);
        Assert.Equal((SmsStates.Sent, 2), (row!.State, row.Attempts));
        // The dead node, had it come back, could no longer record a result over the new claim.
        Assert.False(await outbox.Repository.MarkSentAsync(taken[0], "dead-node", Monday10, CancellationToken.None));
    }
}
