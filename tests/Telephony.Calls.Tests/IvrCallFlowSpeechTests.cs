using Microsoft.Extensions.Logging.Abstractions;
using Telephony.Calls.Flow;
using Telephony.Calls.Queues;
using Telephony.Calls.Speech;
using Telephony.Ivr;
using Telephony.Speech;
using Telephony.Speech.Intent;
using Telephony.Speech.Metrics;
using Telephony.Speech.Pipeline;
using Telephony.Speech.Recognition;

namespace Telephony.Calls.Tests;

/// <summary>
/// Speech wired into the call flow over the real CNAV script: the caller's audio reaches the call's pipeline (real
/// voice activity detection and intent matching, workers of their own), the scripted recognizer stands in for Vosk.
/// </summary>
public sealed partial class IvrCallFlowTests
{
    private const string Retraite = "je voudrais des nouvelles de ma retraite";

    [Fact]
    public async Task Speech_over_the_menu_prompt_stops_it_and_chooses_the_option_as_its_key_would_and_the_agent_is_told_what_was_said()
    {
        using var speech = Speech(new ScriptedRecognizerFactory(Retraite));
        var channel = new FakeCallChannel { PromptsFinishImmediately = false };
        var run = Flow(speech).RunAsync(channel, Cnav, CancellationToken.None);

        Assert.Equal("welcome", await channel.NextPromptStartedAsync());
        Assert.False(channel.AudioTaken); // the welcome is no menu: nothing listens yet
        channel.FinishPrompt();
        Assert.Equal("main-menu", await channel.NextPromptStartedAsync());
        Assert.True(channel.AudioTaken);
        channel.Speak(Utterance());

        // The menu prompt is never finished by the test: only the barge-in can have stopped it.
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("cnav.retraite", _queues.Joined.Single().QueueId);
        Assert.Equal(["welcome", "hours", "main-menu", "main-menu:speech", "queue-retraite"], result.Path);
        var said = Assert.Single(_queues.Callers.Single().ForAgent, i => i.Label == WaitingCaller.SaidLabel);
        Assert.Equal($"« {Retraite} »", said.Value);
        Assert.Equal(["Retraite"], _queues.Callers.Single().ChoicesInWords);
        Assert.False(channel.AudioTaken); // handed back before the queue
        Assert.Null(result.Transcript); // not stored by default
        Assert.Equal(["attempt", "matched"], _metrics.Calls);
    }

    [Fact]
    public async Task An_unknown_utterance_asks_again_and_a_second_one_tells_the_caller_to_use_the_keypad_whose_key_then_chooses()
    {
        using var speech = Speech(new ScriptedRecognizerFactory("[unk]", "bla bla bla"));
        var channel = new FakeCallChannel();
        var run = Flow(speech).RunAsync(channel, Cnav, CancellationToken.None);

        Assert.Equal("welcome", await channel.NextPromptStartedAsync());
        Assert.Equal("main-menu", await channel.NextPromptStartedAsync());
        channel.Speak(Utterance());
        Assert.Equal("invalid-choice", await channel.NextPromptStartedAsync());
        Assert.Equal("main-menu", await channel.NextPromptStartedAsync());
        channel.Speak(Utterance());
        Assert.Equal(AnnouncementFragments.SpeechToKeypad, await channel.NextPromptStartedAsync());
        Assert.Equal("main-menu", await channel.NextPromptStartedAsync());
        channel.Press('2');
        Assert.Equal("payment-menu", await channel.NextPromptStartedAsync());
        channel.Press('2');

        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("cnav.paiements", _queues.Joined.Single().QueueId);
        Assert.DoesNotContain(result.Path, p => p.EndsWith(":speech", StringComparison.Ordinal));
        Assert.Equal(["attempt", "nomatch unknown", "attempt", "nomatch no_phrase", "fallback"], _metrics.Calls);
        Assert.DoesNotContain(_queues.Callers.Single().ForAgent, i => i.Label == WaitingCaller.SaidLabel);
    }

    [Fact]
    public async Task A_key_pressed_while_the_caller_speaks_chooses_and_the_unfinished_utterance_chooses_nothing_in_the_next_menu()
    {
        using var speech = Speech(new ScriptedRecognizerFactory("un paiement non reçu"));
        var channel = new FakeCallChannel { PromptsFinishImmediately = false };
        var run = Flow(speech).RunAsync(channel, Cnav, CancellationToken.None);
        Assert.Equal("welcome", await channel.NextPromptStartedAsync());
        channel.FinishPrompt();
        Assert.Equal("main-menu", await channel.NextPromptStartedAsync());

        var utterance = Utterance();
        channel.Speak(utterance[..14400]); // noise then voice: the caller is speaking, no end yet
        channel.Press('2');
        Assert.Equal("payment-menu", await channel.NextPromptStartedAsync());
        channel.Speak(utterance[14400..]); // the end of that speech, now in the payment menu
        channel.FinishPrompt();
        channel.Press('2');

        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("cnav.paiements", _queues.Joined.Single().QueueId);
        Assert.Equal(["welcome", "hours", "main-menu", "payment-menu", "queue-paiements"], result.Path);
        Assert.DoesNotContain("matched", _metrics.Calls);
    }

    [Fact]
    public async Task With_transcripts_stored_the_call_result_carries_what_was_said()
    {
        using var speech = Speech(new ScriptedRecognizerFactory("paiement", "un paiement non reçu"), storeTranscripts: true);
        var channel = new FakeCallChannel();
        var run = Flow(speech).RunAsync(channel, Cnav, CancellationToken.None);

        await channel.NextPromptStartedAsync();
        Assert.Equal("main-menu", await channel.NextPromptStartedAsync());
        channel.Speak(Utterance());
        Assert.Equal("payment-menu", await channel.NextPromptStartedAsync());
        channel.Speak(Utterance());

        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("cnav.paiements", _queues.Joined.Single().QueueId);
        Assert.Equal("paiement | un paiement non reçu", result.Transcript);
    }

    [Fact]
    public async Task Without_a_model_the_call_stays_on_the_keypad_and_its_audio_is_not_taken()
    {
        var options = new SpeechOptions { LibraryPath = "/nonexistent/libvosk.so" };
        using var speech = CallSpeechService.Create(options, NullSpeechMetrics.Instance, NullLoggerFactory.Instance);
        Assert.False(speech.Enabled);
        Assert.EndsWith(SpeechAvailability.DtmfOnly, speech.Availability.Detail, StringComparison.Ordinal);

        var channel = new FakeCallChannel();
        var run = Flow(speech).RunAsync(channel, Cnav, CancellationToken.None);
        await channel.NextPromptStartedAsync();
        Assert.Equal("main-menu", await channel.NextPromptStartedAsync());
        Assert.False(channel.AudioTaken);
        channel.Press('1');
        await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("cnav.retraite", _queues.Joined.Single().QueueId);
    }

    [Fact]
    public void The_scripted_stand_in_is_chosen_by_configuration_and_a_misspelt_recognizer_is_refused_naming_the_key()
    {
        var options = new SpeechOptions { Recognizer = "scripted", ScriptedTranscripts = ["retraite"] };
        using var speech = CallSpeechService.Create(options, NullSpeechMetrics.Instance, NullLoggerFactory.Instance);
        Assert.True(speech.Enabled);
        Assert.Equal("speech", speech.Availability.Mode);

        var error = Assert.Throws<InvalidOperationException>(() => new SpeechOptions { Recognizer = "whisper" }.Validate());
        Assert.Contains("Speech:Recognizer", error.Message, StringComparison.Ordinal);
    }

    private readonly RecordingSpeechMetrics _metrics = new();

    private IvrCallFlow Flow(CallSpeechService speech) =>
        new(_queues, _conversations, _callbacks, new IvrSessionOptions { ForceOpen = true }, TimeProvider.System,
            NullLogger<IvrCallFlow>.Instance, speechService: speech);

    private CallSpeechService Speech(ScriptedRecognizerFactory recognizers, bool storeTranscripts = false) =>
        new(recognizers, new SpeechAvailability(true, true, "scripted"), _metrics, SpeechPipelineOptions.Default, storeTranscripts,
            NullLoggerFactory.Instance, new SpeechWorkerPool(1, TimeSpan.FromMilliseconds(1)));

    /// <summary>Line noise, 0.8 s of a voice-loud tone, then enough quiet for the detector's hangover to end the utterance.</summary>
    private static short[] Utterance()
    {
        var random = new Random(7);
        short Quiet() => (short)random.Next(-100, 100);
        var samples = new List<short>();
        samples.AddRange(Enumerable.Range(0, 8000).Select(_ => Quiet()));
        samples.AddRange(Enumerable.Range(0, 6400).Select(i => (short)(5800 * Math.Sin(2 * Math.PI * 300 * i / 8000.0))));
        samples.AddRange(Enumerable.Range(0, 8000).Select(_ => Quiet()));
        return [.. samples];
    }

    private static async Task<bool> WaitForAsync(Func<bool> condition, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        while (!condition())
        {
            if (DateTime.UtcNow >= until)
            {
                return false;
            }

            await Task.Delay(10);
        }

        return true;
    }

    private sealed class RecordingSpeechMetrics : ISpeechMetrics
    {
        private readonly List<string> _calls = [];

        public List<string> Calls
        {
            get
            {
                lock (_calls)
                {
                    return [.. _calls];
                }
            }
        }

        public void Attempt(SpeechLine line) => Add("attempt");

        public void Matched(SpeechLine line, TimeSpan latency) => Add("matched");

        public void NotMatched(SpeechLine line, NoMatchReason reason, TimeSpan latency) =>
            Add("nomatch " + Telephony.Calls.Metrics.SpeechMetrics.ReasonLabel(reason));

        public void KeypadFallback(SpeechLine line) => Add("fallback");

        public void NoInput(SpeechLine line) => Add("noinput");

        public void FramesDropped(SpeechLine line, int frames) => Add("dropped");

        private void Add(string call)
        {
            lock (_calls)
            {
                _calls.Add(call);
            }
        }
    }
}
