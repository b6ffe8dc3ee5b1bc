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
}
