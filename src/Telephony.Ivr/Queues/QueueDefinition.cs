using YamlDotNet.Core;

namespace Telephony.Ivr;

/// <summary>What a call joining a queue does when no agent is logged in to it (<c>when-no-agent</c>).</summary>
public enum QueueNoAgentRule
{
    /// <summary>Join and wait: agents may log in meanwhile; the queue's maximum wait still applies.</summary>
    Wait,

    /// <summary>Do not join: overflow at once, to the overflow queue, else to the queue node's <c>on-full</c> branch.</summary>
    Overflow,
}

/// <summary>
/// How one agent queue behaves, from the queues file of the script set (<c>ivr-scripts/queues.yaml</c>): the one place
/// its limits and timings are set, whichever scripts send calls to it. The scripts choose the queue, the priority,
/// what the caller hears while waiting and where a caller goes when the queue gives up; the numbers are here.
/// </summary>
/// <param name="Id">The queue id the scripts use (<c>cnav.retraite</c>): the queue grain's key and a metric label.</param>
/// <param name="Name">The queue in words ("CNAV retraite"): shown to agents, and the caller display name on the agent's phone.</param>
/// <param name="Network">The public-service network whose scripts may use the queue (the scripts' <c>network</c>).</param>
public sealed record QueueDefinition(string Id, string Name, string Network)
{
    public static readonly TimeSpan DefaultRingTimeout = TimeSpan.FromSeconds(20);
    public static readonly TimeSpan DefaultWrapUp = TimeSpan.FromSeconds(30);

    /// <summary>Most calls waiting at once; a call beyond it overflows. Null: no limit.</summary>
    public int? MaxWaiting { get; init; }

    /// <summary>
    /// Where a refused call goes (<see cref="MaxWaiting"/> reached, or no agent with <see cref="QueueNoAgentRule.Overflow"/>):
    /// the host joins that queue instead, with its own definition. Null: the queue node's <c>on-full</c> branch.
    /// </summary>
    public string? OverflowQueueId { get; init; }

    /// <summary>Longest wait in this queue; then the host reports <see cref="QueueResultKind.MaxWaitReached"/>. Null: no limit.</summary>
    public TimeSpan? MaxWait { get; init; }

    public QueueNoAgentRule WhenNoAgent { get; init; } = QueueNoAgentRule.Wait;

    /// <summary>How long an agent's phone rings before the call is offered to another agent.</summary>
    public TimeSpan RingTimeout { get; init; } = DefaultRingTimeout;

    /// <summary>How long an agent stays unavailable after a call, to finish its notes.</summary>
    public TimeSpan WrapUp { get; init; } = DefaultWrapUp;

    /// <summary>
    /// How often the host reports <see cref="QueueStatus"/> to a session whose queue node announces the position or
    /// the wait. Null: this queue makes no announcements (the loader refuses an announcing node on it).
    /// </summary>
    public TimeSpan? AnnouncementInterval { get; init; }

    /// <summary>
    /// Who is called first when one of this queue's callbacks reaches its turn (<c>callback-order</c>): the agent, who
    /// then hears the citizen's phone ring (the default), or the citizen, who then waits at the head of the queue for
    /// the next free agent.
    /// </summary>
    public CallbackOrder CallbackOrder { get; init; } = CallbackOrder.AgentFirst;

    /// <summary>Phone appointments on this queue: slot length, places per slot, how far ahead (<c>appointments</c>). Null: none.</summary>
    public QueueAppointments? Appointments { get; init; }

    /// <summary>True when a join may be refused: a limit of waiting calls, or no agent logged in with <see cref="QueueNoAgentRule.Overflow"/>.</summary>
    public bool MayRefuse => MaxWaiting is not null || WhenNoAgent == QueueNoAgentRule.Overflow;

    /// <summary>Where the queue's id is written in the queues file.</summary>
    internal Mark Position { get; init; }

    /// <summary>Where <see cref="OverflowQueueId"/> is written (for errors about it).</summary>
    internal Mark OverflowPosition { get; init; }
}
