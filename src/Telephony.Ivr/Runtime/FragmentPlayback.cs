namespace Telephony.Ivr;

/// <summary>
/// Tells when a sequence of fragments played by <see cref="SessionStep.PlayFragments"/> is over: the host reports each
/// fragment's end, and the same fragment may come back within a sequence ("13 heures 30"), so ends are counted.
/// </summary>
internal sealed class FragmentPlayback
{
    private int _remaining;

    public bool Playing => _remaining > 0;

    /// <param name="bargeIn">False for what must be heard to the end (a cancellation code): keys meanwhile are dropped.</param>
    public void Play(SessionStep step, Announcement announcement, bool bargeIn = true)
    {
        _remaining = announcement.FragmentIds.Count;
        step.PlayFragments(announcement, bargeIn);
    }

    /// <summary>True when <paramref name="ivrEvent"/> ends the last fragment of the sequence.</summary>
    public bool Ended(IvrEvent ivrEvent) => ivrEvent is PromptFinished && _remaining > 0 && --_remaining == 0;

    /// <summary>A key stopped the sequence (barge-in): the host plays none of the rest.</summary>
    public void Interrupt() => _remaining = 0;
}
