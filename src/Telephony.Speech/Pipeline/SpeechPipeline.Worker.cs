using Microsoft.Extensions.Logging;
using Telephony.Speech.Intent;
using Telephony.Speech.Recognition;
using Telephony.Speech.Vad;

namespace Telephony.Speech.Pipeline;

/// <summary>The worker side: everything here runs on one worker at a time (see <see cref="TryClaim"/>).</summary>
public sealed partial class SpeechPipeline
{
    private readonly VoiceActivityDetector _detector;
    private readonly Endpointer _endpointer;
    private readonly IntentMatcher _matcher;
    private readonly short[] _frame = new short[Frame];

    /// <summary>The last frames before an onset, a ring; fed to the recognizer when speech starts.</summary>
    private readonly short[] _preRoll;
    private int _preRollNext;
    private int _preRollCount;

    private ISpeechRecognizer? _recognizer;
    private SpeechMenu? _menu;
    private bool _inUtterance;
    private int _failedAttempts;
    private int _droppedReported;
    private int _listenTurn;

    /// <summary>
    /// How many <see cref="Listen"/> commands the worker has applied. Read it in an <see cref="Events"/> handler (it
    /// runs on the worker) to tell which menu an event belongs to: commands are applied in the order they were posted.
    /// </summary>
    public int ListenTurn => Volatile.Read(ref _listenTurn);

    /// <summary>
    /// Applies pending commands and processes every queued frame; returns how many frames it processed. Called by the
    /// pool's workers (after <see cref="TryClaim"/>); call it directly only for a pipeline created without a pool.
    /// </summary>
    public int ProcessPending()
    {
        if (_disposed)
        {
            return 0;
        }

        var processed = 0;

        // Dispose waits for this loop: check it between frames so a hang-up waits one recognizer call at most.
        while (!_disposed)
        {
            while (_commands.TryDequeue(out var command))
            {
                Apply(command);
            }

            if (!_queue.TryRead(_frame, out var timestamp))
            {
                break;
            }

            ProcessFrame(_frame, timestamp);
            processed++;
        }

        ReportDrops();
        return processed;
    }

    private void Apply(Command command)
    {
        switch (command.Kind)
        {
            case CommandKind.Listen:
                StartListening(command.Menu!, command.Timeout);
                break;
            case CommandKind.RestartTimer:
                _endpointer.RestartNoInputTimer(command.Timeout);
                break;
            case CommandKind.Stop:
                StopListening();
                break;
        }
    }

    private void StartListening(SpeechMenu menu, TimeSpan? noInputTimeout)
    {
        StopListening();
        Volatile.Write(ref _listenTurn, _listenTurn + 1);
        try
        {
            _recognizer = _recognizers.Create(menu);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Speech on {Network}/{Line}: no recognizer ({Message}); keypad only for this menu", Line.Network, Line.Line, ex.Message);
            FallBack($"recognizer unavailable: {ex.Message}", null);
            return;
        }

        _menu = menu;
        _failedAttempts = 0;
        _endpointer.Arm(noInputTimeout, _options.MaxUtterance);
    }

    private void StopListening()
    {
        _endpointer.Disarm();
        _inUtterance = false;
        _menu = null;
        var recognizer = _recognizer;
        _recognizer = null;
        recognizer?.Dispose();
    }

    private void ProcessFrame(ReadOnlySpan<short> frame, long timestamp)
    {
        var vad = _detector.Process(frame);
        if (_recognizer is null)
        {
            return;
        }

        try
        {
            switch (_endpointer.Process(vad))
            {
                case EndpointEvent.SpeechStarted:
                    KeepForPreRoll(frame);
                    _inUtterance = true;
                    Raise(new SpeechStarted());
                    FeedPreRoll();
                    break;
                case EndpointEvent.SpeechEnded or EndpointEvent.MaxLengthReached when _inUtterance:
                    _recognizer.Accept(frame);
                    FinishUtterance(timestamp);
                    break;
                case EndpointEvent.NoInput:
                    KeepForPreRoll(frame);
                    _metrics.NoInput(Line);
                    Raise(new SpeechNoInput());
                    break;
                default:
                    if (_inUtterance)
                    {
                        _recognizer.Accept(frame);
                    }
                    else
                    {
                        KeepForPreRoll(frame);
                    }

                    break;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A recognizer that fails mid-call must not end the call: this menu goes on with the keypad.
            _logger.LogWarning(ex, "Speech on {Network}/{Line}: recognizer failed; keypad only for this menu", Line.Network, Line.Line);
            FallBack($"recognizer failed: {ex.Message}", null);
        }
    }

    private void FinishUtterance(long endOfSpeech)
    {
        _inUtterance = false;
        _preRollCount = 0;
        var speech = _recognizer!.Finish();
        var match = _matcher.Match(_menu!, speech);
        var latency = _time.GetElapsedTime(endOfSpeech);
        _metrics.Attempt(Line);
        if (match.IsMatch)
        {
            _metrics.Matched(Line, latency);
            StopListening();
            Raise(new SpeechRecognized(match, latency));
            return;
        }

        _metrics.NotMatched(Line, match.Reason, latency);
        if (++_failedAttempts >= _options.MaxAttempts)
        {
            FallBack($"{_failedAttempts} utterances matched no option", match);
            return;
        }

        _recognizer.Reset();
        Raise(new SpeechNotRecognized(match, latency, _failedAttempts));
    }

    private void FallBack(string reason, IntentMatch? lastMatch)
    {
        StopListening();
        _metrics.KeypadFallback(Line);
        Raise(new SpeechKeypadFallback(reason, lastMatch));
    }

    private void KeepForPreRoll(ReadOnlySpan<short> frame)
    {
        var slots = _preRoll.Length / Frame;
        frame.CopyTo(_preRoll.AsSpan(_preRollNext * Frame, Frame));
        _preRollNext = (_preRollNext + 1) % slots;
        _preRollCount = Math.Min(_preRollCount + 1, slots);
    }

    private void FeedPreRoll()
    {
        var slots = _preRoll.Length / Frame;
        var first = (_preRollNext - _preRollCount + slots) % slots;
        for (var i = 0; i < _preRollCount; i++)
        {
            _recognizer!.Accept(_preRoll.AsSpan((first + i) % slots * Frame, Frame));
        }

        _preRollCount = 0;
    }

    private void ReportDrops()
    {
        var dropped = Volatile.Read(ref _dropped);
        if (dropped != _droppedReported)
        {
            _metrics.FramesDropped(Line, dropped - _droppedReported);
            _droppedReported = dropped;
        }
    }

    private void Raise(SpeechEvent speechEvent)
    {
        try
        {
            Events?.Invoke(speechEvent);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Speech on {Network}/{Line}: an event handler threw on {Event}", Line.Network, Line.Line, speechEvent.GetType().Name);
        }
    }
}
