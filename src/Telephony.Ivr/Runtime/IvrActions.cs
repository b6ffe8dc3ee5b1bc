namespace Telephony.Ivr;

/// <summary>Something the host must do on the call, returned by <see cref="IvrSession"/>.</summary>
public abstract record IvrAction;

/// <summary>
/// Play a WAV file, then report <see cref="PromptFinished"/>. When <paramref name="BargeIn"/> is true a key pressed
/// meanwhile stops the playback and is reported as <see cref="DigitPressed"/> instead (no PromptFinished then);
/// when false, keys pressed meanwhile may be reported and are ignored.
/// </summary>
public sealed record PlayPrompt(string PromptId, string FilePath, bool BargeIn) : IvrAction;

/// <summary>
/// Start (or restart) the one-shot input timer; report <see cref="InputTimedOut"/> when it elapses without a key.
/// The host stops it when it reports a <see cref="DigitPressed"/>.
/// </summary>
public sealed record StartInputTimer(TimeSpan Timeout) : IvrAction;

/// <summary>Put the caller in an agent queue; the IVR's part of the call is over.</summary>
public sealed record JoinQueue(string QueueId, int Priority) : IvrAction;

/// <summary>Hang up the call; <paramref name="Outcome"/> is the outcome to count.</summary>
public sealed record HangUp(IvrOutcome Outcome) : IvrAction;
