namespace Telephony.Speech;

/// <summary>What speech recognition can do in this process, with <paramref name="Detail"/> written for an operator.</summary>
public sealed record SpeechAvailability(bool LibraryLoaded, bool ModelLoaded, string Detail)
{
    /// <summary>Suffix of every <see cref="Detail"/> that leaves the service without speech.</summary>
    public const string DtmfOnly = "DTMF only";

    /// <summary>Speech menus work only with both the library and a model.</summary>
    public bool SpeechEnabled => LibraryLoaded && ModelLoaded;

    /// <summary>The one thing to fix, for tests, metrics labels and /health (<see cref="SpeechProblem.None"/> when enabled).</summary>
    public SpeechProblem Problem { get; init; }

    /// <summary>"speech" or "dtmf-only": the mode label the host exports (see README, Speech).</summary>
    public string Mode => SpeechEnabled ? "speech" : "dtmf-only";
}
