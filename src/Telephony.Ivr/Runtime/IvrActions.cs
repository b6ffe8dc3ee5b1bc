namespace Telephony.Ivr;

/// <summary>
/// Something the host must do on the call, returned by <see cref="IvrSession"/>. The host executes the actions of one
/// answer in order. Actions that wait for something (a prompt's end, a key, a queue result) say which event to report;
/// the others (<see cref="LineClosedByOperator"/>, <see cref="PlayAnnouncement"/>) are done at once and the host carries on.
/// </summary>
public abstract record IvrAction;

/// <summary>
/// Play a WAV file, then report <see cref="PromptFinished"/>. When <paramref name="BargeIn"/> is true a key pressed
/// (or a phrase recognised) meanwhile stops the playback and is reported as <see cref="DigitPressed"/> (or
/// <see cref="SpeechResult"/>) instead, with no PromptFinished then; when false, keys pressed meanwhile are ignored.
/// </summary>
public sealed record PlayPrompt(string PromptId, string FilePath, bool BargeIn) : IvrAction;

/// <summary>
/// Start (or restart) the one-shot input timer; report <see cref="InputTimedOut"/> when it elapses without a key.
/// The host stops it when it reports a <see cref="DigitPressed"/> or <see cref="SpeechResult"/>. Digit collection
/// (<c>collect</c> nodes) uses the same timer: the first one waits for the first digit, each following one is the
/// inter-digit timeout.
/// </summary>
public sealed record StartInputTimer(TimeSpan Timeout) : IvrAction;

/// <summary>
/// Put the caller in agent queue <see cref="QueueId"/> with <see cref="Priority"/>. The queue's numbers are in its
/// definition, <c>script.Queues.Get(QueueId)</c>: maximum of waiting calls and overflow queue (a refused call joins the
/// overflow queue instead, with that queue's definition, down the chain <see cref="IvrQueues.OverflowChain"/>), maximum
/// wait, what to do with no agent logged in, ring timeout, wrap-up and announcement interval.
/// When <see cref="AwaitsQueueEvents"/> is false the IVR's part of the call is over (the session is finished with
/// <see cref="IvrOutcome.Queued"/>). Otherwise the session stays in the queue node and the host reports
/// <see cref="QueueResult"/> (agent answered; maximum wait reached, when <see cref="HandlesMaxWait"/>; refused at the end
/// of the overflow chain, when <see cref="HandlesFull"/>) and, when <see cref="Announces"/>, <see cref="QueueStatus"/>
/// every <see cref="QueueDefinition.AnnouncementInterval"/> of the queue the call waits in, to get announcements to play.
/// </summary>
public sealed record JoinQueue(string QueueId, int Priority) : IvrAction
{
    public bool AnnouncePosition { get; init; }

    public bool AnnounceWait { get; init; }

    /// <summary>
    /// The node has <c>on-max-wait</c>: when the queue's <see cref="QueueDefinition.MaxWait"/> elapses, take the call out
    /// and report <see cref="QueueResultKind.MaxWaitReached"/>. The loader guarantees it whenever a queue of the chain has a max-wait.
    /// </summary>
    public bool HandlesMaxWait { get; init; }

    /// <summary>
    /// The node has <c>on-full</c>: when the last queue of the overflow chain refuses the call (full, or no agent with
    /// <c>when-no-agent: overflow</c>), report <see cref="QueueResultKind.QueueFull"/>. The loader guarantees it whenever that queue may refuse.
    /// </summary>
    public bool HandlesFull { get; init; }

    /// <summary>The node announces the position or the wait: report <see cref="QueueStatus"/> at the queue's announcement interval.</summary>
    public bool Announces => AnnouncePosition || AnnounceWait;

    /// <summary>True when the session stays in the queue node, waiting for <see cref="QueueResult"/> (and <see cref="QueueStatus"/>).</summary>
    public bool AwaitsQueueEvents => HandlesMaxWait || HandlesFull || Announces;
}

/// <summary>
/// Play these fragment WAVs back to back (an assembled announcement such as "vous êtes le 2e"), then resume what was
/// playing (music on hold). <paramref name="Text"/> is the French sentence they make, for logs. No event to report.
/// </summary>
public sealed record PlayAnnouncement(string Text, IReadOnlyList<string> FilePaths) : IvrAction;

/// <summary>
/// The caller accepted a callback: the host records a callback request for the caller's number on this queue, then
/// reports <see cref="CallbackRequestAnswered"/> (refused when the number may not be dialled). Nothing else is planned
/// until then: the confirmation is only played once the request is really stored.
/// </summary>
public sealed record RequestCallback(string QueueId) : IvrAction
{
    /// <summary>The number the caller confirmed (E.164), to call back instead of the caller ID; null: the caller ID as presented.</summary>
    public string? Number { get; init; }

    /// <summary>The numbers the node accepts (<c>accept-numbers</c>): the host checks the number against the same rules.</summary>
    public NumberRules NumberRules { get; init; } = NumberRules.Strict;

    /// <summary>Never prints the number.</summary>
    public override string ToString() => $"RequestCallback {{ QueueId = {QueueId}, Number = {(Number is null ? "caller ID" : "confirmed")} }}";
}

/// <summary>Transfer the call to another line (normalised number, see <see cref="DialedNumbers.Normalize"/>); the IVR's part is over.</summary>
public sealed record TransferToLine(string Number) : IvrAction;

/// <summary>
/// Informational: an operator forced this line closed; the next actions play the script's prepared closure prompt.
/// The host logs <paramref name="Message"/> (operator text, never spoken) and carries on.
/// </summary>
public sealed record LineClosedByOperator(string? Message, DateTimeOffset? Until) : IvrAction;

/// <summary>Hang up the call; <paramref name="Outcome"/> is the outcome to count.</summary>
public sealed record HangUp(IvrOutcome Outcome) : IvrAction;
