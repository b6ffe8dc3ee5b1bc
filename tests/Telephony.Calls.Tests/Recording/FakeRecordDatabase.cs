using System.Net.Sockets;
using Telephony.Storage;

namespace Telephony.Calls.Tests.Recording;

/// <summary>A call-record store in memory that can go down, hang, or refuse one call's writes, as a real database would.</summary>
internal sealed class FakeRecordDatabase : ICallRecordRepository
{
    private readonly Lock _gate = new();
    private readonly List<CallRecordWrite> _applied = [];

    /// <summary>Down: every write fails as a refused connection does.</summary>
    public volatile bool Down;

    /// <summary>Hanging: writes wait until cancelled, as with a server that stopped answering.</summary>
    public volatile bool Hanging;

    /// <summary>When set, each batch waits for it (a slow commit); <see cref="Applying"/> says a batch has started.</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>Completes when a batch reaches the database while <see cref="Gate"/> holds it.</summary>
    public TaskCompletionSource Applying { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Writes of this call id are refused by the database itself (a constraint), never for being down.</summary>
    public string? RefusedCallId { get; set; }

    public IReadOnlyList<CallRecordWrite> Applied
    {
        get
        {
            lock (_gate)
            {
                return [.. _applied];
            }
        }
    }

    public IReadOnlyList<string> AppliedCallIds => [.. Applied.Select(CallIdOf)];

    public async Task ApplyAsync(IReadOnlyList<CallRecordWrite> writes, CancellationToken ct)
    {
        if (Hanging)
        {
            await Task.Delay(Timeout.Infinite, ct);
        }

        if (Down)
        {
            throw new SocketException((int)SocketError.ConnectionRefused);
        }

        if (Gate is { } gate)
        {
            Applying.TrySetResult();
            await gate.Task.WaitAsync(ct);
        }

        if (writes.Any(w => CallIdOf(w) == RefusedCallId))
        {
            throw new InvalidOperationException("check constraint violated");
        }

        lock (_gate)
        {
            _applied.AddRange(writes);
        }
    }

    private static string CallIdOf(CallRecordWrite write) => write.Open?.CallId ?? write.Complete?.CallId ?? write.Withdraw!.CallId;

    public Task AddAsync(CallRecord record, CancellationToken ct) => throw new NotSupportedException();

    public Task<CallRecord?> FindByCallIdAsync(string callId, CancellationToken ct) => throw new NotSupportedException();

    public Task<IReadOnlyList<CallRecord>> ListRecentAsync(int limit, CancellationToken ct) => throw new NotSupportedException();

    public Task<IReadOnlyList<OpenCallRecord>> ListOpenAsync(int limit, CancellationToken ct) => throw new NotSupportedException();

    public Task<IReadOnlyList<LostCall>> CloseLostByNodeAsync(string nodeId, string currentInstance, DateTimeOffset lastSeen, CancellationToken ct) =>
        throw new NotSupportedException();

    public Task<IReadOnlyList<LostCall>> CloseLostByInstanceAsync(string instance, DateTimeOffset lastSeen, CancellationToken ct) =>
        throw new NotSupportedException();
}
