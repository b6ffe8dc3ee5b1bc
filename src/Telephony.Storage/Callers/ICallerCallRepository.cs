namespace Telephony.Storage;

/// <summary>
/// Each known number's recent calls per line (table <c>caller_calls</c>), keyed by the number's keyed hash
/// (<c>c_</c> and 32 hex digits, see <see cref="CallRecord.CallerKey"/>), never by the number. Rows are written with
/// the call record's completion (<see cref="ICallRecordRepository.ApplyAsync"/>), not here.
/// </summary>
public interface ICallerCallRepository
{
    /// <summary>Upper bound of a listing's limit.</summary>
    const int MaxListLimit = 1000;

    /// <summary>The number's calls to the line that started at or after <paramref name="since"/>, newest first, at most <paramref name="limit"/>.</summary>
    /// <exception cref="ArgumentException">The key is not a caller key, the line is empty, or the limit is outside 1..1000.</exception>
    Task<IReadOnlyList<CallerCall>> ListRecentAsync(string callerKey, string line, DateTimeOffset since, int limit, CancellationToken ct);
}
