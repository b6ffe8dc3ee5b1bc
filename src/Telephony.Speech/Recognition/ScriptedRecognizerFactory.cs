using System.Collections.Concurrent;
using Telephony.Speech.Intent;

namespace Telephony.Speech.Recognition;

/// <summary>
/// A recognizer stand-in for tests, benchmarks and the IVR simulator: each finished utterance returns the next
/// scripted answer (then "[unk]" once they run out), provided it received at least <see cref="MinSpeechFrames"/> of
/// audio; <see cref="AcceptDelay"/> makes every frame slow, to show that a slow recognizer never holds the media
/// thread. Thread-safe: answers are shared by every recognizer it creates.
/// </summary>
public sealed class ScriptedRecognizerFactory : ISpeechRecognizerFactory
{
    private readonly ConcurrentQueue<RecognizedSpeech> _answers = new();
    private readonly ConcurrentQueue<SpeechMenu> _menus = new();
    private int _created;

    public ScriptedRecognizerFactory(params string[] answers)
    {
        foreach (var answer in answers)
        {
            _answers.Enqueue(RecognizedSpeech.FromText(answer));
        }
    }

    public bool IsAvailable => true;

    /// <summary>Audio (20 ms frames) an utterance needs before it yields an answer; shorter ones yield nothing heard.</summary>
    public int MinSpeechFrames { get; init; } = 1;

    /// <summary>Time each <see cref="ISpeechRecognizer.Accept"/> call takes (blocking, as a busy native recognizer would).</summary>
    public TimeSpan AcceptDelay { get; init; }

    /// <summary>When set, <see cref="Create"/> throws this (a model that cannot build the menu's grammar).</summary>
    public string? CreateFailure { get; init; }

    /// <summary>Recognizers created so far.</summary>
    public int Created => Volatile.Read(ref _created);

    /// <summary>The menus recognizers were created for, in order.</summary>
    public IReadOnlyCollection<SpeechMenu> Menus => _menus;

    /// <summary>Adds an answer with its own word confidences.</summary>
    public void Enqueue(RecognizedSpeech answer) => _answers.Enqueue(answer);

    public void Enqueue(string text, float confidence = 1f) => _answers.Enqueue(RecognizedSpeech.FromText(text, confidence));

    public ISpeechRecognizer Create(SpeechMenu menu)
    {
        if (CreateFailure is not null)
        {
            throw new SpeechRecognizerException(CreateFailure);
        }

        _menus.Enqueue(menu);
        Interlocked.Increment(ref _created);
        return new ScriptedRecognizer(this);
    }

    private RecognizedSpeech NextAnswer() =>
        _answers.TryDequeue(out var answer) ? answer : RecognizedSpeech.FromText(RecognizedWord.Unknown);

    private sealed class ScriptedRecognizer(ScriptedRecognizerFactory owner) : ISpeechRecognizer
    {
        private int _samples;

        public void Accept(ReadOnlySpan<short> samples)
        {
            if (owner.AcceptDelay > TimeSpan.Zero)
            {
                Thread.Sleep(owner.AcceptDelay);
            }

            _samples += samples.Length;
        }

        public RecognizedSpeech Finish()
        {
            var heard = _samples >= owner.MinSpeechFrames * Vad.VadOptions.FrameSamples;
            _samples = 0;
            return heard ? owner.NextAnswer() : RecognizedSpeech.Empty;
        }

        public void Reset() => _samples = 0;

        public void Dispose()
        {
        }
    }
}
