namespace Telephony.Ivr;

/// <summary>
/// Checks a script's queue and callback nodes against the queues file: every queue used is declared (a typo in a
/// queue id would send callers to a queue no agent serves), belongs to the script's network, and each queue node has
/// the branches its queue needs. A call may end up waiting in any queue of its queue's overflow chain, so the branch
/// rules look at the whole chain.
/// </summary>
internal static class QueueUseChecks
{
    public static void Check(IEnumerable<IvrNode> nodes, string network, QueuesFile queues, ErrorSink errors)
    {
        if (!queues.Readable)
        {
            // The queues file itself is reported; every use would be noise on top.
            return;
        }

        foreach (var node in nodes)
        {
            switch (node)
            {
                case QueueNode queue when Declared(node.Name, queue.QueueId, queue.QueueIdPosition, network, queues, errors) is { } definition:
                    CheckBranches(queue, queues.Queues.OverflowChain(definition.Id), errors);
                    break;
                case CallbackNode callback:
                    Declared(node.Name, callback.QueueId, callback.QueueIdPosition, network, queues, errors);
                    break;
            }
        }
    }

    /// <returns>The definition, or null when it is missing, in error, or of another network (reported, except in error).</returns>
    private static QueueDefinition? Declared(
        string nodeName, string queueId, YamlDotNet.Core.Mark position, string network, QueuesFile queues, ErrorSink errors)
    {
        var context = $"node '{nodeName}'";
        if (!queues.Declared.Contains(queueId))
        {
            var hint = queues.Queues.Exists ? string.Empty : " (the scripts directory has no queues file)";
            errors.At(position, $"{context}: queue '{queueId}' is not declared in {IvrQueues.FileName}{hint}");
            return null;
        }

        if (queues.Queues.Find(queueId) is not { } definition)
        {
            return null;
        }

        if (definition.Network != network)
        {
            errors.At(
                position,
                $"{context}: queue '{queueId}' belongs to network {definition.Network} ({Where(definition)}), not this script's {network}");
            return null;
        }

        return definition;
    }

    private static void CheckBranches(QueueNode node, IReadOnlyList<QueueDefinition> chain, ErrorSink errors)
    {
        if (chain[^1].OverflowQueueId is not null)
        {
            // The chain does not end (a cycle, or an overflow to a queue in error): the queues file reports it.
            return;
        }

        var context = $"node '{node.Name}'";
        var first = chain[0];
        var withMaxWait = chain.FirstOrDefault(q => q.MaxWait is not null);
        if (withMaxWait is not null && node.OnMaxWaitLink is null)
        {
            errors.At(
                node.Position,
                $"{context}: {Describe(withMaxWait, first)} has a max-wait ({Where(withMaxWait)}): the node needs 'on-max-wait', where callers go when it is reached");
        }
        else if (withMaxWait is null && node.OnMaxWaitLink is { } unusedMaxWait)
        {
            errors.At(
                unusedMaxWait.Position,
                $"{context}: 'on-max-wait' is never taken: queue '{first.Id}'{AndOverflows(chain)} has no max-wait in {IvrQueues.FileName}");
        }

        // Only the end of the chain sends a refused caller back to the script; the others overflow onward.
        var last = chain[^1];
        if (last.MayRefuse && node.OnFullLink is null)
        {
            errors.At(
                node.Position,
                $"{context}: {Describe(last, first)} may refuse calls ({WhyRefuses(last)}, {Where(last)}) and has no overflow-queue: the node needs 'on-full', where refused callers go");
        }
        else if (!last.MayRefuse && node.OnFullLink is { } unusedFull)
        {
            errors.At(
                unusedFull.Position,
                $"{context}: 'on-full' is never taken: {Describe(last, first)} never refuses a call (no max-waiting, when-no-agent: wait)");
        }

        if ((node.AnnouncePosition || node.AnnounceWait) && chain.FirstOrDefault(q => q.AnnouncementInterval is null) is { } silent)
        {
            errors.At(
                node.Position,
                $"{context}: announcements need 'announce-every' on {Describe(silent, first)} in {IvrQueues.FileName} ({Where(silent)})");
        }
    }

    private static string Describe(QueueDefinition queue, QueueDefinition first) =>
        ReferenceEquals(queue, first) ? $"queue '{queue.Id}'" : $"queue '{queue.Id}' (where '{first.Id}' overflows)";

    private static string AndOverflows(IReadOnlyList<QueueDefinition> chain) =>
        chain.Count == 1 ? string.Empty : $" (nor the queues it overflows to, {string.Join(", ", chain.Skip(1).Select(q => $"'{q.Id}'"))})";

    private static string WhyRefuses(QueueDefinition queue) =>
        queue.MaxWaiting is { } max ? $"max-waiting: {max}" : "when-no-agent: overflow";

    private static string Where(QueueDefinition queue) => $"{IvrQueues.FileName} line {queue.Position.Line}";
}
