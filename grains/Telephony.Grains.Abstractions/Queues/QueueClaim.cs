namespace Telephony.Grains.Abstractions;

/// <summary>
/// A call an agent claimed from a queue, with the queue's policy as the queue holds it (the agent rings for its ring
/// timeout and wraps up for its wrap-up).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record QueueClaim(
    [property: Id(0)] QueuedCall Call,
    [property: Id(1)] QueuePolicy Policy)
{
    /// <summary>How long past its reservation and ring timeout a claim outlives an agent that never reported.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    /// <summary>A waiting call whose node has not asked its position (nor joined) for this long is dropped.</summary>
    public static readonly TimeSpan CallLease = TimeSpan.FromSeconds(30);
}
