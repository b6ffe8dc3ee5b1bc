namespace Telephony.Ivr;

/// <summary>
/// The caller of a simulated call: answers each wait of the IVR with the next input (keys or a phrase), or stays
/// silent when there is none left, on a clock moved on only by silences. The keys of one entry are pressed quickly one
/// after the other; when the IVR then waits for a further key (a menu whose keys "1" and "12" both exist, a collect
/// node short of its length) the caller pauses: the entry is over.
/// </summary>
internal sealed class SimulatedCaller(IReadOnlyList<IvrSimulator.Input> inputs, TextWriter output, DateTimeOffset start)
{
    private readonly Queue<IvrSimulator.Input> _inputs = new(inputs);
    private readonly Queue<char> _keys = new();
    private readonly SimulatedClock _clock = new(start);

    /// <summary>
    /// True while the keys of one entry are being pressed: a timer started right after its last key is the wait for a
    /// further key of the same entry, which the caller lets run out instead of answering it with the next entry.
    /// </summary>
    private bool _typing;

    public TimeProvider Clock => _clock;

    /// <param name="masked">True when the keys are personal data (a collect node): they are never printed.</param>
    public IvrEvent Hear(PlayPrompt play, bool masked)
    {
        _typing = false;
        // A caller who already typed ahead interrupts a barge-in prompt.
        if (play.BargeIn && _keys.TryDequeue(out var early))
        {
            _typing = true;
            return Press(early, masked);
        }

        return new PromptFinished(play.PromptId);
    }

    public IvrEvent Answer(StartInputTimer timer, bool masked)
    {
        // Only the action that answers a key press can be the wait for a further key of the same entry.
        var justPressed = _typing;
        _typing = false;
        if (_keys.TryDequeue(out var key))
        {
            _typing = true;
            return Press(key, masked);
        }

        if (justPressed)
        {
            output.WriteLine($"  (caller stops typing: {timer.Timeout.TotalSeconds:0.#} s pass)");
            _clock.Advance(timer.Timeout);
            return new InputTimedOut();
        }

        switch (_inputs.TryDequeue(out var input) ? input : null)
        {
            case IvrSimulator.Keys typed:
                _typing = true;
                foreach (var c in typed.Digits.Skip(1))
                {
                    _keys.Enqueue(c);
                }

                return Press(typed.Digits[0], masked);
            case IvrSimulator.Say said:
                output.WriteLine($"  caller says \"{said.Phrase}\"");
                return new SpeechResult(said.Phrase, 1f);
            default:
                output.WriteLine($"  (silence for {timer.Timeout.TotalSeconds:0.#} s)");
                _clock.Advance(timer.Timeout);
                return new InputTimedOut();
        }
    }

    /// <summary>Any other action: the entry being typed, if any, is over.</summary>
    public void Wait() => _typing = false;

    private DigitPressed Press(char key, bool masked)
    {
        output.WriteLine(masked ? "  caller types a digit (masked)" : $"  caller presses {key}");
        return new DigitPressed(key);
    }

    /// <summary>The simulated call's clock: fixed, moved on only by silences.</summary>
    private sealed class SimulatedClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
