using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Telephony.Speech.Intent;
using Telephony.Speech.Metrics;
using Telephony.Speech.Pipeline;
using Telephony.Speech.Recognition;
using Telephony.Speech.Tests.Support;

namespace Telephony.Speech.Tests;

/// <summary>The streaming pipeline with the scripted recognizer: audio in, IVR-facing events out.</summary>
public sealed class SpeechPipelineTests
{
    private static readonly SpeechLine Line = new("CNAV", "3960");
    private static readonly SpeechMenu CnavMain = ShippedMenus.Get("cnav", "main-menu");

    private readonly RecordingMetrics _metrics = new();
    private readonly FakeTimeProvider _time = new();
    private readonly List<SpeechEvent> _events = [];

    [Fact]
    public void Speech_over_the_prompt_barges_in_then_its_words_choose_the_option()
    {
        var recognizers = new ScriptedRecognizerFactory("euh la retraite");
        using var pipeline = Create(recognizers);
        Feed(pipeline, Signals.Noise(1, -50));
        pipeline.Listen(CnavMain);

        Feed(pipeline, Signals.Concat(Signals.Noise(0.3, -50), Signals.Tone(0.8, 300, -15)));
        Assert.IsType<SpeechStarted>(Assert.Single(_events));

        Feed(pipeline, Signals.Noise(1, -50));
        var recognized = Assert.IsType<SpeechRecognized>(_events[^1]);
        Assert.Equal("1", recognized.Match.Key);
        Assert.Equal("euh la retraite", recognized.Match.Transcript);
        Assert.Equal(["attempt CNAV/3960", "matched CNAV/3960"], _metrics.Calls);
        Assert.Same(CnavMain, Assert.Single(recognizers.Menus));
    }

    [Fact]
    public void Latency_runs_from_the_end_of_speech_to_the_intent()
    {
        using var pipeline = Create(new ScriptedRecognizerFactory("paiement"));
        Feed(pipeline, Signals.Noise(1, -50));
        pipeline.Listen(CnavMain);

        // The frames are pushed, then the worker takes 120 ms to get to them.
        pipeline.Push(Signals.Concat(Signals.Tone(0.6, 300, -15), Signals.Noise(1, -50)));
        _time.Advance(TimeSpan.FromMilliseconds(120));
        pipeline.ProcessPending();

        var recognized = Assert.IsType<SpeechRecognized>(_events[^1]);
        Assert.Equal(TimeSpan.FromMilliseconds(120), recognized.Latency);
        Assert.Equal(TimeSpan.FromMilliseconds(120), Assert.Single(_metrics.Latencies));
    }

    [Fact]
    public void Silence_gives_no_input_after_the_timeout_and_again_after_another()
    {
        using var pipeline = Create(new ScriptedRecognizerFactory());
        pipeline.Listen(CnavMain, noInputTimeout: TimeSpan.FromSeconds(2));

        Feed(pipeline, Signals.Noise(5, -50));

        Assert.Equal(2, _events.OfType<SpeechNoInput>().Count());
        Assert.Equal(2, _metrics.Count("noinput"));
    }

    [Fact]
    public void The_no_input_timer_restarts_when_the_host_says_the_prompt_ended()
    {
        using var pipeline = Create(new ScriptedRecognizerFactory());
        pipeline.Listen(CnavMain);

        Feed(pipeline, Signals.Noise(3, -50));
        pipeline.RestartNoInputTimer(TimeSpan.FromSeconds(1));
        Feed(pipeline, Signals.Noise(0.9, -50));
        Assert.Empty(_events);
        Feed(pipeline, Signals.Noise(0.2, -50));

        Assert.IsType<SpeechNoInput>(Assert.Single(_events));
    }

    [Fact]
    public void An_utterance_over_the_maximum_length_is_matched_without_waiting_for_the_caller_to_stop()
    {
        var options = new SpeechPipelineOptions { MaxUtterance = TimeSpan.FromSeconds(1), Vad = new Vad.VadOptions { NoiseWindowFrames = 1000 } };
        using var pipeline = Create(new ScriptedRecognizerFactory("relevé de carrière"), options);
        Feed(pipeline, Signals.Noise(1, -50));
        pipeline.Listen(CnavMain);

        Feed(pipeline, Signals.Tone(1.2, 300, -15));

        Assert.Equal("3", Assert.IsType<SpeechRecognized>(_events[^1]).Match.Key);
    }

    [Fact]
    public void Unmatched_speech_asks_again_then_falls_back_to_the_keypad()
    {
        using var pipeline = Create(new ScriptedRecognizerFactory("[unk]", "bonjour madame"));
        Feed(pipeline, Signals.Noise(1, -50));
        pipeline.Listen(CnavMain);

        Feed(pipeline, Utterance());
        var first = Assert.IsType<SpeechNotRecognized>(_events[^1]);
        Feed(pipeline, Utterance());
        var fallback = Assert.IsType<SpeechKeypadFallback>(_events[^1]);

        Assert.Equal((NoMatchReason.Unknown, 1), (first.Match.Reason, first.Attempt));
        Assert.Equal(NoMatchReason.NoPhrase, fallback.LastMatch!.Reason);
        Assert.Equal(["attempt CNAV/3960", "nomatch Unknown", "attempt CNAV/3960", "nomatch NoPhrase", "fallback"], _metrics.Calls);

        // Listening has stopped: more speech raises nothing.
        var count = _events.Count;
        Feed(pipeline, Utterance());
        Assert.Equal(count, _events.Count);
    }

    [Fact]
    public void A_recognizer_that_cannot_be_created_sends_the_menu_to_the_keypad()
    {
        using var pipeline = Create(new ScriptedRecognizerFactory { CreateFailure = "grammar rejected" });

        pipeline.Listen(CnavMain);
        pipeline.ProcessPending();

        var fallback = Assert.IsType<SpeechKeypadFallback>(Assert.Single(_events));
        Assert.Contains("grammar rejected", fallback.Reason);
        Assert.Equal(["fallback"], _metrics.Calls);
    }

    [Fact]
    public void Stop_ends_listening_and_frees_the_recognizer()
    {
        var recognizers = new ScriptedRecognizerFactory("retraite");
        using var pipeline = Create(recognizers);
        Feed(pipeline, Signals.Noise(1, -50));
        pipeline.Listen(CnavMain);
        pipeline.ProcessPending();

        pipeline.Stop();
        Feed(pipeline, Utterance());

        Assert.Empty(_events);
        Assert.Equal(1, recognizers.Created);
    }

    [Fact]
    public void Packets_of_any_size_are_cut_into_frames_and_pushing_allocates_nothing()
    {
        using var pipeline = new SpeechPipeline(new ScriptedRecognizerFactory(), Line, options: new SpeechPipelineOptions { QueueFrames = 1000 });
        var audio = Signals.Noise(2, -50);
        pipeline.Push(audio.AsSpan(0, 240));

        var pushed = 240;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (; pushed + 240 <= audio.Length; pushed += 240)
        {
            pipeline.Push(audio.AsSpan(pushed, 240)); // 30 ms packets
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(pushed / 160, pipeline.QueuedFrames);
    }

    [Fact]
    public void A_slow_recognizer_never_blocks_the_pushing_thread_and_late_frames_are_dropped_and_counted()
    {
        var slow = new ScriptedRecognizerFactory("retraite") { AcceptDelay = TimeSpan.FromMilliseconds(50) };
        using var pool = new SpeechWorkerPool(workers: 1, idleSleep: TimeSpan.FromMilliseconds(1));
        using var pipeline = new SpeechPipeline(slow, Line, pool, new SpeechPipelineOptions { QueueFrames = 20 }, _metrics);
        pipeline.Listen(CnavMain);
        var audio = Signals.Concat(Signals.Noise(1, -50), Signals.Tone(3, 300, -15));

        // Push 4 s of audio as fast as a media thread would at worst: every push must return at once.
        var slowest = TimeSpan.Zero;
        for (var offset = 0; offset + 160 <= audio.Length; offset += 160)
        {
            var started = Stopwatch.GetTimestamp();
            pipeline.Push(audio.AsSpan(offset, 160));
            slowest = TimeSpan.FromTicks(Math.Max(slowest.Ticks, Stopwatch.GetElapsedTime(started).Ticks));
        }

        Assert.True(slowest < TimeSpan.FromMilliseconds(5), $"a push took {slowest.TotalMilliseconds:0.00} ms");
        Assert.True(pipeline.DroppedFrames > 0, "the slow recognizer fell behind, so frames must have been dropped");
        WaitUntil(() => _metrics.Dropped == pipeline.DroppedFrames);
    }

    [Fact]
    public async Task A_slow_pipeline_holds_one_worker_while_another_serves_the_other_calls()
    {
        var slow = new ScriptedRecognizerFactory("retraite") { AcceptDelay = TimeSpan.FromMilliseconds(200) };
        var fast = new ScriptedRecognizerFactory("paiement");
        using var pool = new SpeechWorkerPool(workers: 2, idleSleep: TimeSpan.FromMilliseconds(1));
        var roomy = new SpeechPipelineOptions { QueueFrames = 1000 };
        using var stuck = new SpeechPipeline(slow, Line, pool, roomy);
        using var served = new SpeechPipeline(fast, Line, pool, roomy);
        var recognized = new TaskCompletionSource<SpeechRecognized>();
        served.Events += e =>
        {
            if (e is SpeechRecognized r)
            {
                recognized.TrySetResult(r);
            }
        };
        stuck.Listen(CnavMain);
        served.Listen(CnavMain);
        var audio = Signals.Concat(Signals.Noise(1, -50), Utterance());

        for (var offset = 0; offset + 160 <= audio.Length; offset += 160)
        {
            stuck.Push(audio.AsSpan(offset, 160));
            served.Push(audio.AsSpan(offset, 160));
        }

        var result = await recognized.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("2", result.Match.Key);
    }

    [Fact]
    public void A_throwing_event_handler_does_not_stop_the_pipeline()
    {
        using var pipeline = Create(new ScriptedRecognizerFactory("retraite"));
        pipeline.Events += e =>
        {
            if (e is SpeechStarted)
            {
                throw new InvalidOperationException("host bug");
            }
        };
        Feed(pipeline, Signals.Noise(1, -50));
        pipeline.Listen(CnavMain);

        Feed(pipeline, Utterance());

        Assert.IsType<SpeechRecognized>(_events[^1]);
    }

    private SpeechPipeline Create(ScriptedRecognizerFactory recognizers, SpeechPipelineOptions? options = null)
    {
        var pipeline = new SpeechPipeline(recognizers, Line, pool: null, options ?? new SpeechPipelineOptions { QueueFrames = 1000 }, _metrics, _time);
        pipeline.Events += _events.Add;
        return pipeline;
    }

    /// <summary>Pushes audio in 20 ms packets, processing after each as a worker would, with the clock following.</summary>
    private void Feed(SpeechPipeline pipeline, short[] audio)
    {
        for (var offset = 0; offset + 160 <= audio.Length; offset += 160)
        {
            pipeline.Push(audio.AsSpan(offset, 160));
            pipeline.ProcessPending();
            _time.Advance(TimeSpan.FromMilliseconds(20));
        }
    }

    private static short[] Utterance() => Signals.Concat(Signals.Tone(0.6, 300, -15), Signals.Noise(1, -50, seed: 3));

    private static void WaitUntil(Func<bool> condition)
    {
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 10;
        while (!condition() && Stopwatch.GetTimestamp() < deadline)
        {
            Thread.Sleep(10);
        }

        Assert.True(condition());
    }
}
