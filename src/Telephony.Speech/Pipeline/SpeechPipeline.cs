using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Telephony.Speech.Intent;
using Telephony.Speech.Metrics;
using Telephony.Speech.Recognition;
using Telephony.Speech.Vad;

namespace Telephony.Speech.Pipeline;

/// <summary>
/// One call's streaming speech recognition: audio → voice activity → endpointing → recognizer → intent. The media
/// layer hands every decoded packet to <see cref="Push"/> from its receive thread: the samples are cut into 20 ms
/// frames and copied into a bounded queue, with no lock, no allocation and no wait (a full queue drops the frame
/// and counts it). Everything else runs on a <see cref="SpeechWorkerPool"/> thread, so a slow recognizer delays no
/// call's RTP. The call layer drives it with <see cref="Listen"/> (a menu starts), <see cref="RestartNoInputTimer"/>
/// (its prompt ended) and <see cref="Stop"/> (a key was pressed, the menu is left), and acts on <see cref="Events"/>.
/// The detector runs from the first frame, listening or not, so the line's noise floor is known when a menu starts.
/// </summary>
public sealed partial class SpeechPipeline : IDisposable
{
    private const int Frame = VadOptions.FrameSamples;

    private readonly ISpeechRecognizerFactory _recognizers;
    private readonly SpeechPipelineOptions _options;
    private readonly ISpeechMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SpeechWorkerPool? _pool;
    private readonly FrameRing _queue;
    private readonly ConcurrentQueue<Command> _commands = new();

    // Producer (media thread) state: the partial frame between two packets.
    private readonly short[] _partial = new short[Frame];
    private int _partialLength;
    private int _dropped;

    // 0 free, 1 taken by a worker (or by Dispose): processing is serialised without a lock.
    private int _claimed;
    private volatile bool _disposed;

    /// <summary>
    /// A pipeline processed by <paramref name="pool"/>'s workers. With no pool, nothing runs until
    /// <see cref="ProcessPending"/> is called (tests, benchmarks, a host that brings its own thread).
    /// </summary>
    public SpeechPipeline(
        ISpeechRecognizerFactory recognizers,
        SpeechLine line,
        SpeechWorkerPool? pool = null,
        SpeechPipelineOptions? options = null,
        ISpeechMetrics? metrics = null,
        TimeProvider? time = null,
        ILogger? logger = null)
    {
        _recognizers = recognizers ?? throw new ArgumentNullException(nameof(recognizers));
        Line = line;
        _options = options ?? SpeechPipelineOptions.Default;
        _metrics = metrics ?? NullSpeechMetrics.Instance;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _queue = new FrameRing(_options.QueueFrames);
        _detector = new VoiceActivityDetector(_options.Vad);
        _endpointer = new Endpointer(_detector);
        _matcher = new IntentMatcher(_options.Matcher);
        _preRoll = new short[Math.Max(1, _options.PreRollFrames) * Frame];
        _pool = pool;
        pool?.Register(this);
    }

    /// <summary>Raised on a worker thread; handlers must be quick and must not throw (exceptions are logged and dropped).</summary>
    public event Action<SpeechEvent>? Events;

    public SpeechLine Line { get; }

    /// <summary>Frames refused because the worker was behind, since the pipeline was created.</summary>
    public int DroppedFrames => Volatile.Read(ref _dropped);

    /// <summary>Frames waiting for the worker.</summary>
    public int QueuedFrames => _queue.Count;

    /// <summary>
    /// Takes decoded 8 kHz audio from the media thread, any packet size (10, 20, 30 ms...). Call from one thread at
    /// a time (the session's receive loop). Never blocks and never allocates; frames that do not fit are dropped.
    /// </summary>
    public void Push(ReadOnlySpan<short> samples)
    {
        if (_disposed)
        {
            return;
        }

        var now = _time.GetTimestamp();
        while (!samples.IsEmpty)
        {
            if (_partialLength == 0 && samples.Length >= Frame)
            {
                Enqueue(samples[..Frame], now);
                samples = samples[Frame..];
                continue;
            }

            var take = Math.Min(Frame - _partialLength, samples.Length);
            samples[..take].CopyTo(_partial.AsSpan(_partialLength));
            _partialLength += take;
            samples = samples[take..];
            if (_partialLength == Frame)
            {
                Enqueue(_partial, now);
                _partialLength = 0;
            }
        }
    }

    /// <summary>
    /// Starts listening for <paramref name="menu"/>'s options (a recognizer with its phrases is created on the
    /// worker). <paramref name="noInputTimeout"/> null: no timeout until <see cref="RestartNoInputTimer"/>. Replaces
    /// any menu being listened to.
    /// </summary>
    public void Listen(SpeechMenu menu, TimeSpan? noInputTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(menu);
        Post(new Command(CommandKind.Listen, menu, noInputTimeout));
    }

    /// <summary>Restarts the no-input count, e.g. when the menu prompt ends (the IVR's StartInputTimer).</summary>
    public void RestartNoInputTimer(TimeSpan? noInputTimeout) => Post(new Command(CommandKind.RestartTimer, null, noInputTimeout));

    /// <summary>Stops listening and frees the recognizer; the detector keeps learning the line's noise.</summary>
    public void Stop() => Post(new Command(CommandKind.Stop, null, null));

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _pool?.Unregister(this);

        // Wait for a worker still inside ProcessPending, then free the recognizer ourselves.
        var spinner = default(SpinWait);
        while (Interlocked.CompareExchange(ref _claimed, 1, 0) != 0)
        {
            spinner.SpinOnce();
        }

        StopListening();
    }

    /// <summary>Claims the pipeline for one worker; false when another one is processing it.</summary>
    internal bool TryClaim() => !_disposed && Interlocked.CompareExchange(ref _claimed, 1, 0) == 0;

    internal void Release() => Volatile.Write(ref _claimed, 0);

    private void Enqueue(ReadOnlySpan<short> frame, long timestamp)
    {
        if (!_queue.TryWrite(frame, timestamp))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    private void Post(Command command)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _commands.Enqueue(command);
    }

    private enum CommandKind
    {
        Listen,
        RestartTimer,
        Stop,
    }

    private sealed record Command(CommandKind Kind, SpeechMenu? Menu, TimeSpan? Timeout);
}
