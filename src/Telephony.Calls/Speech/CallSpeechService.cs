using Telephony.Calls.Channels;
using Telephony.Ivr;
using Telephony.Speech;
using Telephony.Speech.Metrics;
using Telephony.Speech.Pipeline;
using Telephony.Speech.Recognition;

namespace Telephony.Calls.Speech;

/// <summary>
/// The process's speech recognition for calls: the recognizer factory (the Vosk engine with its model loaded once,
/// or the scripted stand-in of tests), the worker threads recognition runs on, and the metrics. <see cref="Open"/>
/// gives a call its <see cref="CallSpeech"/>, or null when the call stays on the keypad (no model, a line without
/// spoken phrases, a channel without audio). One per process.
/// </summary>
public sealed class CallSpeechService : IDisposable
{
    private readonly ISpeechRecognizerFactory? _recognizers;
    private readonly SpeechWorkerPool? _pool;
    private readonly ISpeechMetrics _metrics;
    private readonly SpeechPipelineOptions _pipelineOptions;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly IDisposable? _owned;
    private readonly HashSet<string> _warnedScripts = [];

    public CallSpeechService(
        ISpeechRecognizerFactory? recognizers,
        SpeechAvailability availability,
        ISpeechMetrics metrics,
        SpeechPipelineOptions pipelineOptions,
        bool storeTranscripts,
        ILoggerFactory loggers,
        SpeechWorkerPool? pool = null,
        IDisposable? owned = null)
    {
        _recognizers = recognizers is { IsAvailable: true } ? recognizers : null;
        Availability = availability;
        _metrics = metrics;
        _pipelineOptions = pipelineOptions;
        StoreTranscripts = storeTranscripts;
        _loggers = loggers;
        _logger = loggers.CreateLogger<CallSpeechService>();
        _pool = _recognizers is null ? null : pool;
        _owned = owned;
    }

    /// <summary>What recognition can do here, for the log, /health and the telephony_speech_enabled gauge.</summary>
    public SpeechAvailability Availability { get; }

    public bool Enabled => _recognizers is not null;

    /// <summary>Speech:StoreTranscripts: what callers said is written to their call record.</summary>
    public bool StoreTranscripts { get; }

    /// <summary>
    /// From configuration: the scripted stand-in with Speech:Recognizer=scripted, otherwise the Vosk engine (DTMF
    /// only when it finds no library or model). Never throws for a missing or bad model.
    /// </summary>
    public static CallSpeechService Create(SpeechOptions options, ISpeechMetrics metrics, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var pipeline = SpeechPipelineOptions.Default with { MaxAttempts = options.MaxAttempts };
        ISpeechRecognizerFactory recognizers;
        SpeechAvailability availability;
        IDisposable? owned = null;
        if (options.UsesScriptedRecognizer)
        {
            recognizers = new ScriptedRecognizerFactory([.. options.ScriptedTranscripts]) { MinSpeechFrames = 10 };
            availability = new SpeechAvailability(true, true,
                $"scripted recognizer stand-in (Speech:Recognizer=scripted, {options.ScriptedTranscripts.Count} transcript(s)): speech recognition enabled for tests");
        }
        else
        {
            var engine = SpeechEngine.Start(options, loggers.CreateLogger<SpeechEngine>());
            (recognizers, availability, owned) = (engine, engine.Availability, engine);
        }

        var pool = recognizers.IsAvailable ? new SpeechWorkerPool(options.Workers > 0 ? options.Workers : null) : null;
        return new CallSpeechService(recognizers, availability, metrics, pipeline, options.StoreTranscripts, loggers, pool, owned);
    }

    /// <summary>
    /// The call's speech, or null when it stays on the keypad: speech off, a channel that gives no audio, a script
    /// with no spoken phrase, or a scripts folder without the fragment that tells callers to use the keys.
    /// </summary>
    public CallSpeech? Open(ICallChannel channel, IvrScript script)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(script);
        if (_recognizers is null || channel is not IReceivedAudioSource audio || !HasSpokenMenus(script))
        {
            return null;
        }

        if (!File.Exists(script.FragmentPath(AnnouncementFragments.SpeechToKeypad)))
        {
            WarnOnce(script);
            return null;
        }

        var line = new SpeechLine(script.Network, script.LineLabel);
        var pipeline = new SpeechPipeline(_recognizers, line, _pool, _pipelineOptions, _metrics, logger: _loggers.CreateLogger<SpeechPipeline>());
        return new CallSpeech(pipeline, audio, channel.CallId, _loggers.CreateLogger<CallSpeech>());
    }

    public void Dispose()
    {
        _pool?.Dispose();
        _owned?.Dispose();
    }

    private static bool HasSpokenMenus(IvrScript script) =>
        script.Nodes.Values.OfType<MenuNode>().Any(menu => SpeechMenus.For(menu) is not null);

    private void WarnOnce(IvrScript script)
    {
        lock (_warnedScripts)
        {
            if (!_warnedScripts.Add(script.Name))
            {
                return;
            }
        }

        _logger.LogWarning("Speech: line {Line} stays on the keypad: fragment {Fragment}.wav is missing (scripts/generate-prompts.sh)",
            script.LineLabel, AnnouncementFragments.SpeechToKeypad);
    }
}
