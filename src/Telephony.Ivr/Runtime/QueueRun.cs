namespace Telephony.Ivr;

/// <summary>
/// Joins the queue. The queue's numbers (maximum wait, announcement interval, limits) are the host's to apply, from
/// the definition in the script's queues file; the loader has checked that this node has a branch for each way the
/// queue can give up on the call, so the session only needs the node to know what to wait for. Without branches or
/// announcements the IVR's part ends on joining; otherwise the session waits for the host's <see cref="QueueResult"/>
/// and answers <see cref="QueueStatus"/> with announcements.
/// </summary>
internal sealed class QueueRun(QueueNode node) : NodeRun
{
    public override void Enter(SessionStep step, char? typeAhead)
    {
        var join = new JoinQueue(node.QueueId, node.Priority)
        {
            AnnouncePosition = node.AnnouncePosition,
            AnnounceWait = node.AnnounceWait,
            HandlesMaxWait = node.OnMaxWait is not null,
            HandlesFull = node.OnFull is not null,
        };
        step.Emit(join);
        if (!join.AwaitsQueueEvents)
        {
            step.Finish(IvrOutcome.Queued);
        }
    }

    public override void Handle(SessionStep step, IvrEvent ivrEvent)
    {
        switch (ivrEvent)
        {
            case QueueResult { Kind: QueueResultKind.AgentAnswered }:
                step.Finish(IvrOutcome.Queued);
                break;
            // A result the node has no branch for cannot happen with a checked queues file: ignored as stale.
            case QueueResult { Kind: QueueResultKind.MaxWaitReached } when node.OnMaxWait is { } onMaxWait:
                step.GoTo(onMaxWait);
                break;
            case QueueResult { Kind: QueueResultKind.QueueFull } when node.OnFull is { } onFull:
                step.GoTo(onFull);
                break;
            case QueueStatus status when status.Position >= 1:
                Announce(step, status);
                break;
        }
    }

    /// <summary>Once the caller is in the queue, the queue counts the call (abandoned_queue...), not the IVR.</summary>
    public override IvrOutcome OutcomeIfCallerHangsUp(IvrScript script) => IvrOutcome.Queued;

    private void Announce(SessionStep step, QueueStatus status)
    {
        var parts = new List<Announcement>();
        if (node.AnnouncePosition)
        {
            parts.Add(FrenchAnnouncements.QueuePosition(status.Position));
        }

        if (node.AnnounceWait)
        {
            parts.Add(FrenchAnnouncements.EstimatedWait(status.EstimatedWait));
        }

        if (parts.Count == 0)
        {
            return;
        }

        var text = string.Join(". ", parts.Select(p => char.ToUpperInvariant(p.Text[0]) + p.Text[1..])) + ".";
        var paths = parts.SelectMany(p => p.FragmentIds).Select(step.Script.FragmentPath).ToList();
        step.Emit(new PlayAnnouncement(text, paths));
    }
}
