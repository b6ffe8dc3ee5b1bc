namespace Telephony.Grains.Abstractions;

/// <summary>
/// The deadlines of the states that have an owner call. Whatever fails (the node, a report, the network), the agent
/// leaves the state by its deadline; a report arriving after it is refused and changes nothing.
/// </summary>
public static class AgentDeadlines
{
    /// <summary>Reserved: the node must report Ringing (or a failure) within this time, else the agent is Ready again.</summary>
    public static readonly TimeSpan Reservation = TimeSpan.FromSeconds(5);

    /// <summary>Ringing lasts the queue's ring timeout plus this margin (the node reports NoAnswer at the ring timeout).</summary>
    public static readonly TimeSpan RingMargin = TimeSpan.FromSeconds(5);

    /// <summary>OnCall is a lease: each StillOnCall moves the deadline this far; without one the call is taken as over.</summary>
    public static readonly TimeSpan OnCallLease = TimeSpan.FromSeconds(60);

    /// <summary>How often the node reports StillOnCall for a bridged call (a third of the lease).</summary>
    public static readonly TimeSpan StillOnCallInterval = TimeSpan.FromSeconds(20);
}
