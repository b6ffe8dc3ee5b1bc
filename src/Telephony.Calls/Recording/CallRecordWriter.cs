using System.Diagnostics;
using System.Threading.Channels;
using Telephony.Storage;

namespace Telephony.Calls.Recording;

/// <summary>
/// Writes call records in the order the calls produced them, off the call's path: <see cref="Enqueue"/> never waits.
/// One loop takes the writes in batches to the database; when the database does not answer, the batch and every
/// write after it go to the node's durable <see cref="CallRecordBuffer"/> instead, and the loop replays the buffer,
/// in order, as soon as the database answers again. Writes past the buffer's bound are lost, counted and logged.
/// </summary>
public sealed class CallRecordWriter : IAsyncDisposable
{
    private readonly ICallRecordRepository _repository;
    private readonly CallRecordBuffer _buffer;
    private readonly StorageMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<CallRecordWriter> _logger;
    private readonly CallRecordWriterOptions _options;
    private readonly Channel<CallRecordWrite> _queue = Channel.CreateUnbounded<CallRecordWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _abandonDatabase = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inMemory;
    private Task? _loop;
    private TimeSpan _retryDelay;
    private DateTimeOffset _nextReplay;
    private long _lostWhileFull;
    private DateTimeOffset? _bufferingSince;

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
    public bool Enqueue(CallRecordWrite write)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (Interlocked.Increment(ref _inMemory) > _buffer.MaxRecords || !_queue.Writer.TryWrite(write))
        {
            Interlocked.Decrement(ref _inMemory);
            Lose([write], _queue.Reader.Completion.IsCompleted ? "the writer has stopped" : "too many writes wait in memory");
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

            while (batch.Count < _options.BatchSize && _queue.Reader.TryRead(out var write))
            {
                batch.Add(write);
            }

            Interlocked.Add(ref _inMemory, -batch.Count);
            try
            {
                await StoreAsync(batch);
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                // A bug here must not silence every later record: say so, lose this batch, keep going.
                _logger.LogError(error, "Call-record writer failed on a batch");
                Lose(batch, "the writer failed");
            }

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

    /// <summary>Stores the buffered writes, oldest first; stops at the first sign the database is still away.</summary>
    private async Task ReplayAsync()
    {
        var clock = Stopwatch.StartNew();
        var replayed = 0;
        while (_buffer.Count > 0)
        {
            var chunk = _buffer.ReadPending(_options.BatchSize);
            var stored = await TryApplyAsync(chunk.Writes);
            if (stored < chunk.Writes.Count)
            {
                // Not marked: the whole chunk is applied again next time, which the writes' idempotence allows.
                ScheduleReplay();
                return;
            }

            _buffer.MarkReplayed(chunk);
            replayed += chunk.Writes.Count;
            _metrics.Buffered(_buffer.Count);
        }

        _buffer.Clear();
        _metrics.Buffered(0);
        _retryDelay = _options.FirstRetryDelay;
        _logger.LogWarning(
            "Database answers again: {Count} buffered call-record write(s) replayed in order in {Elapsed} ms; the buffer {Path} is empty (in use since {Since:O})",
            replayed, clock.ElapsedMilliseconds, _buffer.FilePath, _bufferingSince);
        _bufferingSince = null;
        if (_lostWhileFull > 0)
        {
            _logger.LogError("While the buffer was full, {Count} call-record write(s) were lost (see the errors above)", _lostWhileFull);
            _lostWhileFull = 0;
        }

        _drained.TrySetResult();
    }

    private void StartBuffering(Exception error)
    {
        if (_bufferingSince is null)
        {
            _bufferingSince = _time.GetUtcNow();
            _logger.LogWarning(error,
                "Database unreachable: call-record writes go to the local buffer {Path} (at most {Max}) and are replayed in order when it answers again",
                _buffer.FilePath, _buffer.MaxRecords);
        }

        ScheduleReplay();
    }

    private void ScheduleReplay()
    {
        _nextReplay = _time.GetUtcNow() + _retryDelay;
        _retryDelay = TimeSpan.FromTicks(Math.Min(_retryDelay.Ticks * 2, _options.MaxRetryDelay.Ticks));
    }

    private void Buffer(List<CallRecordWrite> batch, int from)
    {
        var rest = from == 0 ? batch : batch.GetRange(from, batch.Count - from);
        int appended;
        try
        {
            appended = _buffer.Append(rest);
        }
        catch (IOException error)
        {
            _logger.LogError(error, "The call-record buffer {Path} cannot be written (disk full or failing)", _buffer.FilePath);
            Lose(rest, "the buffer file cannot be written");
            return;
        }

        _metrics.Buffered(_buffer.Count);
        if (appended < rest.Count)
        {
            if (_lostWhileFull == 0)
            {
                _logger.LogError("The call-record buffer {Path} is full ({Max} writes): new call records are lost until the database answers again",
                    _buffer.FilePath, _buffer.MaxRecords);
            }

            _lostWhileFull += rest.Count - appended;
            Lose(rest.GetRange(appended, rest.Count - appended), "the buffer is full");
        }
    }

    private void Lose(IReadOnlyList<CallRecordWrite> writes, string why)
    {
        _metrics.LostToFullBuffer(writes.Count);
        foreach (var write in writes)
        {
            // Everything needed to store it by hand: the record holds no clear phone number.
            _logger.LogError("Call-record write lost ({Why}): {@Write}", why, write);
        }
    }
}

/// <summary>The writer's pace; the defaults suit a server, tests shorten them.</summary>
public sealed record CallRecordWriterOptions
{
    /// <summary>Writes per database transaction: amortises a commit over a burst of calls.</summary>
    public int BatchSize { get; init; } = 200;

    /// <summary>How long one batch may take before the database counts as unreachable.</summary>
    public TimeSpan DatabaseTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two replay attempts: after an outage, records reach the database within this.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(5);
}
