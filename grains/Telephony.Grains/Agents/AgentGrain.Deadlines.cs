using Microsoft.Extensions.Logging;
using Telephony.Grains.Abstractions;

namespace Telephony.Grains.Agents;

/// <summary>
/// The deadlines of Reserved, Ringing, OnCall and WrapUp, on grain timers (the grain's clock, a fake one in tests):
/// their callbacks run as turns of this grain, never beside one. At a deadline the agent leaves the state whatever
/// failed; and the presence refresh that keeps the queues' view of a logged-in agent alive.
/// </summary>
public sealed partial class AgentGrain
{
    private IGrainTimer? _deadlineTimer;
    private IGrainTimer? _presenceTimer;

    private DateTimeOffset? Deadline { get; set; }

    private void ArmDeadline(DateTimeOffset? deadline)
    {
        Deadline = deadline;
        if (deadline is not { } due)
        {
            _deadlineTimer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        _deadlineTimer ??= this.RegisterGrainTimer(
            DeadlineReached,
            new GrainTimerCreationOptions(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        var wait = due - time.GetUtcNow();
        _deadlineTimer.Change(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private async Task DeadlineReached(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (Deadline is not { } due)
        {
            return;
        }

        if (now < due)
        {
            ArmDeadline(due); // Moved on since the timer was set (a StillOnCall): wait for the new one.
            return;
        }

        switch (_status)
        {
            case AgentStatus.Reserved or AgentStatus.Ringing:
                var call = _call!;
                logger.LogWarning("Agent {AgentId}: no report on call {CallId} by the {Status} deadline; the call is released",
                    AgentId, call.CallId, _status);
                await TellQueueSafely(call.QueueId, q => q.Release(call.CallId, AgentId));
                await BecomeIdle();
                break;
            case AgentStatus.OnCall:
                logger.LogWarning("Agent {AgentId}: call {CallId} not reported for {Lease}; taken as over",
                    AgentId, _call!.CallId, AgentDeadlines.OnCallLease);
                await StartWrapUp();
                break;
            case AgentStatus.WrapUp:
                await FinishWrapUp();
                break;
            default:
                ArmDeadline(null);
                break;
        }
    }

    private void StartPresenceRefresh() =>
        _presenceTimer ??= this.RegisterGrainTimer(
            RefreshPresenceAsync,
            new GrainTimerCreationOptions(AgentPresence.RefreshInterval, AgentPresence.RefreshInterval) { KeepAlive = true });

    /// <summary>
    /// Repeats the presence to every queue. A Ready agent first looks for a call itself, as when it becomes Ready: a
    /// queue whose view of it was lost (a fresh activation after its silo died, a push that never arrived) then still
    /// gets its call served within one interval, rather than waiting for a push that may never come.
    /// </summary>
    private async Task RefreshPresenceAsync(CancellationToken cancellationToken)
    {
        logger.LogDebug("Agent {AgentId}: {Status}, refreshing its presence to {Queues} queue(s)", AgentId, _status, Record.LoggedInQueues.Count);
        List<string>? told = null;
        if (_status == AgentStatus.Ready)
        {
            told = await TakeWork(askingQueueId: null, askingHead: null);
            if (_status != AgentStatus.Ready)
            {
                return; // Reserved: the reservation told the queues.
            }
        }

        PublishPresence(except: told, force: true);
    }

    private void StopPresenceRefresh()
    {
        _presenceTimer?.Dispose();
        _presenceTimer = null;
    }
}
