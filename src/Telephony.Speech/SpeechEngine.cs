using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Telephony.Speech.Intent;
using Telephony.Speech.Model;
using Telephony.Speech.Native;
using Telephony.Speech.Recognition;
using Telephony.Speech.Vad;

namespace Telephony.Speech;

/// <summary>
/// The process's speech engine: libvosk loaded and the model read once, shared by every call; one recognizer per
/// call and menu from <see cref="Create(SpeechMenu)"/>. <see cref="Start"/> never throws: without library or model,
/// or with a bad one, the engine is unavailable and <see cref="Availability"/> says why in one sentence (for the
/// log and /health), and calls stay on the keypad. Thread-safe: Vosk's model is read-only once loaded, and the few
/// calls that change its reference count (creating and freeing recognizers) are serialised on one lock.
/// </summary>
public sealed class SpeechEngine : ISpeechRecognizerFactory, IDisposable
{
    private readonly VoskModelHandle? _model;
    private readonly ILogger _logger;

    private SpeechEngine(SpeechAvailability availability, VoskModelHandle? model, ModelCheck? check, ILogger logger)
    {
        Availability = availability;
        _model = model;
        Model = check;
        _logger = logger;
    }

    public SpeechAvailability Availability { get; }

    /// <summary>What the model check found (path, sample rate, grammar support); null when no model was tried.</summary>
    public ModelCheck? Model { get; }

    public bool IsAvailable => _model is { IsInvalid: false, IsClosed: false };

    /// <summary>Guards Vosk calls that touch the shared model's reference count.</summary>
    internal Lock NativeGate { get; } = new();

    /// <summary>Loads libvosk and the configured model; never throws (failures become <see cref="Availability"/>).</summary>
    public static SpeechEngine Start(SpeechOptions? options, ILogger? logger = null)
    {
        options ??= new SpeechOptions();
        logger ??= NullLogger.Instance;
        try
        {
            return StartUnchecked(options, logger);
        }
        catch (Exception ex)
        {
            // Speech is optional: an unexpected failure must not stop the telephony service.
            return Unavailable(false, SpeechProblem.ProbeFailed, $"speech probe failed ({ex.GetType().Name}: {ex.Message})", logger);
        }
    }

    /// <summary>True when the model's vocabulary has <paramref name="word"/> (always false when unavailable).</summary>
    public bool IsKnownWord(string word)
    {
        if (!IsAvailable)
        {
            return false;
        }

        return VoskNative.vosk_model_find_word(_model!, word) >= 0;
    }

    /// <summary>A recognizer for <paramref name="menu"/>'s phrases, with words the model lacks left out and logged.</summary>
    public ISpeechRecognizer Create(SpeechMenu menu)
    {
        ArgumentNullException.ThrowIfNull(menu);
        var grammar = menu.BuildGrammar(IsAvailable ? IsKnownWord : null);
        if (grammar.LeftOutWords.Count > 0)
        {
            _logger.LogWarning("Speech: the model does not know {Words}; callers saying them will be asked again",
                string.Join(", ", grammar.LeftOutWords));
        }

        return Create(grammar);
    }

    public ISpeechRecognizer Create(SpeechGrammar grammar)
    {
        ArgumentNullException.ThrowIfNull(grammar);
        if (!IsAvailable)
        {
            throw new SpeechRecognizerException($"speech is unavailable: {Availability.Detail}");
        }

        // 8 kHz is fed as is to an 8 kHz model; a 16 kHz model gets it doubled here (Kaldi would refuse to upsample).
        var upsample = Model!.SampleRate == 2 * VadOptions.SampleRate;
        var rate = upsample ? Model.SampleRate : VadOptions.SampleRate;
        VoskRecognizerHandle handle;
        lock (NativeGate)
        {
            handle = Model.SupportsGrammar
                ? VoskNative.vosk_recognizer_new_grm(_model!, rate, grammar.Json)
                : VoskNative.vosk_recognizer_new(_model!, rate);
        }

        if (handle.IsInvalid)
        {
            handle.Dispose();
            throw new SpeechRecognizerException($"Vosk could not create a recognizer (grammar {grammar.Json}; see Kaldi's error on stderr)");
        }

        VoskNative.vosk_recognizer_set_words(handle, 1);
        return new VoskSpeechRecognizer(this, handle, upsample);
    }

    public void Dispose()
    {
        lock (NativeGate)
        {
            _model?.Dispose();
        }
    }

    private static SpeechEngine StartUnchecked(SpeechOptions options, ILogger logger)
    {
        var libraryPath = VoskLibrary.FindLibrary(options.LibraryPath);
        if (libraryPath is null)
        {
            return Unavailable(false, SpeechProblem.LibraryMissing,
                $"libvosk not found (set Speech:LibraryPath or run scripts/fetch-vosk.sh to install {VoskLibrary.DefaultRelativePath})", logger);
        }

        if (!VoskLibrary.TryLoad(libraryPath, out var loadError))
        {
            var setting = string.IsNullOrWhiteSpace(options.LibraryPath) ? "" : " (Speech:LibraryPath)";
            var problem = File.Exists(libraryPath) ? SpeechProblem.LibraryInvalid : SpeechProblem.LibraryMissing;
            return Unavailable(false, problem, loadError + setting, logger);
        }

        VoskNative.vosk_set_log_level(options.LogLevel);
        var library = $"libvosk loaded from {libraryPath}";
        if (string.IsNullOrWhiteSpace(options.ModelPath))
        {
            return Unavailable(true, SpeechProblem.NoModelConfigured, $"{library}; no model configured (Speech:ModelPath)", logger);
        }

        var check = VoskModelValidator.Check(options.ModelPath);
        if (!check.IsUsable)
        {
            return Unavailable(true, check.Problem, $"{library}; {check.Detail} (Speech:ModelPath)", logger, check);
        }

        var model = VoskNative.vosk_model_new(check.FullPath);
        if (model.IsInvalid)
        {
            model.Dispose();
            return Unavailable(true, SpeechProblem.ModelLoadFailed,
                $"{library}; Vosk could not load the model at {check.FullPath}, see Kaldi's ERROR line on stderr (Speech:ModelPath)", logger, check);
        }

        var grammar = check.SupportsGrammar ? "menu phrases as grammar" : "no grammar support (static graph): free recognition";
        var availability = new SpeechAvailability(true, true,
            $"{library}; model loaded from {check.FullPath} ({check.SampleRate} Hz, {grammar}): speech recognition enabled");
        logger.LogInformation("Speech: {Detail}", availability.Detail);
        return new SpeechEngine(availability, model, check, logger);
    }

    private static SpeechEngine Unavailable(bool libraryLoaded, SpeechProblem problem, string detail, ILogger logger, ModelCheck? check = null)
    {
        var availability = new SpeechAvailability(libraryLoaded, false, $"{detail}: {SpeechAvailability.DtmfOnly}") { Problem = problem };
        logger.LogWarning("Speech: {Detail}", availability.Detail);
        return new SpeechEngine(availability, null, check, logger);
    }
}
