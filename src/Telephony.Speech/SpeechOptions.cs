namespace Telephony.Speech;

/// <summary>Configuration section "Speech".</summary>
public sealed class SpeechOptions
{
    /// <summary>Kaldi's level when nothing is configured: warnings and errors only (model loading logs pages at info).</summary>
    public const int DefaultLogLevel = -1;

    /// <summary>Path of libvosk.so; when empty, native/linux-x64/libvosk.so is searched from the current and application directories upwards.</summary>
    public string? LibraryPath { get; set; }

    /// <summary>Directory of a Vosk model (e.g. vosk-model-small-fr-0.22); when empty the service runs DTMF only.</summary>
    public string? ModelPath { get; set; }

    /// <summary>
    /// Vosk/Kaldi log level, passed to <c>vosk_set_log_level</c>: below 0 hides info messages, 0 shows them, above 0 is
    /// verbose. Kaldi writes to the process's stderr, not through ILogger.
    /// </summary>
    public int LogLevel { get; set; } = DefaultLogLevel;

    /// <summary>
    /// Which recognizer calls use: <see cref="VoskRecognizer"/> (the default: libvosk and <see cref="ModelPath"/>) or
    /// <see cref="ScriptedRecognizer"/>, the stand-in for tests that answers <see cref="ScriptedTranscripts"/> in turn.
    /// </summary>
    public string Recognizer { get; set; } = VoskRecognizer;

    /// <summary>
    /// The stand-in's answers, one per utterance it hears (at least a few frames of voice), shared by every call in
    /// order; "[unk]" once they run out. Only read with Speech:Recognizer=scripted.
    /// </summary>
    public List<string> ScriptedTranscripts { get; set; } = [];

    /// <summary>
    /// Stores what callers said with their call record (column <c>transcript</c>, deleted with the record under the
    /// retention rule). Off by default (GDPR): the transcript then only reaches the agent's console, in memory.
    /// </summary>
    public bool StoreTranscripts { get; set; }

    /// <summary>Unmatched utterances in one menu before speech gives up and the caller is asked to use the keypad.</summary>
    public int MaxAttempts { get; set; } = 2;

    /// <summary>Speech worker threads (recognition runs there, never on the media thread); 0: one per core.</summary>
    public int Workers { get; set; }

    public const string VoskRecognizer = "vosk";

    public const string ScriptedRecognizer = "scripted";

    /// <summary>Throws with the key's name on a value the service cannot use (checked at start-up).</summary>
    public void Validate()
    {
        if (!string.Equals(Recognizer, VoskRecognizer, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(Recognizer, ScriptedRecognizer, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Speech:Recognizer is '{Recognizer}'; expected '{VoskRecognizer}' or '{ScriptedRecognizer}'");
        }

        if (MaxAttempts < 1)
        {
            throw new InvalidOperationException($"Speech:MaxAttempts is {MaxAttempts}; expected 1 or more");
        }

        if (Workers < 0)
        {
            throw new InvalidOperationException($"Speech:Workers is {Workers}; expected 0 (one per core) or more");
        }
    }

    public bool UsesScriptedRecognizer => string.Equals(Recognizer, ScriptedRecognizer, StringComparison.OrdinalIgnoreCase);
}
