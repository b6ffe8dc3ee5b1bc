using Telephony.Speech.Intent;
using Telephony.Speech.Vad;

namespace Telephony.Speech.Pipeline;

/// <summary>Settings of a <see cref="SpeechPipeline"/> (one set for every call).</summary>
public sealed record SpeechPipelineOptions
{
    public static readonly SpeechPipelineOptions Default = new();

    /// <summary>Frames waiting between the media thread and the worker (100 = 2 s); past that, frames are dropped and counted.</summary>
    public int QueueFrames { get; init; } = 100;

    /// <summary>Longest utterance: a caller who reads out a letter is cut here and the words so far are matched.</summary>
    public TimeSpan MaxUtterance { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>Audio kept before the detector's onset and fed to the recognizer, so the first syllable is not lost (300 ms).</summary>
    public int PreRollFrames { get; init; } = 15;

    /// <summary>Unmatched utterances in one menu before speech gives up for the keypad.</summary>
    public int MaxAttempts { get; init; } = 2;

    public VadOptions Vad { get; init; } = VadOptions.Default;

    public IntentMatcherOptions Matcher { get; init; } = IntentMatcherOptions.Default;
}
