using Telephony.Speech.Native;

namespace Telephony.Speech.Tests.Support;

/// <summary>A fact that needs a real Vosk model (VOSK_MODEL_PATH) and libvosk; skipped with the reason otherwise.</summary>
public sealed class VoskModelFactAttribute : FactAttribute
{
    public VoskModelFactAttribute()
    {
        var model = Environment.GetEnvironmentVariable("VOSK_MODEL_PATH");
        if (string.IsNullOrWhiteSpace(model) || !Directory.Exists(model))
        {
            Skip = "no Vosk model: set VOSK_MODEL_PATH to a model folder (scripts/fetch-vosk-model.sh fetches vosk-model-small-fr-0.22).";
        }
        else if (VoskLibrary.FindLibrary(null) is null)
        {
            Skip = $"libvosk not installed: {VoskLibrary.DefaultRelativePath} not found (run scripts/fetch-vosk.sh).";
        }
    }
}
