namespace Telephony.Storage;

public interface ICallRecordRepository
{
    /// <exception cref="StorageException">A record with the same call id already exists.</exception>
    /// <exception cref="ArgumentException">A required field is empty, or <see cref="CallRecord.CallerMasked"/> looks like a clear number.</exception>
    Task AddAsync(CallRecord record, CancellationToken ct);

    /// <summary>The record of that call, or null when there is none.</summary>
    Task<CallRecord?> FindByCallIdAsync(string callId, CancellationToken ct);

    /// <summary>The most recently ended calls first (ties broken by call id), at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<CallRecord>> ListRecentAsync(int limit, CancellationToken ct);
}
