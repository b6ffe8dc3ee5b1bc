namespace Telephony.Speech.Metrics;

/// <summary>
/// The Prometheus names the host should give <see cref="ISpeechMetrics"/> (labels network and line unless said).
/// Kept here so the host, the README and the dashboards use one spelling.
/// </summary>
public static class SpeechMetricNames
{
    /// <summary>Counter: utterances that reached a verdict.</summary>
    public const string Attempts = "telephony_speech_attempts_total";

    /// <summary>Counter: utterances that chose an option.</summary>
    public const string Matches = "telephony_speech_matches_total";

    /// <summary>Counter: utterances that chose none; extra label reason (silence, unknown, no_phrase, ambiguous, low_confidence).</summary>
    public const string NoMatches = "telephony_speech_nomatch_total";

    /// <summary>Counter: menus where speech gave up and the caller was sent to the keypad.</summary>
    public const string KeypadFallbacks = "telephony_speech_keypad_fallbacks_total";

    /// <summary>Counter: no-input timeouts while listening.</summary>
    public const string NoInputs = "telephony_speech_noinput_total";

    /// <summary>Counter: 20 ms frames dropped because a speech worker was behind.</summary>
    public const string DroppedFrames = "telephony_speech_dropped_frames_total";

    /// <summary>Histogram (seconds): end of speech to intent, matched or not.</summary>
    public const string Latency = "telephony_speech_latency_seconds";

    /// <summary>Gauge, no line label: 1 when speech recognition is enabled, 0 when the service is DTMF only; label problem.</summary>
    public const string Enabled = "telephony_speech_enabled";
}
