using System.Threading.Channels;
using Telephony.Storage;

namespace Telephony.Calls.Recording;

/// <summary>
/// Writes call records in the order the calls produced them, off the call's path: <see cref="Enqueue"/> never waits.
/// One loop takes the writes in batches to the database; when the database does not answer, the batch and every
/// write after it go to the node's durable <see cref="CallRecordBuffer"/> instead, and the loop replays the buffer,
/// in order, as soon as the database answers again. Writes past the buffer's bound are lost, counted and logged.
/// <see cref="EnqueueDurable"/> also tells when its write is safe (committed, or fsync'd to the buffer): the loop
/// commits whatever queued while the previous commit ran, so many calls share one commit (group commit).
/// </summary>
public sealed partial class CallRecordWriter : IAsyncDisposable
{
    private readonly ICallRecordRepository _repository;
    private readonly CallRecordBuffer _buffer;
    private readonly StorageMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<CallRecordWriter> _logger;
    private readonly CallRecordWriterOptions _options;
    private readonly Channel<QueuedWrite> _queue = Channel.CreateUnbounded<QueuedWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _abandonDatabase = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inMemory;
    private Task? _loop;
    private TimeSpan _retryDelay;
    private DateTimeOffset _nextReplay;
    private long _lostWhileFull;
    private DateTimeOffset? _bufferingSince;

    // Writes of the batch being stored that were lost: their waiters are told false. Only the loop touches it.
    private readonly HashSet<CallRecordWrite> _lostInBatch = new(ReferenceEqualityComparer.Instance);

    public CallRecordWriter(
        ICallRecordRepository repository, CallRecordBuffer buffer, StorageMetrics metrics, TimeProvider time, ILogger<CallRecordWriter> logger, CallRecordWriterOptions? options = null)
    {
        _repository = repository;
        _buffer = buffer;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _options = options ?? new CallRecordWriterOptions();
        _retryDelay = _options.FirstRetryDelay;
        metrics.BufferCapacity(buffer.MaxRecords);
        metrics.Buffered(buffer.Count);
    }

    /// <summary>Completes the first time nothing waits in the buffer (at once when it starts empty): every write of earlier runs is stored.</summary>
    public Task Drained => _drained.Task;

    /// <summary>How long <see cref="EnqueueWithinTimeoutAsync"/> waits (<see cref="CallRecordWriterOptions.OpenRecordTimeout"/>).</summary>
    public TimeSpan OpenRecordTimeout => _options.OpenRecordTimeout;

    /// <summary>Writes waiting in the buffer file for the database.</summary>
    public int Buffered => _buffer.Count;

    /// <summary>Starts the loop; a buffer left by a previous run is replayed first.</summary>
    public void Start()
    {
        if (_buffer.Count == 0)
        {
            _drained.TrySetResult();
        }
        else
        {
            _bufferingSince = _time.GetUtcNow();
        }

        _loop ??= Task.Run(RunAsync);
    }

    /// <summary>Queues a write; returns at once. False when it was refused: memory holds as many writes as the buffer would.</summary>
    public bool Enqueue(CallRecordWrite write) => TryQueue(new QueuedWrite(write, null));

    /// <summary>
    /// Queues a write and returns a task that completes once it is durable: true when committed to the database or
    /// synced to the buffer file, false when it was lost (refused here, the buffer full or failing). Never faults.
    /// </summary>
    public Task<bool> EnqueueDurable(CallRecordWrite write)
    {
        var durable = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        return TryQueue(new QueuedWrite(write, durable)) ? durable.Task : Task.FromResult(false);
    }

    /// <summary>
    /// Queues a write and waits, at most <see cref="CallRecordWriterOptions.OpenRecordTimeout"/>, for it to be
    /// durable. Past the bound the write stays queued and the wait is counted late; with a zero bound it is not awaited.
    /// </summary>
    public async Task<DurableWait> EnqueueWithinTimeoutAsync(CallRecordWrite write)
    {
        if (_options.OpenRecordTimeout <= TimeSpan.Zero)
        {
            return Enqueue(write) ? DurableWait.NotAwaited : DurableWait.Lost;
        }

        try
        {
            // WaitAsync drops its timer as soon as the write is durable: no timer per call left running for the bound.
            return await EnqueueDurable(write).WaitAsync(_options.OpenRecordTimeout, _time) ? DurableWait.Durable : DurableWait.Lost;
        }
        catch (TimeoutException)
        {
            _metrics.OpenRecordLate();
            return DurableWait.Late;
        }
    }

    private bool TryQueue(QueuedWrite queued)
    {
        ArgumentNullException.ThrowIfNull(queued.Write);
        if (Interlocked.Increment(ref _inMemory) > _buffer.MaxRecords || !_queue.Writer.TryWrite(queued))
        {
            Interlocked.Decrement(ref _inMemory);
            Lose([queued.Write], _queue.Reader.Completion.IsCompleted ? "the writer has stopped" : "too many writes wait in memory");
            return false;
        }

        return true;
    }

    /// <summary>
    /// Stores what is queued and stops: the database gets <paramref name="grace"/> to take it, then whatever is left
    /// goes to the buffer file, so a graceful stop during an outage loses nothing within the bound.
    /// </summary>
    public async Task StopAsync(TimeSpan grace)
    {
        _queue.Writer.TryComplete();
        if (_loop is null)
        {
            return;
        }

        if (await Task.WhenAny(_loop, Task.Delay(grace, _time)) != _loop)
        {
            _logger.LogWarning("Database too slow to take the last call-record writes within {Grace}: they go to the buffer {Path}", grace, _buffer.FilePath);
            await _abandonDatabase.CancelAsync();
        }

        await _loop;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(5));
        _abandonDatabase.Dispose();
    }

    private async Task RunAsync()
    {
        var batch = new List<CallRecordWrite>(_options.BatchSize);
        var waiting = new List<QueuedWrite>();
        while (true)
        {
            if (_buffer.Count > 0 && _time.GetUtcNow() >= _nextReplay && !_abandonDatabase.IsCancellationRequested)
            {
                try
                {
                    await ReplayAsync();
                }
                catch (Exception error) when (error is not OutOfMemoryException)
                {
                    _logger.LogError(error, "Replaying the call-record buffer {Path} failed; trying again later", _buffer.FilePath);
                    ScheduleReplay();
                }
            }

            if (!await WaitForWritesAsync())
            {
                if (_queue.Reader.Completion.IsCompleted)
                {
                    return;
                }

                continue;
            }

            while (batch.Count < _options.BatchSize && _queue.Reader.TryRead(out var queued))
            {
                batch.Add(queued.Write);
                if (queued.Durable is not null)
                {
                    waiting.Add(queued);
                }
            }

            Interlocked.Add(ref _inMemory, -batch.Count);
            _lostInBatch.Clear();
            try
            {
                await StoreAsync(batch);
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                // A bug here must not silence every later record: say so, lose this batch, keep going.
                _logger.LogError(error, "Call-record writer failed on a batch");
                LoseFromBatch(batch, "the writer failed");
            }

            // Stored or buffered: the calls waiting for their write may go on. A write lost is told so.
            foreach (var queued in waiting)
            {
                queued.Durable!.TrySetResult(!_lostInBatch.Contains(queued.Write));
            }

            waiting.Clear();
            batch.Clear();
        }
    }

    /// <summary>True when writes are queued; false at the next replay attempt (buffer in use) or once the queue is closed and empty.</summary>
    private async Task<bool> WaitForWritesAsync()
    {
        if (_queue.Reader.TryPeek(out _))
        {
            return true;
        }

        if (_buffer.Count == 0 || _abandonDatabase.IsCancellationRequested)
        {
            return await _queue.Reader.WaitToReadAsync();
        }

        var untilReplay = _nextReplay - _time.GetUtcNow();
        if (untilReplay <= TimeSpan.Zero)
        {
            return false;
        }

        using var timeout = new CancellationTokenSource(untilReplay, _time);
        try
        {
            return await _queue.Reader.WaitToReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task StoreAsync(List<CallRecordWrite> batch)
    {
        // Behind buffered writes, a write waits its turn: a completion must never reach the database before its opening.
        if (_buffer.Count > 0 || _abandonDatabase.IsCancellationRequested)
        {
            Buffer(batch, 0);
            return;
        }

        var stored = await TryApplyAsync(batch);
        if (stored < batch.Count)
        {
            Buffer(batch, stored);
        }
    }

    /// <summary>Applies the writes; returns how many of the first ones are stored when the database stopped answering.</summary>
    private async Task<int> TryApplyAsync(IReadOnlyList<CallRecordWrite> writes)
    {
        try
        {
            await ApplyWithTimeoutAsync(writes);
            return writes.Count;
        }
        catch (Exception error) when (StorageErrors.IsUnavailable(error))
        {
            StartBuffering(error);
            return 0;
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // The database answered but refused the batch: one write in it is bad. Find it, store the others.
            return await ApplyOneByOneAsync(writes, error);
        }
    }

    private async Task<int> ApplyOneByOneAsync(IReadOnlyList<CallRecordWrite> writes, Exception batchError)
    {
        _logger.LogWarning(batchError, "The database refused a batch of {Count} call-record write(s); storing them one by one", writes.Count);
        for (var i = 0; i < writes.Count; i++)
        {
            try
            {
                await ApplyWithTimeoutAsync([writes[i]]);
            }
            catch (Exception error) when (StorageErrors.IsUnavailable(error))
            {
                StartBuffering(error);
                return i;
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                _metrics.Rejected();
                _lostInBatch.Add(writes[i]);
                _logger.LogError(error, "The database refused call-record write {@Write}; it is dropped", writes[i]);
            }
        }

        return writes.Count;
    }

    private async Task ApplyWithTimeoutAsync(IReadOnlyList<CallRecordWrite> writes)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_abandonDatabase.Token);
        timeout.CancelAfter(_options.DatabaseTimeout);
        await _repository.ApplyAsync(writes, timeout.Token);
    }
}
