using Telephony.Grains.Abstractions;

namespace Telephony.Grains.Agents;

/// <summary>
/// The agent's and supervisors' commands, and the registrar's report. A refused command changes nothing and says why
/// (<see cref="AgentRefusals"/>).
/// </summary>
public sealed partial class AgentGrain
{
    /// <summary>The logout reason when the phone's registration expired or was removed.</summary>
    public const string UnregisteredReason = "unregistered";

    public async Task<AgentCommandResult> LogIn(string? queueId)
    {
        if (Record.Profile is not { } profile)
        {
            return Refused(AgentRefusals.NotConfigured);
        }

        if (!profile.Enabled)
        {
            return Refused(AgentRefusals.Disabled);
        }

        if (!Record.PhoneRegistered)
        {
            return Refused(AgentRefusals.PhoneNotRegistered);
        }

        var wanted = queueId is null ? profile.Skills.Select(s => s.QueueId).ToList() : [queueId];
        if (wanted.Count == 0 || wanted.Any(q => !profile.Skills.Any(s => s.QueueId == q)))
        {
            return Refused(AgentRefusals.NotSkilled);
        }

        var joining = wanted.Where(q => !Record.LoggedInQueues.Contains(q)).ToList();
        if (joining.Count == 0)
        {
            return Done();
        }

        Record.LoggedInQueues.AddRange(joining);
        await record.WriteStateAsync();
        StartPresenceRefresh();
        if (_status == AgentStatus.LoggedOut)
        {
            // Pushed to the queues, which offer the agent their calls: a login answers Ready, as the agent asked.
            Become(AgentStatus.Ready);
        }
        else
        {
            // Still Ready (idle since as long as before), Paused or in a call: the new queues learn the agent.
            Changed(restartSince: false);
        }

        return Done();
    }

    public async Task<AgentCommandResult> LogOut(string? queueId, string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (queueId is not null && !Record.LoggedInQueues.Contains(queueId))
        {
            return Refused(AgentRefusals.NotLoggedInToQueue);
        }

        var leaving = queueId is null ? [.. Record.LoggedInQueues] : new List<string> { queueId };
        if (leaving.Count > 0)
        {
            await LogOutOf(leaving, reason);
        }

        return Done();
    }

    public async Task<AgentCommandResult> SetReady()
    {
        switch (_status)
        {
            case AgentStatus.LoggedOut:
                return Refused(Record.Profile is null ? AgentRefusals.NotConfigured : AgentRefusals.LoggedOut);
            case AgentStatus.Reserved or AgentStatus.Ringing or AgentStatus.OnCall:
                return Refused(AgentRefusals.HandlingCall);
            case AgentStatus.Ready:
                return Done();
            case AgentStatus.WrapUp:
                await FinishWrapUp();
                return Done();
            default:
                // The next call is taken before the end of the pause is written, not after: the write (a commit on
                // SQLite, 2 ms or more) is then not in the time from Ready to the reservation. The command still answers
                // once it is durable; a crash before that brings the agent back Paused, as if it had not been sent.
                Record.PauseReason = null;
                await BecomeReadyAndTakeWork();
                await record.WriteStateAsync();
                return Done();
        }
    }

    public async Task<AgentCommandResult> Pause(string reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return Refused(AgentRefusals.NoPauseReason);
        }

        switch (_status)
        {
            case AgentStatus.LoggedOut:
                return Refused(Record.Profile is null ? AgentRefusals.NotConfigured : AgentRefusals.LoggedOut);
            case AgentStatus.Reserved or AgentStatus.Ringing or AgentStatus.OnCall:
                return Refused(AgentRefusals.HandlingCall);
            default:
                await PauseFor(reason);
                return Done();
        }
    }

    public async Task<AgentCommandResult> EndWrapUp()
    {
        if (_status != AgentStatus.WrapUp)
        {
            return Refused(AgentRefusals.NotInWrapUp);
        }

        await FinishWrapUp();
        return Done();
    }

    public async Task<AgentState> SetPhoneRegistered(bool registered)
    {
        if (Record.PhoneRegistered == registered)
        {
            return State(); // The registrar reports every refresh: nothing to write.
        }

        Record.PhoneRegistered = registered;
        if (!registered && LoggedIn)
        {
            await LogOutOf([.. Record.LoggedInQueues], UnregisteredReason);
        }
        else
        {
            await record.WriteStateAsync();
            Changed(restartSince: false);
        }

        return State();
    }

    /// <summary>
    /// Leaves the queues (they are told), and is LoggedOut once out of all of them unless a call is in progress (the
    /// call goes on; the agent is LoggedOut when it is over).
    /// </summary>
    private async Task LogOutOf(IReadOnlyList<string> queues, string reason)
    {
        foreach (var queueId in queues)
        {
            Record.LoggedInQueues.Remove(queueId);
        }

        Record.LastLogoutReason = reason;
        if (!LoggedIn)
        {
            Record.PauseReason = null;
            StopPresenceRefresh();
        }

        await record.WriteStateAsync();
        _version++;
        foreach (var queueId in queues)
        {
            TellQueue(queueId, loggedIn: false);
        }

        if (_status is AgentStatus.Ready or AgentStatus.Paused && !LoggedIn)
        {
            Become(AgentStatus.LoggedOut);
        }
        else
        {
            Changed(restartSince: false);
        }
    }

    private async Task PauseFor(string reason)
    {
        if (_status == AgentStatus.WrapUp)
        {
            RecordHandleTime();
            _call = null;
        }

        Record.PauseReason = reason;
        await record.WriteStateAsync();
        Become(AgentStatus.Paused);
    }

    private AgentCommandResult Done() => AgentCommandResult.Done(State());

    private AgentCommandResult Refused(string reason) => AgentCommandResult.Refused(reason, State());
}
