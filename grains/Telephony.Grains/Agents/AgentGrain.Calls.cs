using Microsoft.Extensions.Logging;
using Telephony.Grains.Abstractions;

namespace Telephony.Grains.Agents;

/// <summary>
/// The call's node reporting on the call the agent is reserved for. A report naming another call, or arriving when
/// the state no longer expects it (after its deadline), is refused (false) and changes nothing.
/// </summary>
public sealed partial class AgentGrain
{
    public Task<bool> Ringing(string callId)
    {
        if (!Owns(callId, AgentStatus.Reserved))
        {
            return Task.FromResult(false);
        }

        Become(AgentStatus.Ringing, time.GetUtcNow() + _call!.Policy.RingTimeout + AgentDeadlines.RingMargin);
        return Task.FromResult(true);
    }

    public async Task<bool> Answered(string callId)
    {
        // From Reserved too: a node may bridge before its Ringing report got through.
        if (!Owns(callId, AgentStatus.Reserved) && !Owns(callId, AgentStatus.Ringing))
        {
            return false;
        }

        var call = _call! with { AnsweredAt = time.GetUtcNow() };
        _call = call;
        Become(AgentStatus.OnCall, call.AnsweredAt + AgentDeadlines.OnCallLease);
        await TellQueueSafely(call.QueueId, q => q.Leave(callId, QueueLeaveReason.AnsweredByAgent));
        return true;
    }

    public Task<bool> StillOnCall(string callId)
    {
        if (!Owns(callId, AgentStatus.OnCall))
        {
            return Task.FromResult(false);
        }

        // A lease renewal, not a change of state: the version stays, nobody is told.
        ArmDeadline(time.GetUtcNow() + AgentDeadlines.OnCallLease);
        return Task.FromResult(true);
    }

    public async Task<bool> OfferFailed(string callId, AgentOfferFailure failure)
    {
        if (!Owns(callId, AgentStatus.Reserved) && !Owns(callId, AgentStatus.Ringing))
        {
            return false;
        }

        var queueId = _call!.QueueId;
        if (failure.PauseReason() is { } reason)
        {
            // Back at the head of its queue with its arrival time, for another agent; this one is paused.
            await TellQueueSafely(queueId, q => q.Release(callId, AgentId));
            _call = null;
            if (LoggedIn)
            {
                await PauseFor(reason);
            }
            else
            {
                Become(AgentStatus.LoggedOut);
            }
        }
        else
        {
            // The caller left while the phone rang: not the agent's doing, and no one else must ring for this call.
            await TellQueueSafely(queueId, q => q.Leave(callId, QueueLeaveReason.CallerHungUp));
            await BecomeIdle();
        }

        return true;
    }

    public async Task<bool> CallEnded(string callId)
    {
        if (!Owns(callId, AgentStatus.OnCall))
        {
            return false;
        }

        await StartWrapUp();
        return true;
    }

    private bool Owns(string callId, AgentStatus status) => _status == status && _call?.CallId == callId;

    /// <summary>WrapUp for the queue's wrap-up time (always: no call is offered meanwhile); none at all when it is zero.</summary>
    private async Task StartWrapUp()
    {
        var wrapUp = _call!.Policy.WrapUp;
        if (wrapUp <= TimeSpan.Zero)
        {
            await FinishWrapUp();
            return;
        }

        Become(AgentStatus.WrapUp, time.GetUtcNow() + wrapUp);
    }

    /// <summary>The wrap-up is over (its time, or the agent ended it): the handle time goes to the queue.</summary>
    private async Task FinishWrapUp()
    {
        RecordHandleTime();
        await BecomeIdle();
    }

    private void RecordHandleTime()
    {
        if (_call is { AnsweredAt: { } answeredAt } call)
        {
            _ = Queues[call.QueueId].RecordHandleTime(time.GetUtcNow() - answeredAt);
        }
    }

    /// <summary>
    /// Tells the queue about the call. A failure is logged, not thrown: the agent's state must follow the call, and the
    /// queue's own lease cleans up what it was not told.
    /// </summary>
    private async Task TellQueueSafely(string queueId, Func<IQueueGrain, Task> tell)
    {
        try
        {
            await tell(Queues[queueId]);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            logger.LogWarning(error, "Agent {AgentId}: queue {Queue} could not be told about the call", AgentId, queueId);
        }
    }
}
