using Telephony.Speech.Tests.Support;

namespace Telephony.Bench.Speech;

/// <summary>8 kHz bench audio, made with the test suite's <see cref="Signals"/>.</summary>
internal static class BenchAudio
{
    /// <summary>1 s of noise at −50 dBFS, 0.6 s of a −15 dBFS tone over noise, 1 s of noise: one utterance every 2.6 s.</summary>
    public static short[] UtteranceLoop() => Signals.Concat(
        Signals.Noise(1, -50, seed: 1),
        Signals.Mix(Signals.Tone(0.6, 300, -15), Signals.Noise(0.6, -50, seed: 2)),
        Signals.Noise(1, -50, seed: 3));

    /// <summary>French speech from espeak-ng at 8 kHz (sox), or null when the tools are missing.</summary>
    public static short[]? FrenchSpeech(string text)
    {
        var speech = Signals.FrenchSpeech(text, out var reason);
        if (speech is null)
        {
            Console.WriteLine($"  ({reason}; using a synthetic utterance instead)");
        }

        return speech;
    }
}
