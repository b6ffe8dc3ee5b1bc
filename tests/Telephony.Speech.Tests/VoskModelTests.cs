using Telephony.Speech.Metrics;
using Telephony.Speech.Pipeline;
using Telephony.Speech.Tests.Support;

namespace Telephony.Speech.Tests;

/// <summary>With a real model (VOSK_MODEL_PATH, e.g. vosk-model-small-fr-0.22): skipped with the reason when there is none.</summary>
public sealed class VoskModelTests
{
    [VoskModelFact]
    public void The_model_loads_and_knows_the_words_of_the_shipped_menus()
    {
        using var engine = SpeechEngine.Start(new SpeechOptions { ModelPath = Environment.GetEnvironmentVariable("VOSK_MODEL_PATH") });

        Assert.True(engine.IsAvailable, engine.Availability.Detail);
        foreach (var (script, node, menu) in ShippedMenus.All())
        {
            var grammar = menu.BuildGrammar(engine.IsKnownWord);
            Assert.True(grammar.LeftOutWords.Count == 0, $"{script}/{node}: the model lacks {string.Join(", ", grammar.LeftOutWords)}");
        }
    }

    [VoskModelFact]
    public void Spoken_French_reaches_the_right_option_through_the_real_recognizer()
    {
        var speech = Signals.FrenchSpeech("relevé de carrière", out var reason)
            ?? throw new InvalidOperationException(reason);
        using var engine = SpeechEngine.Start(new SpeechOptions { ModelPath = Environment.GetEnvironmentVariable("VOSK_MODEL_PATH") });
        using var pipeline = new SpeechPipeline(engine, new SpeechLine("CNAV", "3960"));
        var events = new List<SpeechEvent>();
        pipeline.Events += events.Add;
        var audio = Signals.Concat(Signals.Noise(1, -50), speech, Signals.Noise(1.5, -50));
        pipeline.Listen(ShippedMenus.Get("cnav", "main-menu"));

        for (var offset = 0; offset + 160 <= audio.Length; offset += 160)
        {
            pipeline.Push(audio.AsSpan(offset, 160));
            pipeline.ProcessPending();
        }

        var recognized = Assert.IsType<SpeechRecognized>(events[^1]);
        Assert.Equal("3", recognized.Match.Key);
    }
}
