using Telephony.Grains.Abstractions;

namespace Telephony.Grains.Tests;

/// <summary>
/// What the grain tests share: fresh queue and agent ids per test, agents configured with a registered phone, calls
/// whose node is a <see cref="NodeProbe"/>, the fake clock, and waiting for an agent's state.
/// </summary>
public abstract class GrainScenario
{
    private readonly ClusterFixture _fixture;
    private readonly AgentStateSignal _signal = new();
    private readonly IAgentObserver _signalReference;
    private readonly IWaitingCallObserver _nodeReference;
    private int _calls;

    protected GrainScenario(ClusterFixture fixture)
    {
        _fixture = fixture;
        _signalReference = fixture.Cluster.Client.CreateObjectReference<IAgentObserver>(_signal);
        _nodeReference = fixture.Cluster.Client.CreateObjectReference<IWaitingCallObserver>(Node);
    }

    protected IGrainFactory Grains => _fixture.Grains;

    protected NodeProbe Node { get; } = new();

    /// <summary>Another node's observer: a second <see cref="NodeProbe"/> the queue can notify.</summary>
    protected IWaitingCallObserver ObserverOf(NodeProbe node) => _fixture.Cluster.Client.CreateObjectReference<IWaitingCallObserver>(node);

    protected static DateTimeOffset Now => ClusterFixture.Clock.GetUtcNow();

    protected static void Advance(TimeSpan by) => ClusterFixture.Clock.Advance(by);

    protected static string NewId(string kind) => $"{kind}-{Guid.NewGuid():N}";

    protected IQueueGrain Queue(string queueId) => Grains.GetGrain<IQueueGrain>(queueId);

    protected static QueuePolicy Policy(string queueId) => QueuePolicy.Default(queueId);

    /// <summary>An agent with these skills, enabled, phone registered, logged out, watched by the test.</summary>
    protected async Task<IAgentGrain> Agent(params AgentSkill[] skills)
    {
        var agentId = NewId("agent");
        var agent = Grains.GetGrain<IAgentGrain>(agentId);
        await agent.Configure(new AgentProfile(agentId, "Camille Martin", $"sip-{agentId}", skills, Enabled: true));
        await agent.SetPhoneRegistered(true);
        await agent.Subscribe(_signalReference);
        return agent;
    }

    /// <summary>An agent logged in to all its skills and Ready.</summary>
    protected async Task<IAgentGrain> ReadyAgent(params AgentSkill[] skills)
    {
        var agent = await Agent(skills);
        var login = await agent.LogIn(null);
        Assert.True(login.Accepted, login.Refusal);
        Assert.Equal(AgentStatus.Ready, login.State.Status);
        return agent;
    }

    /// <summary>
    /// A new queue with this policy (the default one changed by <paramref name="change"/>), one Ready agent at level 1,
    /// and a call joined to it: the agent is Reserved for the call.
    /// </summary>
    protected async Task<ReservedScene> ReservedAgent(Func<QueuePolicy, QueuePolicy>? change = null)
    {
        var queueId = NewId("queue");
        var policy = change is null ? Policy(queueId) : change(Policy(queueId));
        var agent = await ReadyAgent(new AgentSkill(queueId, 1));
        var call = Call();
        await Queue(queueId).Join(call, policy);
        var reserved = await ReservedFor(agent, call);
        return new ReservedScene(agent, Queue(queueId), policy, call, reserved);
    }

    /// <summary>A new call, arrived now unless told otherwise, whose node is the test's probe.</summary>
    protected QueuedCall Call(int priority = 5, DateTimeOffset? joinedAt = null) =>
        new($"call-{Interlocked.Increment(ref _calls)}-{Guid.NewGuid():N}", "CNAV", "3960", priority, joinedAt ?? Now)
        {
            Node = _nodeReference,
        };

    protected Task<AgentState> Until(IAgentGrain agent, Func<AgentState, bool> expected, string what) =>
        _signal.Until(agent, expected, what);

    protected Task<AgentState> ReservedFor(IAgentGrain agent, QueuedCall call) =>
        Until(agent, s => s.Status == AgentStatus.Reserved && s.Call?.CallId == call.CallId, $"Reserved for {call.CallId}");

    protected Task<AgentState> InStatus(IAgentGrain agent, AgentStatus status) =>
        Until(agent, s => s.Status == status, status.ToString());

    /// <summary>Reserved, then the phone rings and is answered: OnCall for the call.</summary>
    protected static async Task Connect(IAgentGrain agent, QueuedCall call)
    {
        Assert.True(await agent.Ringing(call.CallId));
        Assert.True(await agent.Answered(call.CallId));
    }

    /// <summary>
    /// What <paramref name="read"/> returns once it satisfies <paramref name="expected"/>: for a queue, which pushes no
    /// events, read again every few milliseconds of real time until then.
    /// </summary>
    protected static async Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> expected, string what)
    {
        var giveUp = DateTime.UtcNow + AgentStateSignal.Patience;
        while (true)
        {
            var value = await read();
            if (expected(value))
            {
                return value;
            }

            if (DateTime.UtcNow > giveUp)
            {
                throw new TimeoutException($"Never {what}.");
            }

            await Task.Delay(5);
        }
    }

    /// <summary>Answers the call, ends it and ends the wrap-up: the agent is Ready again.</summary>
    protected static async Task Complete(IAgentGrain agent, string callId)
    {
        Assert.True(await agent.Ringing(callId));
        Assert.True(await agent.Answered(callId));
        Assert.True(await agent.CallEnded(callId));
        Assert.True((await agent.EndWrapUp()).Accepted);
    }
}

/// <summary>An agent just reserved for a call of its queue (see <see cref="GrainScenario.ReservedAgent"/>).</summary>
public sealed record ReservedScene(IAgentGrain Agent, IQueueGrain Queue, QueuePolicy Policy, QueuedCall Call, AgentState Reserved)
{
    public string QueueId => Policy.QueueId;
}
