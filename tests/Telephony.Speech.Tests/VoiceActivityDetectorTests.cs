using Telephony.Speech.Tests.Support;
using Telephony.Speech.Vad;

namespace Telephony.Speech.Tests;

public sealed class VoiceActivityDetectorTests
{
    private const int Frame = VadOptions.FrameSamples;

    [Fact]
    public void Digital_silence_and_steady_line_noise_are_never_speech()
    {
        Assert.Empty(Segments(Signals.Silence(3)));
        Assert.Empty(Segments(Signals.Noise(3, levelDb: -35)));
    }

    [Fact]
    public void A_loud_burst_after_noise_starts_after_the_onset_and_ends_after_the_hangover()
    {
        var audio = Signals.Concat(Signals.Noise(1, -50, seed: 1), Signals.Mix(Signals.Tone(0.6, 440, -20), Signals.Noise(0.6, -50, seed: 2)), Signals.Noise(1.5, -50, seed: 3));

        var segment = Assert.Single(Segments(audio));

        // Burst frames 50..79; onset after 3 voiced frames, end after 25 unvoiced ones.
        Assert.Equal(50 + VadOptions.Default.OnsetFrames - 1, segment.Start);
        Assert.Equal(80 + VadOptions.Default.HangoverFrames - 1, segment.End);
    }

    [Fact]
    public void A_click_shorter_than_the_onset_does_not_start_speech()
    {
        var audio = Signals.Concat(Signals.Silence(0.5), Signals.Tone(0.04, 1000, -10), Signals.Silence(1));

        Assert.Empty(Segments(audio));
    }

    [Fact]
    public void Speech_quieter_than_the_absolute_minimum_is_ignored_even_over_digital_silence()
    {
        var audio = Signals.Concat(Signals.Silence(0.5), Signals.Tone(1, 300, -60), Signals.Silence(1));

        Assert.Empty(Segments(audio));
    }

    [Fact]
    public void A_tone_that_persists_becomes_the_noise_floor_and_speech_ends()
    {
        var detector = new VoiceActivityDetector();
        var audio = Signals.Concat(Signals.Silence(0.5), Signals.Tone(4, 425, -20));

        var segments = Segments(audio, detector);

        var segment = Assert.Single(segments);
        Assert.True(segment.End < audio.Length / Frame, "a steady tone must not be speech for ever");
        Assert.InRange(detector.NoiseFloorDb, -21, -19);
    }

    [Fact]
    public void The_floor_follows_a_noisier_line_so_the_same_voice_level_is_judged_against_it()
    {
        var detector = new VoiceActivityDetector();

        Segments(Signals.Noise(3, -30), detector);

        Assert.InRange(detector.NoiseFloorDb, -33, -29);
        Assert.False(detector.InSpeech);
    }

    [Fact]
    public void The_same_audio_gives_the_same_decisions()
    {
        var audio = Signals.Concat(Signals.Noise(1, -45), Signals.Tone(0.5, 300, -15), Signals.Noise(1, -45));

        Assert.Equal(Segments(audio), Segments(audio));
    }

    [Fact]
    public void Processing_a_frame_allocates_nothing()
    {
        var detector = new VoiceActivityDetector();
        var audio = Signals.Concat(Signals.Noise(1, -45), Signals.Tone(1, 300, -15), Signals.Noise(1, -45));
        Segments(audio, detector);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var offset = 0; offset + Frame <= audio.Length; offset += Frame)
        {
            detector.Process(audio.AsSpan(offset, Frame));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [SpeechToolsFact]
    public void Real_French_speech_over_line_noise_is_one_utterance_around_the_words()
    {
        var speech = Signals.FrenchSpeech("je voudrais le service des paiements", out _)!;
        var lead = Signals.Noise(1, -50, seed: 4);
        var audio = Signals.Concat(lead, Signals.Mix(speech, Signals.Noise(speech.Length / 8000.0 + 1, -50, seed: 5)), Signals.Noise(1.5, -50, seed: 6));
        var speechStartFrame = lead.Length / Frame;
        var speechEndFrame = (lead.Length + speech.Length) / Frame;

        var segments = Segments(audio);

        // espeak's pauses between words are shorter than the hangover: one utterance, starting near the first word.
        var segment = Assert.Single(segments);
        Assert.InRange(segment.Start, speechStartFrame, speechStartFrame + 15);
        Assert.InRange(segment.End, speechEndFrame - 15, speechEndFrame + VadOptions.Default.HangoverFrames + 5);
    }

    [SpeechToolsFact]
    public void Two_French_answers_separated_by_a_second_are_two_utterances()
    {
        var first = Signals.FrenchSpeech("retraite", out _)!;
        var second = Signals.FrenchSpeech("paiement", out _)!;
        var audio = Signals.Concat(Signals.Noise(0.5, -50, 7), first, Signals.Noise(1, -50, 8), second, Signals.Noise(1, -50, 9));

        Assert.Equal(2, Segments(audio).Count);
    }

    /// <summary>(first frame, last frame) of each utterance: frame indices of SpeechStarted and SpeechEnded.</summary>
    private static List<(int Start, int End)> Segments(short[] audio, VoiceActivityDetector? detector = null)
    {
        detector ??= new VoiceActivityDetector();
        var segments = new List<(int Start, int End)>();
        var start = -1;
        var frames = audio.Length / Frame;
        for (var i = 0; i < frames; i++)
        {
            switch (detector.Process(audio.AsSpan(i * Frame, Frame)))
            {
                case VadEvent.SpeechStarted:
                    start = i;
                    break;
                case VadEvent.SpeechEnded:
                    segments.Add((start, i));
                    start = -1;
                    break;
            }
        }

        if (start >= 0)
        {
            segments.Add((start, frames));
        }

        return segments;
    }
}
