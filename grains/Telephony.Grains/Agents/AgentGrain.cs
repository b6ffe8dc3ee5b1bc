using Microsoft.Extensions.Logging;
using Orleans.Utilities;
using Telephony.Grains.Abstractions;

namespace Telephony.Grains.Agents;

/// <summary>
/// One agent's state machine (see <see cref="IAgentGrain"/>). Not reentrant: one command, report, offer or deadline
/// at a time, so the agent is never reserved for two calls. This file holds the state and how a change is published;
/// the commands, the node's reports, the distribution and the deadlines are in the other AgentGrain files.
/// </summary>
public sealed partial class AgentGrain(
    [PersistentState("agent", "Default")] IPersistentState<AgentRecord> record,
    TimeProvider time,
    ILogger<AgentGrain> logger) : Grain, IAgentGrain
{
    private static readonly TimeSpan ObserverExpiry = TimeSpan.FromMinutes(10);

    private readonly ObserverManager<IAgentObserver> _observers = new(ObserverExpiry, logger);
    private readonly PresenceLedger _ledger = new();
    private string? _agentId;
    private AgentStatus _status;
    private DateTimeOffset _since;
    private long _version;
    private AgentCall? _call;
    private GrainReferences<IQueueGrain>? _queues;

    private string AgentId => _agentId ??= this.GetPrimaryKeyString();

    private AgentRecord Record => record.State;

    private bool LoggedIn => Record.LoggedInQueues.Count > 0;

    private GrainReferences<IQueueGrain> Queues => _queues ??= new(GrainFactory);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // Versions must grow across activations too (queues drop presences older than the one they hold): start from
        // the clock rather than from zero.
        _version = now.UtcTicks;
        _since = now;
        _status = IdleStatus();
        if (LoggedIn)
        {
            // The queues may have forgotten this agent while it was gone.
            PublishPresence(force: true);
            StartPresenceRefresh();
        }

        if (Record.Profile is { } profile && !Record.PhoneRegistered)
        {
            // The cluster's registrations outlive any node: an activation that follows a node's death must not wait
            // for the phone's next REGISTER to know it can be rung. Only "registered" is taken from them here: a
            // stale "registered" is ended by the registrations' own expiry check, which tells this grain. Checked in
            // a turn of its own after the activation, so that activating never waits on another grain.
            this.RegisterGrainTimer(CheckRegistrationAsync, profile.SipUsername, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        }

        return Task.CompletedTask;
    }

    private async Task CheckRegistrationAsync(string sipUsername, CancellationToken cancellationToken)
    {
        if (!Record.PhoneRegistered && await GrainFactory.GetGrain<IPhoneRegistrationGrain>(sipUsername).IsRegistered())
        {
            logger.LogInformation("Agent {AgentId}: phone registered in the cluster, as its registrations say (the stored state said not)", AgentId);
            await SetPhoneRegistered(true);
        }
    }

    public async Task<AgentState> Configure(AgentProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        Validate(profile);
        Record.Profile = profile;
        var skills = profile.Skills.Select(s => s.QueueId).ToHashSet();
        var leaving = Record.LoggedInQueues.Where(q => !profile.Enabled || !skills.Contains(q)).ToList();
        if (leaving.Count > 0)
        {
            await LogOutOf(leaving, profile.Enabled ? "skills_changed" : "disabled");
        }
        else
        {
            await record.WriteStateAsync();
            Changed(restartSince: false); // Levels may have changed: the queues are told.
        }

        return State();
    }

    public Task<AgentState> GetState() => Task.FromResult(State());

    public Task<AgentProfile?> GetProfile() => Task.FromResult(Record.Profile);

    public Task Subscribe(IAgentObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task Unsubscribe(IAgentObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    private AgentState State() => new(
        AgentId,
        _status,
        _status == AgentStatus.Paused ? Record.PauseReason : null,
        _since,
        Deadline,
        Record.PhoneRegistered,
        [.. Record.LoggedInQueues],
        _call?.ToView(),
        _version,
        Record.LastLogoutReason);

    /// <summary>Where an agent without a call stands: LoggedOut, Paused (with a reason) or Ready.</summary>
    private AgentStatus IdleStatus() =>
        !LoggedIn ? AgentStatus.LoggedOut : Record.PauseReason is not null ? AgentStatus.Paused : AgentStatus.Ready;

    /// <summary>
    /// Enters a state (its deadline armed) and tells the queues (but those in <paramref name="told"/>, which hold it
    /// already) and the observers.
    /// </summary>
    private void Become(AgentStatus status, DateTimeOffset? deadline = null, IReadOnlyCollection<string>? told = null)
    {
        var restart = status != _status || status == AgentStatus.Paused; // A new pause reason starts a new pause.
        _status = status;
        ArmDeadline(deadline);
        Changed(restart, told);
    }

    /// <summary>
    /// The call is over for the agent: no call, no deadline, and LoggedOut, Paused or Ready; Ready takes the next call
    /// at once when one waits.
    /// </summary>
    private async Task BecomeIdle()
    {
        if (IdleStatus() == AgentStatus.Ready)
        {
            await BecomeReadyAndTakeWork();
            return;
        }

        _call = null;
        Become(IdleStatus());
    }

    private void Changed(bool restartSince, IReadOnlyCollection<string>? told = null)
    {
        if (restartSince)
        {
            _since = time.GetUtcNow();
        }

        _version++;
        PublishPresence(except: told);
        NotifyObservers();
    }

    private void NotifyObservers()
    {
        if (_observers.Count > 0)
        {
            var state = State();
            _observers.Notify(o => o.StateChanged(state));
        }
    }

    /// <summary>Tells each queue the agent's presence, but those in <paramref name="except"/> and, unless forced, those whose view it would not change.</summary>
    private void PublishPresence(IReadOnlyCollection<string>? except = null, bool force = false)
    {
        foreach (var queueId in Record.LoggedInQueues)
        {
            if (except is null || !except.Contains(queueId))
            {
                TellQueue(queueId, loggedIn: true, force);
            }
        }
    }

    private void TellQueue(string queueId, bool loggedIn, bool force = false)
    {
        var presence = Presence(queueId, loggedIn);
        if (!force && _ledger.Knows(queueId, presence))
        {
            return;
        }

        _ledger.Told(queueId, presence);
        // One-way: the queue never makes the agent wait.
        _ = Queues[queueId].AgentChanged(presence);
    }

    private AgentPresence Presence(string queueId, bool loggedIn) =>
        new(AgentId, LevelFor(queueId), _status, _since, loggedIn, _version);

    private int LevelFor(string queueId) =>
        Record.Profile?.Skills.FirstOrDefault(s => s.QueueId == queueId)?.Level ?? AgentSkill.WorstLevel;

    private void Validate(AgentProfile profile)
    {
        if (profile.AgentId != AgentId)
        {
            throw new ArgumentException($"The profile is agent {profile.AgentId}'s, not {AgentId}'s.", nameof(profile));
        }

        if (profile.Skills.FirstOrDefault(s => s.Level is < AgentSkill.BestLevel or > AgentSkill.WorstLevel) is { } wrong)
        {
            throw new ArgumentException($"Level {wrong.Level} for queue {wrong.QueueId} is not between 1 and 5.", nameof(profile));
        }

        if (profile.Skills.GroupBy(s => s.QueueId).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new ArgumentException($"Queue {twice.Key} appears twice in the skills.", nameof(profile));
        }
    }
}
