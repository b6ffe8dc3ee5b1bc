using Telephony.Calls.Channels;
using Telephony.Ivr;

namespace Telephony.Calls.Queues;

/// <summary>
/// Takes over a call the IVR sends to a queue (or, when it refuses the call, to the queues it overflows to), until an
/// agent answers, the call ends, or the queue's maximum wait is reached.
/// </summary>
public interface IQueueWaiter
{
    /// <param name="ivr">
    /// Feeds queue events (position announcements) to the call's IVR session and returns its actions; null when the
    /// IVR's part of the call is over (a queue without a maximum wait).
    /// </param>
    Task<QueueWaitResult> WaitAsync(
        ICallChannel channel,
        IvrScript script,
        JoinQueue join,
        Func<IvrEvent, IReadOnlyList<IvrAction>>? ivr,
        WaitingCaller caller,
        CancellationToken cancel);
}
