using System.Diagnostics;
using Telephony.Storage;

namespace Telephony.Calls.Recording;

/// <summary>The outage side of the writer: writes to the buffer file, its replay in order, and writes lost past its bound.</summary>
public sealed partial class CallRecordWriter
{
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
            LoseFromBatch(rest, "the buffer file cannot be written");
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
            LoseFromBatch(rest.GetRange(appended, rest.Count - appended), "the buffer is full");
        }
    }

    /// <summary>Loses writes of the batch the loop is storing: their waiters hear of it.</summary>
    private void LoseFromBatch(IReadOnlyList<CallRecordWrite> writes, string why)
    {
        foreach (var write in writes)
        {
            _lostInBatch.Add(write);
        }

        Lose(writes, why);
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
