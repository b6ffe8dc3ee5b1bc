using Telephony.Ivr;

namespace Telephony.Calls.Agents;

/// <summary>
/// The queues agents may serve: those the script set's queues file declares (<c>ivr-scripts/queues.yaml</c>). The
/// loader guarantees every queue a script sends callers to is declared there.
/// </summary>
public static class ScriptQueues
{
    public static IReadOnlySet<string> Of(IvrScriptSet scripts)
    {
        ArgumentNullException.ThrowIfNull(scripts);
        return new SortedSet<string>(scripts.Queues.All.Select(q => q.Id), StringComparer.Ordinal);
    }
}
