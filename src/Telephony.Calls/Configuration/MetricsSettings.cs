
namespace Telephony.Calls.Configuration;

/// <summary>The <c>Metrics</c> configuration section.</summary>
public sealed class MetricsSettings
{
    public const string SectionName = "Metrics";

    /// <summary>
    /// Callers who hang up in a queue within this many seconds count as <c>abandoned_queue_short</c> instead of
    /// <c>abandoned_queue</c>. Networks differ on the rule, so the default (0) keeps every abandon in one counter.
    /// </summary>
    public double ShortAbandonThresholdSeconds { get; set; }

    /// <summary>
    /// Export <c>telephony_agents{queue,state}</c> (read from the queue grains, cluster-wide) from this node. On in a
    /// single node; in a cluster, leave it on for one node only so each agent is counted once.
    /// </summary>
    public bool ExportAgentStates { get; set; } = true;
}
