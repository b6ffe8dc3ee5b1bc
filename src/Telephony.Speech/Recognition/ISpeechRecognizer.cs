using Telephony.Speech.Intent;

namespace Telephony.Speech.Recognition;

/// <summary>
/// One call's recognizer for one menu's phrases. Not thread-safe: the pipeline calls it from one worker at a time.
/// Audio is 8 kHz mono 16-bit, in any chunk size.
/// </summary>
public interface ISpeechRecognizer : IDisposable
{
    /// <summary>Feeds audio of the utterance in progress.</summary>
    void Accept(ReadOnlySpan<short> samples);

    /// <summary>Ends the utterance and returns what was heard; the recognizer is then ready for the next utterance.</summary>
    RecognizedSpeech Finish();

    /// <summary>Drops the utterance in progress without a result.</summary>
    void Reset();
}

/// <summary>Makes recognizers; <see cref="SpeechEngine"/> with a Vosk model, or a stand-in in tests and benchmarks.</summary>
public interface ISpeechRecognizerFactory
{
    /// <summary>False when speech is off (no library, no model): callers stay on the keypad.</summary>
    bool IsAvailable { get; }

    /// <summary>A recognizer listening for the menu's phrases. Throws <see cref="SpeechRecognizerException"/> when it cannot.</summary>
    ISpeechRecognizer Create(SpeechMenu menu);
}

/// <summary>A recognizer could not be created or failed; the call goes on with the keypad.</summary>
public sealed class SpeechRecognizerException(string message) : Exception(message);
