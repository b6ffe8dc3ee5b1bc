using Prometheus;
using Telephony.Speech;
using Telephony.Speech.Intent;
using Telephony.Speech.Metrics;

namespace Telephony.Calls.Metrics;

/// <summary>
/// Speech recognition's Prometheus series (names in <see cref="SpeechMetricNames"/>), labelled by network and line
/// only: never a number, never what was said. Called on speech worker threads; prometheus-net's children are thread-safe.
/// </summary>
public sealed class SpeechMetrics : ISpeechMetrics
{
    private readonly Counter _attempts;
    private readonly Counter _matches;
    private readonly Counter _noMatches;
    private readonly Counter _fallbacks;
    private readonly Counter _noInputs;
    private readonly Counter _dropped;
    private readonly Histogram _latency;
    private readonly Gauge _enabled;

    public SpeechMetrics(IMetricFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        string[] line = ["network", "line"];
        _attempts = factory.CreateCounter(SpeechMetricNames.Attempts, "Utterances in IVR menus that reached the recognizer's verdict (matched or not).", line);
        _matches = factory.CreateCounter(SpeechMetricNames.Matches, "Utterances that chose a menu option, as its key would.", line);
        _noMatches = factory.CreateCounter(SpeechMetricNames.NoMatches,
            "Utterances that chose no option, by reason: silence, unknown ([unk]), no_phrase, ambiguous, low_confidence.", [.. line, "reason"]);
        _fallbacks = factory.CreateCounter(SpeechMetricNames.KeypadFallbacks, "Menus where speech gave up and the caller was asked to use the keypad.", line);
        _noInputs = factory.CreateCounter(SpeechMetricNames.NoInputs, "No-input timeouts while a menu listened.", line);
        _dropped = factory.CreateCounter(SpeechMetricNames.DroppedFrames, "20 ms audio frames dropped because a speech worker was behind (the media thread never waits).", line);
        _latency = factory.CreateHistogram(SpeechMetricNames.Latency, "Time from the end of speech to the intent (matched or not).", line,
            new HistogramConfiguration { Buckets = [0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5] });
        _enabled = factory.CreateGauge(SpeechMetricNames.Enabled,
            "1 when speech recognition is on, 0 when the service is DTMF only; label problem says why (none when on).", ["problem"]);
    }

    /// <summary>Exports the mode once at start-up: 1 with problem="none", or 0 (DTMF only) with the problem to fix.</summary>
    public void SetAvailability(SpeechAvailability availability)
    {
        ArgumentNullException.ThrowIfNull(availability);
        _enabled.WithLabels(ProblemLabel(availability.Problem)).Set(availability.SpeechEnabled ? 1 : 0);
    }

    /// <summary>Creates the line's series at zero, so dashboards show a rate of 0 rather than no data.</summary>
    public void DeclareLine(string network, string line)
    {
        _attempts.WithLabels(network, line);
        _matches.WithLabels(network, line);
        _fallbacks.WithLabels(network, line);
        _latency.WithLabels(network, line);
        foreach (var reason in Enum.GetValues<NoMatchReason>().Where(r => r != NoMatchReason.None))
        {
            _noMatches.WithLabels(network, line, ReasonLabel(reason));
        }
    }

    public void Attempt(SpeechLine line) => _attempts.WithLabels(line.Network, line.Line).Inc();

    public void Matched(SpeechLine line, TimeSpan latency)
    {
        _matches.WithLabels(line.Network, line.Line).Inc();
        _latency.WithLabels(line.Network, line.Line).Observe(latency.TotalSeconds);
    }

    public void NotMatched(SpeechLine line, NoMatchReason reason, TimeSpan latency)
    {
        _noMatches.WithLabels(line.Network, line.Line, ReasonLabel(reason)).Inc();
        _latency.WithLabels(line.Network, line.Line).Observe(latency.TotalSeconds);
    }

    public void KeypadFallback(SpeechLine line) => _fallbacks.WithLabels(line.Network, line.Line).Inc();

    public void NoInput(SpeechLine line) => _noInputs.WithLabels(line.Network, line.Line).Inc();

    public void FramesDropped(SpeechLine line, int frames) => _dropped.WithLabels(line.Network, line.Line).Inc(frames);

    public static string ReasonLabel(NoMatchReason reason) => reason switch
    {
        NoMatchReason.Silence => "silence",
        NoMatchReason.Unknown => "unknown",
        NoMatchReason.NoPhrase => "no_phrase",
        NoMatchReason.Ambiguous => "ambiguous",
        NoMatchReason.LowConfidence => "low_confidence",
        _ => "none",
    };

    /// <summary>snake_case of the enum ("ModelNotFound" → "model_not_found").</summary>
    public static string ProblemLabel(SpeechProblem problem) =>
        string.Concat(problem.ToString().Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));
}
