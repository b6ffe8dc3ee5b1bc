using Telephony.Ivr;

namespace Telephony.Calls.Agents;

/// <summary>The queues a script set sends callers to: the queue ids of its queue and callback nodes.</summary>
public static class ScriptQueues
{
    public static IReadOnlySet<string> Of(IvrScriptSet scripts)
    {
        ArgumentNullException.ThrowIfNull(scripts);
        var queues = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var node in scripts.Scripts.SelectMany(s => s.Nodes.Values))
        {
            switch (node)
            {
                case QueueNode queue:
                    queues.Add(queue.QueueId);
                    break;
                case CallbackNode callback:
                    queues.Add(callback.QueueId);
                    break;
            }
        }

        return queues;
    }
}
