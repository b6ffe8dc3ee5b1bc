namespace Telephony.Ivr;

/// <summary>Something that happened on the call, reported by the host to <see cref="IvrSession.Handle"/>.</summary>
public abstract record IvrEvent;

/// <summary>The caller pressed a key (0-9, *, #), whether during a barge-in prompt or while the input timer runs.</summary>
public sealed record DigitPressed(char Digit) : IvrEvent;

/// <summary>A prompt played to its end. Not reported for a prompt the host stopped because of barge-in.</summary>
public sealed record PromptFinished(string PromptId) : IvrEvent;

/// <summary>The last <see cref="StartInputTimer"/> elapsed without a digit.</summary>
public sealed record InputTimedOut : IvrEvent;

/// <summary>The caller hung up.</summary>
public sealed record CallerHungUp : IvrEvent;
