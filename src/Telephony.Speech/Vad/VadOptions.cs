namespace Telephony.Speech.Vad;

/// <summary>Settings of <see cref="VoiceActivityDetector"/>, in 20 ms frames of 8 kHz audio (160 samples).</summary>
public sealed record VadOptions
{
    public const int SampleRate = 8000;

    public const int FrameSamples = 160;

    public static readonly TimeSpan FrameDuration = TimeSpan.FromMilliseconds(20);

    public static readonly VadOptions Default = new();

    /// <summary>A frame is voiced when this far above the noise floor (dB).</summary>
    public double ThresholdDb { get; init; } = 10;

    /// <summary>Once speech has started, frames stay voiced down to this much less above the floor (dB), so word endings are kept.</summary>
    public double HysteresisDb { get; init; } = 3;

    /// <summary>Nothing quieter is speech, whatever the floor (dBFS): line hiss after digital silence is not a caller.</summary>
    public double MinSpeechLevelDb { get; init; } = -45;

    /// <summary>Voiced frames in a row before speech starts (3 = 60 ms: a click or a DTMF blip does not barge in).</summary>
    public int OnsetFrames { get; init; } = 3;

    /// <summary>Unvoiced frames in a row that end speech (25 = 500 ms: the pause between two words is shorter).</summary>
    public int HangoverFrames { get; init; } = 25;

    /// <summary>The floor is the quietest frame energy over this many frames (2 s): it follows the line's noise up and down.</summary>
    public int NoiseWindowFrames { get; init; } = 100;

    /// <summary>Frames heard before anything counts as voiced, so the floor is learnt first (10 = 200 ms).</summary>
    public int WarmupFrames { get; init; } = 10;
}
