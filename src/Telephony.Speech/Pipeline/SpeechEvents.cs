using Telephony.Speech.Intent;

namespace Telephony.Speech.Pipeline;

/// <summary>What a <see cref="SpeechPipeline"/> reports, on a speech worker thread (post it to the call's own context).</summary>
public abstract record SpeechEvent;

/// <summary>The caller began to speak while the pipeline listened: stop the prompt (barge-in).</summary>
public sealed record SpeechStarted : SpeechEvent;

/// <summary>
/// An utterance chose an option: <see cref="IntentMatch.Key"/> is the key to act on, as if pressed.
/// <paramref name="Latency"/> runs from the end of speech (the detector's hangover over) to this event.
/// Listening stops: the host calls <see cref="SpeechPipeline.Listen"/> again for the next menu.
/// </summary>
public sealed record SpeechRecognized(IntentMatch Match, TimeSpan Latency) : SpeechEvent;

/// <summary>
/// An utterance chose no option (<see cref="IntentMatch.Reason"/> says why): ask again. Listening goes on;
/// <paramref name="Attempt"/> counts the failed utterances of this menu so far.
/// </summary>
public sealed record SpeechNotRecognized(IntentMatch Match, TimeSpan Latency, int Attempt) : SpeechEvent;

/// <summary>
/// Speech gave up on this menu (too many unmatched utterances, or the recognizer failed): play the prompt that
/// says to use the keypad. Listening has stopped. <paramref name="Reason"/> is for the log.
/// </summary>
public sealed record SpeechKeypadFallback(string Reason, IntentMatch? LastMatch) : SpeechEvent;

/// <summary>No speech began within the no-input timeout; the timer restarts by itself while listening goes on.</summary>
public sealed record SpeechNoInput : SpeechEvent;
