namespace Telephony.Speech.Vad;

/// <summary>What the endpointer decided on one frame.</summary>
public enum EndpointEvent
{
    None,

    /// <summary>The caller began to speak: barge in on the prompt, start feeding the recognizer.</summary>
    SpeechStarted,

    /// <summary>The caller stopped (the detector's hangover passed): finish the utterance.</summary>
    SpeechEnded,

    /// <summary>The utterance reached <see cref="Endpointer.MaxUtterance"/>: finish it now, whatever follows.</summary>
    MaxLengthReached,

    /// <summary>No speech began within the no-input timeout since the endpointer was armed (it re-arms itself).</summary>
    NoInput,
}

/// <summary>
/// Turns the detector's start and end of speech into utterances, counting time in audio frames (20 ms each), so it is
/// exact and testable: a no-input timeout from <see cref="Arm"/> and a maximum utterance length. After
/// <see cref="EndpointEvent.MaxLengthReached"/> it waits for the caller to stop before another utterance can start.
/// Audio time stops when the far end sends nothing (no RTP): the IVR's own wall-clock input timer still covers that.
/// </summary>
public sealed class Endpointer(VoiceActivityDetector detector)
{
    private enum State
    {
        Disarmed,
        Waiting,
        InSpeech,
        WaitingForSilence,
    }

    private State _state;
    private int _waitedFrames;
    private int _utteranceFrames;
    private int _noInputFrames;
    private int _maxUtteranceFrames;

    public TimeSpan MaxUtterance { get; private set; }

    public bool IsArmed => _state != State.Disarmed;

    /// <summary>Frames of the utterance in progress (including the onset frames before it was recognised as speech).</summary>
    public int UtteranceFrames => _utteranceFrames;

    /// <summary>Starts listening. <paramref name="noInputTimeout"/> null: no timeout.</summary>
    public void Arm(TimeSpan? noInputTimeout, TimeSpan maxUtterance)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxUtterance, TimeSpan.Zero);
        MaxUtterance = maxUtterance;
        _noInputFrames = noInputTimeout is { } timeout ? Math.Max(1, Frames(timeout)) : 0;
        _maxUtteranceFrames = Math.Max(1, Frames(maxUtterance));
        _waitedFrames = 0;
        _utteranceFrames = 0;
        _state = detector.InSpeech ? State.WaitingForSilence : State.Waiting;
    }

    /// <summary>Restarts the no-input count (the prompt just ended, say) without touching an utterance in progress.</summary>
    public void RestartNoInputTimer(TimeSpan? noInputTimeout)
    {
        _noInputFrames = noInputTimeout is { } timeout ? Math.Max(1, Frames(timeout)) : 0;
        _waitedFrames = 0;
    }

    public void Disarm() => _state = State.Disarmed;

    /// <summary>Takes the detector's verdict on the frame it just processed.</summary>
    public EndpointEvent Process(VadEvent vad)
    {
        switch (_state)
        {
            case State.Waiting when vad == VadEvent.SpeechStarted:
                _state = State.InSpeech;
                _utteranceFrames = detector.OnsetFrames;
                return EndpointEvent.SpeechStarted;
            case State.Waiting:
                if (_noInputFrames > 0 && ++_waitedFrames >= _noInputFrames)
                {
                    _waitedFrames = 0;
                    return EndpointEvent.NoInput;
                }

                return EndpointEvent.None;
            case State.InSpeech when vad == VadEvent.SpeechEnded:
                _state = State.Waiting;
                _waitedFrames = 0;
                return EndpointEvent.SpeechEnded;
            case State.InSpeech:
                if (++_utteranceFrames >= _maxUtteranceFrames)
                {
                    _state = State.WaitingForSilence;
                    return EndpointEvent.MaxLengthReached;
                }

                return EndpointEvent.None;
            case State.WaitingForSilence when vad == VadEvent.SpeechEnded || !detector.InSpeech:
                _state = State.Waiting;
                _waitedFrames = 0;
                return EndpointEvent.None;
            default:
                return EndpointEvent.None;
        }
    }

    private static int Frames(TimeSpan duration) => (int)Math.Ceiling(duration / VadOptions.FrameDuration);
}
