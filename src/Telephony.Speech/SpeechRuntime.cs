namespace Telephony.Speech;

/// <summary>Checks at start-up whether speech recognition is usable, so the service can say why it runs DTMF only.</summary>
public static class SpeechRuntime
{
    /// <summary>
    /// Starts a <see cref="SpeechEngine"/> and frees it again, returning what it found. Never throws. A host that
    /// recognises speech keeps the engine instead (<see cref="SpeechEngine.Start"/>): the model is then read once.
    /// </summary>
    public static SpeechAvailability Probe(SpeechOptions options)
    {
        using var engine = SpeechEngine.Start(options);
        return engine.Availability;
    }
}
