namespace Telephony.Ivr;

/// <summary>Something that happened on the call, reported by the host to <see cref="IvrSession.Handle"/>.</summary>
public abstract record IvrEvent;

/// <summary>The caller pressed a key (0-9, *, #), whether during a barge-in prompt or while the input timer runs.</summary>
public sealed record DigitPressed(char Digit) : IvrEvent;

/// <summary>
/// The speech recogniser heard something while the session waited for input (or during a barge-in prompt).
/// <paramref name="Confidence"/> is 0-1; below the menu's threshold the result counts as a wrong answer.
/// </summary>
public sealed record SpeechResult(string Transcript, float Confidence) : IvrEvent;

/// <summary>
/// The host's speech recogniser matched the current menu's option <paramref name="Key"/> (its own intent matching,
/// see Telephony.Speech): the option is chosen exactly as if its keys were typed, with no inter-digit wait.
/// <paramref name="Transcript"/> is what was heard (personal data: never logged or put in the path).
/// </summary>
public sealed record OptionSpoken(string Key, string Transcript) : IvrEvent;

/// <summary>
/// The host's speech recogniser gave up on the current menu (too many utterances it could not match): the menu says
/// so with the <see cref="AnnouncementFragments.SpeechToKeypad"/> fragment and asks again for a key. No attempt is
/// spent: the caller has not yet had a go at the keypad.
/// </summary>
public sealed record SpeechGaveUp : IvrEvent;

/// <summary>A prompt played to its end. Not reported for a prompt the host stopped because of barge-in.</summary>
public sealed record PromptFinished(string PromptId) : IvrEvent;

/// <summary>The last <see cref="StartInputTimer"/> elapsed without a digit.</summary>
public sealed record InputTimedOut : IvrEvent;

/// <summary>How a wait in a queue ended, for a session still in its queue node (see <see cref="JoinQueue.AwaitsQueueEvents"/>).</summary>
public enum QueueResultKind
{
    /// <summary>An agent took the call: the IVR's part is over.</summary>
    AgentAnswered,

    /// <summary>The caller waited the queue's <see cref="QueueDefinition.MaxWait"/>; the host has taken the call out of the queue.</summary>
    MaxWaitReached,

    /// <summary>The last queue of the overflow chain refused the call (full, or no agent logged in); the host has not queued it.</summary>
    QueueFull,
}

/// <summary>Reported by the host for a <see cref="JoinQueue"/> whose session awaits queue events (<see cref="JoinQueue.AwaitsQueueEvents"/>).</summary>
public sealed record QueueResult(QueueResultKind Kind) : IvrEvent;

/// <summary>The caller's place in the queue; answered with a <see cref="PlayAnnouncement"/> when the node announces.</summary>
public sealed record QueueStatus(int Position, TimeSpan EstimatedWait) : IvrEvent;

/// <summary>
/// The host's answer to a <see cref="RequestCallback"/>: <paramref name="Accepted"/> is false when the service refused
/// it (e.g. a number it may not dial back); the caller is then told so instead of hearing a confirmation.
/// </summary>
public sealed record CallbackRequestAnswered(bool Accepted) : IvrEvent;

/// <summary>The caller hung up.</summary>
public sealed record CallerHungUp : IvrEvent;
