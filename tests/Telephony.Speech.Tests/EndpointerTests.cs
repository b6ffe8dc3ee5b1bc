using Telephony.Speech.Tests.Support;
using Telephony.Speech.Vad;

namespace Telephony.Speech.Tests;

public sealed class EndpointerTests
{
    private const int Frame = VadOptions.FrameSamples;

    [Fact]
    public void No_input_fires_after_the_timeout_in_audio_time_and_again_after_another()
    {
        var (detector, endpointer) = Create();
        endpointer.Arm(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8));

        var events = Run(detector, endpointer, Signals.Noise(2.5, -50));

        Assert.Equal([49, 99], events.Where(e => e.Event == EndpointEvent.NoInput).Select(e => e.Frame));
    }

    [Fact]
    public void Speech_starts_then_ends_and_no_input_does_not_fire_meanwhile()
    {
        var (detector, endpointer) = Create();
        endpointer.Arm(TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(8));
        var audio = Signals.Concat(Signals.Noise(0.5, -50), Signals.Tone(2, 300, -15), Signals.Noise(1, -50));

        var events = Run(detector, endpointer, audio).Select(e => e.Event).ToList();

        Assert.Equal([EndpointEvent.SpeechStarted, EndpointEvent.SpeechEnded], events);
    }

    [Fact]
    public void An_utterance_longer_than_the_maximum_is_cut_and_the_next_waits_for_silence()
    {
        var (detector, endpointer) = Create(new VadOptions { NoiseWindowFrames = 1000 });
        endpointer.Arm(null, TimeSpan.FromSeconds(1));
        var audio = Signals.Concat(Signals.Noise(0.5, -50), Signals.Mix(Signals.Tone(3, 300, -15), Signals.Noise(3, -40)), Signals.Noise(1, -50));

        var events = Run(detector, endpointer, audio);

        Assert.Equal([EndpointEvent.SpeechStarted, EndpointEvent.MaxLengthReached], events.Select(e => e.Event));
        var start = events[0].Frame - VadOptions.Default.OnsetFrames;
        Assert.Equal(start + 50, events[1].Frame);
    }

    [Fact]
    public void A_disarmed_endpointer_reports_nothing()
    {
        var (detector, endpointer) = Create();

        Assert.Empty(Run(detector, endpointer, Signals.Concat(Signals.Noise(0.5, -50), Signals.Tone(1, 300, -15))));
    }

    private static (VoiceActivityDetector, Endpointer) Create(VadOptions? options = null)
    {
        var detector = new VoiceActivityDetector(options);
        return (detector, new Endpointer(detector));
    }

    private static List<(int Frame, EndpointEvent Event)> Run(VoiceActivityDetector detector, Endpointer endpointer, short[] audio)
    {
        var events = new List<(int, EndpointEvent)>();
        for (var i = 0; i < audio.Length / Frame; i++)
        {
            var result = endpointer.Process(detector.Process(audio.AsSpan(i * Frame, Frame)));
            if (result != EndpointEvent.None)
            {
                events.Add((i, result));
            }
        }

        return events;
    }
}
