namespace Telephony.Speech;

/// <summary>Why speech recognition is off (or <see cref="None"/> when it is on): one value per operator action.</summary>
public enum SpeechProblem
{
    None,

    /// <summary>libvosk.so is not where Speech:LibraryPath (or the default native/linux-x64/) says.</summary>
    LibraryMissing,

    /// <summary>The file exists but is not a loadable libvosk.</summary>
    LibraryInvalid,

    /// <summary>Speech:ModelPath is empty: DTMF only by choice.</summary>
    NoModelConfigured,

    /// <summary>Speech:ModelPath names no directory.</summary>
    ModelNotFound,

    /// <summary>The directory is empty or lacks the am/ and conf/ folders of a Vosk model.</summary>
    NotAModel,

    /// <summary>The directory looks like a model but files Vosk needs are missing.</summary>
    ModelIncomplete,

    /// <summary>A model file is there but its content is not what Vosk expects (garbage, wrong format, unreadable).</summary>
    ModelCorrupt,

    /// <summary>The files passed our checks but Vosk refused them (its reason is on stderr, from Kaldi).</summary>
    ModelLoadFailed,

    /// <summary>Anything unexpected while probing; the service stays up on DTMF.</summary>
    ProbeFailed,
}
