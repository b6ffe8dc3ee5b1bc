using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;
using Telephony.Calls.Recording;
using Telephony.Storage;

namespace Telephony.Calls.Tests.Recording;

/// <summary>
/// The writer between calls and the database: order kept, an outage ridden out on the node's disk and replayed in
/// order, the bound held and counted, nothing within it lost across a restart.
/// </summary>
public sealed class CallRecordWriterTests : IAsyncDisposable
{
    private static readonly CallRecordWriterOptions Fast = new()
    {
        BatchSize = 7, DatabaseTimeout = TimeSpan.FromMilliseconds(300), FirstRetryDelay = TimeSpan.FromMilliseconds(50), MaxRetryDelay = TimeSpan.FromMilliseconds(100),
    };

    private readonly string _directory = Directory.CreateTempSubdirectory("telephony-writer-tests-").FullName;
    private readonly FakeRecordDatabase _database = new();
    private readonly List<CallRecordBuffer> _buffers = [];
    private CollectorRegistry _registry = Prometheus.Metrics.NewCustomRegistry();

    private string BufferPath => Path.Combine(_directory, "call-records.buffer.jsonl");

    public ValueTask DisposeAsync()
    {
        _buffers.ForEach(b => b.Dispose());
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Writes_reach_the_database_in_the_order_the_calls_made_them()
    {
        await using var writer = Start(100);
        var writes = Calls(0, 50);

        writes.ForEach(w => Assert.True(writer.Enqueue(w)));

        await Until.TrueAsync(() => _database.Applied.Count == 100);
        Assert.Equal(writes, _database.Applied);
        Assert.Equal(0, writer.Buffered);
    }

    [Fact]
    public async Task During_an_outage_writes_wait_on_disk_and_are_replayed_in_order_when_the_database_answers()
    {
        await using var writer = Start(1000);
        var before = Calls(0, 3);
        before.ForEach(w => writer.Enqueue(w));
        await Until.TrueAsync(() => _database.Applied.Count == 6);

        _database.Down = true;
        var during = Calls(3, 10);
        during.ForEach(w => Assert.True(writer.Enqueue(w)));
        await Until.TrueAsync(() => writer.Buffered == 20);
        Assert.Equal(20, await GaugeAsync("telephony_storage_buffered_writes"));

        _database.Down = false;
        var after = Calls(13, 2);
        after.ForEach(w => writer.Enqueue(w));

        await Until.TrueAsync(() => _database.Applied.Count == 30);
        Assert.Equal([.. before, .. during, .. after], _database.Applied);
        Assert.Equal(0, writer.Buffered);
        Assert.Equal(0, await GaugeAsync("telephony_storage_buffered_writes"));
        Assert.Equal(0, new FileInfo(BufferPath).Length);
    }

    [Fact]
    public async Task Past_the_bound_writes_are_lost_counted_and_the_ones_within_it_all_stored()
    {
        await using var writer = Start(maxRecords: 6);
        _database.Down = true;
        var writes = Calls(0, 5);

        writes.ForEach(w => writer.Enqueue(w));
        await Until.TrueAsync(async () => writer.Buffered == 6 && await GaugeAsync("telephony_storage_buffer_full_total") == 4);
        Assert.Equal(6, await GaugeAsync("telephony_storage_buffer_capacity"));

        _database.Down = false;
        await Until.TrueAsync(() => _database.Applied.Count == 6);
        await Task.Delay(200);
        Assert.Equal(writes[..6], _database.Applied);
    }

    [Fact]
    public async Task A_node_restarted_during_the_outage_replays_the_previous_runs_writes_before_its_own()
    {
        var writer = Start(1000);
        _database.Down = true;
        var previousRun = Calls(0, 4);
        previousRun.ForEach(w => writer.Enqueue(w));
        await writer.StopAsync(TimeSpan.FromSeconds(5));
        Assert.Empty(_database.Applied);
        _buffers.ForEach(b => b.Dispose());
        _buffers.Clear();

        _database.Down = false;
        _registry = Prometheus.Metrics.NewCustomRegistry();
        await using var restarted = Create(1000);
        Assert.Equal(8, restarted.Buffered);
        Assert.False(restarted.Drained.IsCompleted);
        restarted.Start();
        var thisRun = Calls(4, 2);
        thisRun.ForEach(w => restarted.Enqueue(w));

        await restarted.Drained.WaitAsync(TimeSpan.FromSeconds(10));
        await Until.TrueAsync(() => _database.Applied.Count == 12);
        Assert.Equal([.. previousRun, .. thisRun], _database.Applied);
    }

    [Fact]
    public async Task Stopping_while_the_database_hangs_puts_the_last_writes_on_disk()
    {
        var writer = Start(1000);
        _database.Hanging = true;
        var writes = Calls(0, 3);
        writes.ForEach(w => writer.Enqueue(w));

        var clock = Stopwatch.StartNew();
        await writer.StopAsync(TimeSpan.FromMilliseconds(100));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"stopping took {clock.Elapsed}");
        _buffers.ForEach(b => b.Dispose());
        Assert.Equal(6, File.ReadAllLines(BufferPath).Length);
        Assert.Empty(_database.Applied);
    }

    [Fact]
    public async Task A_write_the_database_refuses_is_dropped_and_counted_and_the_others_are_stored()
    {
        await using var writer = Start(1000);
        _database.RefusedCallId = "call-2";
        var writes = Calls(0, 5);

        writes.ForEach(w => writer.Enqueue(w));

        await Until.TrueAsync(async () => _database.Applied.Count == 8 && await GaugeAsync("telephony_storage_writes_rejected_total") == 2);
        Assert.Equal(["call-0", "call-0", "call-1", "call-1", "call-3", "call-3", "call-4", "call-4"], _database.AppliedCallIds);
        Assert.Equal(0, writer.Buffered);
    }

    [Fact]
    public async Task A_durable_write_is_reported_once_committed_and_shares_the_commit_with_the_writes_queued_meanwhile()
    {
        await using var writer = Start(1000);
        _database.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writes = Calls(0, 3);

        var first = writer.EnqueueDurable(writes[0]);
        await _database.Applying.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var second = writer.EnqueueDurable(writes[2]);
        var third = writer.EnqueueDurable(writes[4]);
        Assert.False(first.IsCompleted, "reported durable before the database committed it");

        _database.Gate.SetResult();

        Assert.True(await first.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(await second.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(await third.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal([writes[0], writes[2], writes[4]], _database.Applied);
    }

    [Fact]
    public async Task During_an_outage_a_durable_write_is_reported_once_synced_to_the_buffer_and_lost_past_its_bound()
    {
        await using var writer = Start(maxRecords: 1);
        _database.Down = true;
        var writes = Calls(0, 1);

        Assert.True(await writer.EnqueueDurable(writes[0]).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, writer.Buffered);
        Assert.False(await writer.EnqueueDurable(writes[1]).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, await GaugeAsync("telephony_storage_buffer_full_total"));
    }

    [Fact]
    public async Task A_write_the_database_refuses_is_reported_lost_to_its_waiter()
    {
        await using var writer = Start(1000);
        _database.RefusedCallId = "call-1";
        var writes = Calls(0, 2);

        var kept = writer.EnqueueDurable(writes[0]);
        var refused = writer.EnqueueDurable(writes[2]);

        Assert.True(await kept.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(await refused.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_bounded_wait_on_a_hanging_database_ends_late_at_its_bound_and_the_write_still_reaches_the_buffer()
    {
        await using var writer = Start(1000, Fast with { OpenRecordTimeout = TimeSpan.FromMilliseconds(50) });
        _database.Hanging = true;
        var write = Calls(0, 1)[0];

        var clock = Stopwatch.StartNew();
        Assert.Equal(DurableWait.Late, await writer.EnqueueWithinTimeoutAsync(write));

        Assert.True(clock.Elapsed < Fast.DatabaseTimeout, $"the wait took {clock.Elapsed}, past the database timeout");
        Assert.Equal(1, await GaugeAsync("telephony_storage_open_record_late_total"));
        await Until.TrueAsync(() => writer.Buffered == 1);
    }

    [Fact]
    public async Task With_a_zero_bound_a_write_is_queued_without_waiting()
    {
        await using var writer = Start(1000, Fast with { OpenRecordTimeout = TimeSpan.Zero });
        var write = Calls(0, 1)[0];

        Assert.Equal(DurableWait.NotAwaited, await writer.EnqueueWithinTimeoutAsync(write));

        await Until.TrueAsync(() => _database.Applied.Count == 1);
    }

    private CallRecordWriter Start(int maxRecords, CallRecordWriterOptions? options = null)
    {
        var writer = Create(maxRecords, options);
        writer.Start();
        return writer;
    }

    private CallRecordWriter Create(int maxRecords, CallRecordWriterOptions? options = null)
    {
        var buffer = new CallRecordBuffer(BufferPath, maxRecords, NullLogger.Instance);
        _buffers.Add(buffer);
        return new CallRecordWriter(_database, buffer, new StorageMetrics(Prometheus.Metrics.WithCustomRegistry(_registry)), TimeProvider.System,
            NullLogger<CallRecordWriter>.Instance, options ?? Fast);
    }

    private async Task<double> GaugeAsync(string name)
    {
        using var stream = new MemoryStream();
        await _registry.CollectAndExportAsTextAsync(stream);
        var line = Encoding.UTF8.GetString(stream.ToArray()).Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal));
        return double.Parse(line[(name.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Each call's opening then its completion, as a call makes them.</summary>
    private static List<CallRecordWrite> Calls(int first, int count) => [.. Enumerable.Range(first, count).SelectMany(i =>
    {
        var id = Guid.NewGuid();
        var at = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero).AddMinutes(i);
        return new[]
        {
            CallRecordWrite.Opening(new OpenCallRecord
            {
                Id = id, CallId = $"call-{i}", Network = "CNAV", Line = "3960", StartedAt = at, AnsweredAt = at,
                Node = new NodeIdentity("pbx-5060", "127.0.0.1:11111@1"),
            }),
            CallRecordWrite.Completion(new CallRecord
            {
                Id = id, CallId = $"call-{i}", Network = "CNAV", Line = "3960", StartedAt = at, AnsweredAt = at, EndedAt = at.AddMinutes(1),
                Outcome = "handled_ivr", NodeId = "pbx-5060",
            }),
        };
    })];
}
