namespace Telephony.Server.Wallboard;

/// <summary>What the wallboard shows, as its page reads it (JSON, camelCase): per network today's rates and live queues.</summary>
/// <param name="Day">Today in Paris (yyyy-MM-dd).</param>
/// <param name="Target">The agent rate's target, 0.85.</param>
public sealed record WallboardView(string Day, DateTimeOffset UpdatedAt, double Target, IReadOnlyList<WallboardNetwork> Networks);

/// <param name="AgentsReady">Distinct agents Ready and logged in to at least one of the network's queues; null when the agents could not be read.</param>
/// <param name="Waiting">Calls waiting in the network's queues; null when none of its queues could be read.</param>
public sealed record WallboardNetwork(
    string Network,
    long Offered,
    WallboardRate AgentRate,
    WallboardRate GlobalRate,
    int? Waiting,
    double? LongestWaitSeconds,
    int? AgentsReady,
    IReadOnlyList<WallboardQueue> Queues);

/// <summary>A rate today: its value (null with nothing to divide by), its two terms, and where it stands against the target.</summary>
/// <param name="Standing"><c>on_target</c> (≥ 85 %), <c>below</c> (≥ 75 %), <c>far_below</c>, or <c>no_calls</c>.</param>
public sealed record WallboardRate(double? Rate, long Handled, long Required, string Standing);

/// <summary>One queue live, from its grain; the figures are null when the grain could not be reached.</summary>
public sealed record WallboardQueue(string Id, string Name, int? Waiting, double? LongestWaitSeconds, int? AgentsReady);
