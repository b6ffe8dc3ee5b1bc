namespace Telephony.Speech;

/// <summary>What speech recognition can do in this process, with <paramref name="Detail"/> written for an operator.</summary>
public sealed record SpeechAvailability(bool LibraryLoaded, bool ModelLoaded, string Detail)
{
    /// <summary>Speech menus work only with both the library and a model.</summary>
    public bool SpeechEnabled => LibraryLoaded && ModelLoaded;
}
