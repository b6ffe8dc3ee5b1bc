using System.Data.Common;
using Dapper;
using Telephony.Storage.Tests.Infrastructure;

namespace Telephony.Storage.Tests;

/// <summary>A call's row opened at the answer and completed at the end; rows a dead node left open closed as node_lost.</summary>
public abstract class CallRecordWriteAheadTests(StorageProvider provider) : IAsyncLifetime
{
    private static readonly NodeIdentity NodeA = new("pbx-a-5060", "127.0.0.1:11111@100");
    private static readonly NodeIdentity NodeARestarted = new("pbx-a-5060", "127.0.0.1:11111@200");
    private static readonly NodeIdentity NodeB = new("pbx-b-5060", "127.0.0.2:11111@100");

    private TestDatabase _database = null!;
    private CallRecordRepository _records = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        await _database.MigrateAsync();
        _records = new CallRecordRepository(_database.Factory);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [ProviderFact]
    public async Task An_answered_call_has_an_open_row_that_readers_of_records_do_not_see()
    {
        var open = Opened("in-progress", NodeA);

        await _records.ApplyAsync([CallRecordWrite.Opening(open)], CancellationToken.None);

        Assert.Null(await _records.FindByCallIdAsync("in-progress", CancellationToken.None));
        Assert.Empty(await _records.ListRecentAsync(10, CancellationToken.None));
        Assert.Equal([open], await _records.ListOpenAsync(10, CancellationToken.None));
    }

    [ProviderFact]
    public async Task Completing_the_call_fills_the_same_row()
    {
        var open = Opened("completed", NodeA);
        var record = CompletionOf(open);

        await _records.ApplyAsync([CallRecordWrite.Opening(open)], CancellationToken.None);
        await _records.ApplyAsync([CallRecordWrite.Completion(record)], CancellationToken.None);

        Assert.Equal(record, await _records.FindByCallIdAsync("completed", CancellationToken.None));
        Assert.Empty(await _records.ListOpenAsync(10, CancellationToken.None));
        Assert.Equal(1, await CountRowsAsync());
    }

    [ProviderFact]
    public async Task Writes_applied_again_in_any_order_change_nothing()
    {
        var open = Opened("replayed", NodeA);
        var record = CompletionOf(open);
        await _records.ApplyAsync([CallRecordWrite.Opening(open), CallRecordWrite.Completion(record)], CancellationToken.None);

        // A buffer replayed twice, and an opening arriving after its completion.
        await _records.ApplyAsync([CallRecordWrite.Opening(open), CallRecordWrite.Completion(record with { Outcome = "abandoned_ivr" })], CancellationToken.None);
        await _records.ApplyAsync([CallRecordWrite.Opening(open)], CancellationToken.None);

        Assert.Equal(record, await _records.FindByCallIdAsync("replayed", CancellationToken.None));
        Assert.Equal(1, await CountRowsAsync());
    }

    [ProviderFact]
    public async Task A_completion_with_no_open_row_stores_the_whole_record()
    {
        // A call refused before it was answered (saturated) is never opened.
        var record = CallRecordSamples.Answered("refused") with { Outcome = "saturated", NodeId = NodeA.Id };

        await _records.ApplyAsync([CallRecordWrite.Completion(record)], CancellationToken.None);

        Assert.Equal(record, await _records.FindByCallIdAsync("refused", CancellationToken.None));
    }

    [ProviderFact]
    public async Task A_node_starting_again_closes_the_rows_its_previous_run_left_open_and_only_those()
    {
        var lost1 = Opened("lost-1", NodeA);
        var lost2 = Opened("lost-2", NodeA);
        var current = Opened("current-run", NodeARestarted);
        var otherNode = Opened("other-node", NodeB);
        var ended = Opened("ended", NodeA);
        await _records.ApplyAsync(
            [.. new[] { lost1, lost2, current, otherNode, ended }.Select(CallRecordWrite.Opening), CallRecordWrite.Completion(CompletionOf(ended))],
            CancellationToken.None);
        var lastSeen = lost2.AnsweredAt!.Value.AddMinutes(3);

        var closed = await _records.CloseLostByNodeAsync(NodeA.Id, NodeARestarted.Instance, lastSeen, CancellationToken.None);
        var again = await _records.CloseLostByNodeAsync(NodeA.Id, NodeARestarted.Instance, lastSeen, CancellationToken.None);

        Assert.Equal(["lost-1", "lost-2"], closed.Select(c => c.CallId).Order());
        Assert.All(closed, c => Assert.Equal(("cnav", "retraite-3960"), (c.Network, c.Line)));
        Assert.Empty(again);
        var record = await _records.FindByCallIdAsync("lost-1", CancellationToken.None);
        Assert.Equal("dropped", record!.Outcome);
        Assert.Equal(CallRecordRepository.NodeLostReason, record.EndReason);
        Assert.Equal(lastSeen, record.EndedAt);
        Assert.Equal(lost1.CallerMasked, record.CallerMasked);
        Assert.Equal(NodeA.Id, record.NodeId);
        Assert.Equal(["current-run", "other-node"], (await _records.ListOpenAsync(10, CancellationToken.None)).Select(o => o.CallId).Order());
        Assert.Equal("answered_agent", (await _records.FindByCallIdAsync("ended", CancellationToken.None))!.Outcome);
    }

    [ProviderFact]
    public async Task A_lost_call_never_ends_before_it_was_answered()
    {
        var open = Opened("answered-after-last-sign", NodeA);
        await _records.ApplyAsync([CallRecordWrite.Opening(open)], CancellationToken.None);

        await _records.CloseLostByNodeAsync(NodeA.Id, NodeARestarted.Instance, open.AnsweredAt!.Value.AddSeconds(-4), CancellationToken.None);

        Assert.Equal(open.AnsweredAt, (await _records.FindByCallIdAsync(open.CallId, CancellationToken.None))!.EndedAt);
    }

    [ProviderFact]
    public async Task The_cluster_closes_the_rows_of_one_dead_silo_and_no_other()
    {
        await _records.ApplyAsync([.. new[] { Opened("dead-silo", NodeA), Opened("live-silo", NodeB) }.Select(CallRecordWrite.Opening)], CancellationToken.None);

        var closed = await _records.CloseLostByInstanceAsync(NodeA.Instance, CallRecordSamples.Morning.AddHours(1), CancellationToken.None);

        Assert.Equal(["dead-silo"], closed.Select(c => c.CallId));
        Assert.Equal(["live-silo"], (await _records.ListOpenAsync(10, CancellationToken.None)).Select(o => o.CallId));
    }

    [ProviderFact]
    public async Task Two_nodes_closing_the_same_dead_silo_at_once_close_each_row_once()
    {
        var opens = Enumerable.Range(0, 40).Select(i => Opened($"race-{i}", NodeA)).ToList();
        await _records.ApplyAsync([.. opens.Select(CallRecordWrite.Opening)], CancellationToken.None);
        var otherNode = new CallRecordRepository(StorageFactory.CreateConnectionFactory(_database.Options));

        var closing = await Task.WhenAll(
            Task.Run(() => _records.CloseLostByInstanceAsync(NodeA.Instance, CallRecordSamples.Morning.AddHours(1), CancellationToken.None)),
            Task.Run(() => otherNode.CloseLostByInstanceAsync(NodeA.Instance, CallRecordSamples.Morning.AddHours(1), CancellationToken.None)));

        var all = closing.SelectMany(c => c).Select(c => c.CallId).ToList();
        Assert.Equal(40, all.Count);
        Assert.Equal(40, all.Distinct().Count());
    }

    [ProviderFact]
    public async Task The_true_outcome_replayed_after_a_node_lost_closing_replaces_it()
    {
        // The node was declared dead, but the call's completion was waiting in its buffer and reaches the database later.
        var open = Opened("late-completion", NodeA);
        await _records.ApplyAsync([CallRecordWrite.Opening(open)], CancellationToken.None);
        await _records.CloseLostByInstanceAsync(NodeA.Instance, CallRecordSamples.Morning.AddHours(1), CancellationToken.None);
        var record = CompletionOf(open);

        await _records.ApplyAsync([CallRecordWrite.Completion(record)], CancellationToken.None);

        Assert.Equal(record, await _records.FindByCallIdAsync("late-completion", CancellationToken.None));
    }

    [ProviderFact]
    public async Task A_withdrawal_removes_the_open_row_of_a_call_never_confirmed_and_replays_harmlessly()
    {
        // The row was made durable before a 200 OK that the caller never acknowledged.
        var unconfirmed = Opened("never-acked", NodeA);
        var withdrawal = CallRecordWrite.Withdrawal(new WithdrawnCallRecord(unconfirmed.Id, unconfirmed.CallId));

        await _records.ApplyAsync([CallRecordWrite.Opening(unconfirmed), withdrawal], CancellationToken.None);
        await _records.ApplyAsync([CallRecordWrite.Opening(unconfirmed), withdrawal], CancellationToken.None);

        Assert.Empty(await _records.ListOpenAsync(10, CancellationToken.None));
        Assert.Equal(0, await CountRowsAsync());
    }

    [ProviderFact]
    public async Task A_withdrawal_never_removes_a_completed_row_or_one_the_cluster_closed_node_lost()
    {
        var completed = Opened("completed-then-withdrawn", NodeA);
        var record = CompletionOf(completed);
        var lost = Opened("lost-then-withdrawn", NodeB);
        await _records.ApplyAsync([CallRecordWrite.Opening(completed), CallRecordWrite.Completion(record), CallRecordWrite.Opening(lost)], CancellationToken.None);
        await _records.CloseLostByInstanceAsync(NodeB.Instance, CallRecordSamples.Morning.AddHours(1), CancellationToken.None);

        await _records.ApplyAsync(
            [
                CallRecordWrite.Withdrawal(new WithdrawnCallRecord(completed.Id, completed.CallId)),
                CallRecordWrite.Withdrawal(new WithdrawnCallRecord(lost.Id, lost.CallId)),
            ],
            CancellationToken.None);

        Assert.Equal(record, await _records.FindByCallIdAsync(completed.CallId, CancellationToken.None));
        Assert.Equal(CallRecordRepository.NodeLostReason, (await _records.FindByCallIdAsync(lost.CallId, CancellationToken.None))!.EndReason);
        Assert.Equal(2, await CountRowsAsync());
    }

    [ProviderFact]
    public async Task A_batch_is_one_transaction_the_database_takes_whole_or_not_at_all()
    {
        await RejectLineAsync("poison");
        var good = Opened("good", NodeA);
        var poison = Opened("poison", NodeA) with { Line = "poison" };

        await Assert.ThrowsAnyAsync<DbException>(() => _records.ApplyAsync([CallRecordWrite.Opening(good), CallRecordWrite.Opening(poison)], CancellationToken.None));

        Assert.Empty(await _records.ListOpenAsync(10, CancellationToken.None));
        await _records.ApplyAsync([CallRecordWrite.Opening(good)], CancellationToken.None);
        Assert.Single(await _records.ListOpenAsync(10, CancellationToken.None));
    }

    /// <summary>A database that refuses the rows of one line, as a constraint added by an operator would.</summary>
    private async Task RejectLineAsync(string line)
    {
        await using var connection = await _database.Factory.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync(provider == StorageProvider.Sqlite
            ? $"CREATE TRIGGER reject_line BEFORE INSERT ON call_records WHEN NEW.line = '{line}' BEGIN SELECT RAISE(ABORT, 'rejected line'); END;"
            : $"""
               CREATE FUNCTION reject_line() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'rejected line'; END $$;
               CREATE TRIGGER reject_line BEFORE INSERT ON call_records FOR EACH ROW WHEN (NEW.line = '{line}') EXECUTE FUNCTION reject_line();
               """);
    }

    private async Task<long> CountRowsAsync()
    {
        await using var connection = await _database.Factory.OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM call_records");
    }

    private static OpenCallRecord Opened(string callId, NodeIdentity node)
    {
        var sample = CallRecordSamples.Answered(callId);
        return new OpenCallRecord
        {
            Id = Guid.NewGuid(),
            CallId = callId,
            Network = sample.Network,
            Line = sample.Line,
            StartedAt = sample.StartedAt,
            AnsweredAt = sample.StartedAt.AddMilliseconds(350),
            CallerMasked = sample.CallerMasked,
            Node = node,
        };
    }

    private static CallRecord CompletionOf(OpenCallRecord open) =>
        CallRecordSamples.Answered(open.CallId) with { Id = open.Id, StartedAt = open.StartedAt, AnsweredAt = open.AnsweredAt, NodeId = open.Node.Id };
}

public sealed class SqliteCallRecordWriteAheadTests() : CallRecordWriteAheadTests(StorageProvider.Sqlite);

public sealed class PostgresCallRecordWriteAheadTests() : CallRecordWriteAheadTests(StorageProvider.Postgres), IRunsOnPostgres;
