namespace Telephony.Ivr;

/// <summary>
/// Joins the queue. Without a maximum wait the IVR's part ends there; with one, the session waits for the host's
/// <see cref="QueueResult"/> and answers <see cref="QueueStatus"/> with announcements.
/// </summary>
internal sealed class QueueRun(QueueNode node) : NodeRun
{
    public override void Enter(SessionStep step, char? typeAhead)
    {
        var announces = node.AnnouncePosition || node.AnnounceWait;
        step.Emit(new JoinQueue(node.QueueId, node.Priority)
        {
            MaxWait = node.MaxWait,
            AnnouncePosition = node.AnnouncePosition,
            AnnounceWait = node.AnnounceWait,
            AnnouncementInterval = announces ? node.AnnouncementInterval : null,
        });
        if (node.MaxWait is null)
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
            case QueueResult { Kind: QueueResultKind.MaxWaitReached }:
                step.GoTo(node.OnMaxWait!);
                break;
            case QueueResult { Kind: QueueResultKind.QueueFull }:
                step.GoTo(node.OnFull ?? node.OnMaxWait!);
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
