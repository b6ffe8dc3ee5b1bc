using Telephony.Speech.Intent;

namespace Telephony.Speech.Metrics;

/// <summary>The line a pipeline serves, for metric labels (the IVR script's network and line label).</summary>
public readonly record struct SpeechLine(string Network, string Line);

/// <summary>
/// Where the pipeline counts what speech did, so this library needs no metrics package: the host implements it
/// over Prometheus with the names in <see cref="SpeechMetricNames"/>. Called on speech worker threads: an
/// implementation must be thread-safe and quick (counters, a histogram observation).
/// </summary>
public interface ISpeechMetrics
{
    /// <summary>An utterance reached the recognizer's verdict (matched or not).</summary>
    void Attempt(SpeechLine line);

    /// <summary>An option was chosen by speech; <paramref name="latency"/> is end of speech to intent.</summary>
    void Matched(SpeechLine line, TimeSpan latency);

    /// <summary>An utterance chose no option (the caller is asked again, or falls back).</summary>
    void NotMatched(SpeechLine line, NoMatchReason reason, TimeSpan latency);

    /// <summary>Speech gave up for this menu: the caller is sent to the keypad.</summary>
    void KeypadFallback(SpeechLine line);

    /// <summary>No speech within the no-input timeout.</summary>
    void NoInput(SpeechLine line);

    /// <summary>Audio frames dropped because the speech worker was behind (the media thread never waits).</summary>
    void FramesDropped(SpeechLine line, int frames);
}

/// <summary>Counts nothing: for hosts and tests that do not export speech metrics.</summary>
public sealed class NullSpeechMetrics : ISpeechMetrics
{
    public static readonly NullSpeechMetrics Instance = new();

    public void Attempt(SpeechLine line)
    {
    }

    public void Matched(SpeechLine line, TimeSpan latency)
    {
    }

    public void NotMatched(SpeechLine line, NoMatchReason reason, TimeSpan latency)
    {
    }

    public void KeypadFallback(SpeechLine line)
    {
    }

    public void NoInput(SpeechLine line)
    {
    }

    public void FramesDropped(SpeechLine line, int frames)
    {
    }
}
