namespace Telephony.Speech;

/// <summary>Configuration section "Speech".</summary>
public sealed class SpeechOptions
{
    /// <summary>Path of libvosk.so; when empty, native/linux-x64/libvosk.so is searched from the current and application directories upwards.</summary>
    public string? LibraryPath { get; set; }

    /// <summary>Directory of a Vosk model (e.g. vosk-model-small-fr-0.22); when empty the service runs DTMF only.</summary>
    public string? ModelPath { get; set; }
}
