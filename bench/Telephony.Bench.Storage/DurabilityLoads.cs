using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Telephony.Calls.Recording;
using Telephony.Storage;

namespace Telephony.Bench.Storage;

/// <summary>
/// What write-ahead records and the buffer cost: a call's two writes (opening, completion) straight to the database,
/// the same through the writer the call path uses (batched, off the call), the buffer's fsync'd appends, and a replay.
/// </summary>
internal static class DurabilityLoads
{
    private static readonly NodeIdentity Node = new("bench-5060", "127.0.0.1:11111@1");

    /// <summary>Each call opens its row then completes it, each write its own transaction: the unbatched cost.</summary>
    public static async Task<StepResult> WriteAheadCallsAsync(StorageOptions storage, int workers, TimeSpan duration)
    {
        var repository = new CallRecordRepository(StorageFactory.CreateConnectionFactory(storage));
        var run = Guid.NewGuid().ToString("N")[..8];
        return await Throughput.RunAsync(workers, duration, async (worker, i) =>
        {
            var (open, complete) = Call(run, worker, i);
            await repository.ApplyAsync([open], CancellationToken.None);
            await repository.ApplyAsync([complete], CancellationToken.None);
        });
    }

    /// <summary>
    /// Calls' two writes queued to a <see cref="CallRecordWriter"/> by N callers as fast as they come: the latency is
    /// what the call path pays (an enqueue), the rate is calls stored per second until the last one is in the database.
    /// </summary>
    public static async Task<StepResult> WriterCallsAsync(StorageOptions storage, int workers, int calls)
    {
        var counting = new CountingRepository(new CallRecordRepository(StorageFactory.CreateConnectionFactory(storage)));
        var directory = Directory.CreateTempSubdirectory("telephony-bench-writer-").FullName;
        try
        {
            using var buffer = new CallRecordBuffer(Path.Combine(directory, "buffer.jsonl"), 1_000_000, NullLogger.Instance);
            await using var writer = new CallRecordWriter(counting, buffer, new StorageMetrics(Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry())),
                TimeProvider.System, NullLogger<CallRecordWriter>.Instance);
            writer.Start();
            var run = Guid.NewGuid().ToString("N")[..8];
            var perWorker = calls / workers;
            var latencies = new long[workers * perWorker * 2];
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(() =>
            {
                for (var i = 0; i < perWorker; i++)
                {
                    var (open, complete) = Call(run, worker, i);
                    var slot = ((worker * perWorker) + i) * 2;
                    var started = Stopwatch.GetTimestamp();
                    writer.Enqueue(open);
                    latencies[slot] = Stopwatch.GetTimestamp() - started;
                    started = Stopwatch.GetTimestamp();
                    writer.Enqueue(complete);
                    latencies[slot + 1] = Stopwatch.GetTimestamp() - started;
                }
            })));
            while (Volatile.Read(ref counting.Applied) < latencies.Length)
            {
                await Task.Delay(1);
            }

            var elapsed = clock.Elapsed;
            Array.Sort(latencies);
            return new StepResult(workers, latencies.Length / 2, elapsed, Throughput.Percentile(latencies, 0.5), Throughput.Percentile(latencies, 0.99));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Appends to the buffer file in batches of <paramref name="batch"/>, each fsync'd, as the writer does during an outage.</summary>
    public static async Task<StepResult> BufferAppendsAsync(int batch, TimeSpan duration)
    {
        var directory = Directory.CreateTempSubdirectory("telephony-bench-buffer-").FullName;
        try
        {
            using var buffer = new CallRecordBuffer(Path.Combine(directory, "buffer.jsonl"), int.MaxValue, NullLogger.Instance);
            var run = Guid.NewGuid().ToString("N")[..8];
            var writes = Enumerable.Range(0, batch).Select(i => Call(run, 0, i).Complete).ToList();
            var result = await Throughput.RunAsync(1, duration, (_, _) =>
            {
                buffer.Append(writes);
                return Task.CompletedTask;
            });
            return result with { Operations = result.Operations * batch };
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>A buffer of <paramref name="calls"/> calls' writes left by an outage, replayed into the database by a fresh writer.</summary>
    public static async Task<StepResult> ReplayAsync(StorageOptions storage, int calls)
    {
        var counting = new CountingRepository(new CallRecordRepository(StorageFactory.CreateConnectionFactory(storage)));
        var directory = Directory.CreateTempSubdirectory("telephony-bench-replay-").FullName;
        try
        {
            var path = Path.Combine(directory, "buffer.jsonl");
            var run = Guid.NewGuid().ToString("N")[..8];
            using (var outage = new CallRecordBuffer(path, int.MaxValue, NullLogger.Instance))
            {
                for (var i = 0; i < calls; i += 100)
                {
                    outage.Append([.. Enumerable.Range(i, Math.Min(100, calls - i)).SelectMany(c => { var (o, f) = Call(run, 0, c); return new[] { o, f }; })]);
                }
            }

            using var buffer = new CallRecordBuffer(path, int.MaxValue, NullLogger.Instance);
            await using var writer = new CallRecordWriter(counting, buffer, new StorageMetrics(Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry())),
                TimeProvider.System, NullLogger<CallRecordWriter>.Instance);
            var clock = Stopwatch.StartNew();
            writer.Start();
            await writer.Drained;
            return new StepResult(1, calls, clock.Elapsed, TimeSpan.Zero, TimeSpan.Zero);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static (CallRecordWrite Open, CallRecordWrite Complete) Call(string run, int worker, long i)
    {
        var record = BenchCalls.Record(run, worker, i) with { NodeId = Node.Id };
        var open = CallRecordWrite.Opening(new OpenCallRecord
        {
            Id = record.Id, CallId = record.CallId, Network = record.Network, Line = record.Line, StartedAt = record.StartedAt,
            AnsweredAt = record.AnsweredAt, CallerMasked = record.CallerMasked, Node = Node,
        });
        return (open, CallRecordWrite.Completion(record));
    }

    /// <summary>Counts the writes the database took, to know when the writer is done.</summary>
    private sealed class CountingRepository(ICallRecordRepository inner) : ICallRecordRepository
    {
        public long Applied;

        public async Task ApplyAsync(IReadOnlyList<CallRecordWrite> writes, CancellationToken ct)
        {
            await inner.ApplyAsync(writes, ct);
            Interlocked.Add(ref Applied, writes.Count);
        }

        public Task AddAsync(CallRecord record, CancellationToken ct) => inner.AddAsync(record, ct);

        public Task<CallRecord?> FindByCallIdAsync(string callId, CancellationToken ct) => inner.FindByCallIdAsync(callId, ct);

        public Task<IReadOnlyList<CallRecord>> ListRecentAsync(int limit, CancellationToken ct) => inner.ListRecentAsync(limit, ct);

        public Task<IReadOnlyList<OpenCallRecord>> ListOpenAsync(int limit, CancellationToken ct) => inner.ListOpenAsync(limit, ct);

        public Task<IReadOnlyList<LostCall>> CloseLostByNodeAsync(string nodeId, string currentInstance, DateTimeOffset lastSeen, CancellationToken ct) =>
            inner.CloseLostByNodeAsync(nodeId, currentInstance, lastSeen, ct);

        public Task<IReadOnlyList<LostCall>> CloseLostByInstanceAsync(string instance, DateTimeOffset lastSeen, CancellationToken ct) =>
            inner.CloseLostByInstanceAsync(instance, lastSeen, ct);
    }
}
