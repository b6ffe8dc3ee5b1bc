using Telephony.Speech.Native;

namespace Telephony.Speech;

/// <summary>Checks at start-up whether speech recognition is usable, so the service can say why it runs DTMF only.</summary>
public static class SpeechRuntime
{
    private const string DtmfOnly = "DTMF only";

    // Kaldi logs every model load at info level to stderr; keep the server's output to warnings.
    private const int QuietLogLevel = -1;

    /// <summary>Loads libvosk and, when configured, the model (then frees it). Never throws: failures become <see cref="SpeechAvailability.Detail"/>.</summary>
    public static SpeechAvailability Probe(SpeechOptions options)
    {
        try
        {
            return ProbeUnchecked(options ?? new SpeechOptions());
        }
        catch (Exception ex)
        {
            // Speech is optional: an unexpected failure must not stop the telephony service.
            return new SpeechAvailability(false, false, $"speech probe failed ({ex.GetType().Name}: {ex.Message}): {DtmfOnly}");
        }
    }

    private static SpeechAvailability ProbeUnchecked(SpeechOptions options)
    {
        var libraryPath = VoskLibrary.FindLibrary(options.LibraryPath);
        if (libraryPath is null)
        {
            return new SpeechAvailability(false, false,
                $"libvosk not found (set Speech:LibraryPath or run scripts/fetch-vosk.sh to install {VoskLibrary.DefaultRelativePath}): {DtmfOnly}");
        }

        if (!VoskLibrary.TryLoad(libraryPath, out var loadError))
        {
            var setting = string.IsNullOrWhiteSpace(options.LibraryPath) ? "" : " (Speech:LibraryPath)";
            return new SpeechAvailability(false, false, $"{loadError}{setting}: {DtmfOnly}");
        }

        VoskNative.vosk_set_log_level(QuietLogLevel);
        var libraryDetail = $"libvosk loaded from {libraryPath}";
        var (modelLoaded, modelDetail) = ProbeModel(options.ModelPath);
        return new SpeechAvailability(true, modelLoaded, $"{libraryDetail}; {modelDetail}");
    }

    private static (bool Loaded, string Detail) ProbeModel(string? modelPath)
    {
        if (string.IsNullOrWhiteSpace(modelPath))
        {
            return (false, $"no model configured (Speech:ModelPath): {DtmfOnly}");
        }

        var fullPath = Path.GetFullPath(modelPath);
        if (!Directory.Exists(fullPath))
        {
            return (false, $"model directory {fullPath} not found (Speech:ModelPath): {DtmfOnly}");
        }

        // Kaldi may abort the whole process on some malformed inputs: only hand it a directory shaped like a model.
        if (!Directory.Exists(Path.Combine(fullPath, "am")) || !Directory.Exists(Path.Combine(fullPath, "conf")))
        {
            return (false, $"{fullPath} is not a Vosk model (no am/ and conf/ directories) (Speech:ModelPath): {DtmfOnly}");
        }

        using var model = VoskNative.vosk_model_new(fullPath);
        if (model.IsInvalid)
        {
            return (false, $"Vosk could not load the model at {fullPath} (Speech:ModelPath): {DtmfOnly}");
        }

        return (true, $"model loaded from {fullPath}: speech recognition enabled");
    }
}
