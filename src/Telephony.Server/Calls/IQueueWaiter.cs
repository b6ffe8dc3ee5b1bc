using Telephony.Ivr;

namespace Telephony.Server.Calls;

/// <summary>Takes over a call the IVR sends to a queue and returns its final result.</summary>
public interface IQueueWaiter
{
    Task<CallResult> WaitAsync(ICallChannel channel, IvrScript script, JoinQueue join, IReadOnlyList<string> path, CancellationToken cancel);
}
