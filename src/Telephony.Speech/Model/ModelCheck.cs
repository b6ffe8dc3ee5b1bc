namespace Telephony.Speech.Model;

/// <summary>
/// What <see cref="VoskModelValidator"/> found: <see cref="Problem"/> is <see cref="SpeechProblem.None"/> when the
/// directory may be handed to Vosk. <see cref="SampleRate"/> is the model's audio rate (conf/mfcc.conf), and
/// <see cref="SupportsGrammar"/> is false for models with a static HCLG graph, where Vosk ignores a phrase list.
/// </summary>
public sealed record ModelCheck(SpeechProblem Problem, string Detail, string FullPath)
{
    /// <summary>Kaldi's default --sample-frequency when mfcc.conf does not set one.</summary>
    public const int KaldiDefaultSampleRate = 16000;

    public int SampleRate { get; init; } = KaldiDefaultSampleRate;

    public bool SupportsGrammar { get; init; }

    public bool IsUsable => Problem == SpeechProblem.None;
}
