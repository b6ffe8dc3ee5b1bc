namespace Telephony.Ivr;

/// <summary>
/// Digit collection on the host's ordinary input timer: the first wait is <see cref="CollectNode.Timeout"/>, each
/// following one the inter-digit timeout. The entry ends at the expected length, on '#', or on a pause; '*' starts
/// it again. The digits stay in this object and, when valid, in the session's memory, nowhere else.
/// </summary>
internal sealed class CollectRun(CollectNode node) : NodeRun
{
    private readonly System.Text.StringBuilder _digits = new();
    private string? _playingPromptId;
    private bool _replayPromptAfterRetry;
    private int _failedAttempts;

    public override bool ExpectsPersonalDigits => true;

    public override void Enter(SessionStep step, char? typeAhead)
    {
        if (typeAhead is { } key)
        {
            OnKey(step, key);
        }
        else
        {
            Play(step, node.Prompt);
        }
    }

    public override void Handle(SessionStep step, IvrEvent ivrEvent)
    {
        switch (ivrEvent)
        {
            case PromptFinished finished when finished.PromptId == _playingPromptId:
                _playingPromptId = null;
                if (_replayPromptAfterRetry)
                {
                    _replayPromptAfterRetry = false;
                    Play(step, node.Prompt);
                }
                else
                {
                    step.StartInputTimer(_digits.Length == 0 ? node.Timeout : node.InterDigitTimeout);
                }

                break;
            case DigitPressed digit:
                // Every prompt of a collect node can be interrupted: callers who know their number type it at once.
                _playingPromptId = null;
                _replayPromptAfterRetry = false;
                OnKey(step, digit.Digit);
                break;
            case InputTimedOut when _playingPromptId is null:
                if (_digits.Length == 0)
                {
                    Fail(step);
                }
                else
                {
                    Complete(step);
                }

                break;
        }
    }

    private void OnKey(SessionStep step, char key)
    {
        if (key == CollectNode.Terminator)
        {
            Complete(step);
            return;
        }

        if (key == '*')
        {
            _digits.Clear();
            step.StartInputTimer(node.Timeout);
            return;
        }

        _digits.Append(key);
        if (_digits.Length >= node.Length)
        {
            Complete(step);
        }
        else
        {
            step.StartInputTimer(node.InterDigitTimeout);
        }
    }

    private void Complete(SessionStep step)
    {
        var entered = _digits.ToString();
        _digits.Clear();
        if (entered.Length == node.Length && DigitChecksums.IsValid(node.Checksum, entered))
        {
            step.Memory.Collect(node, entered);
            step.GoTo(node.OnValid);
        }
        else
        {
            Fail(step);
        }
    }

    private void Fail(SessionStep step)
    {
        _digits.Clear();
        _failedAttempts++;
        if (_failedAttempts >= node.MaxAttempts)
        {
            step.GoTo(node.OnInvalid);
        }
        else if (node.InvalidPrompt is { } invalid)
        {
            _replayPromptAfterRetry = true;
            Play(step, invalid);
        }
        else
        {
            Play(step, node.Prompt);
        }
    }

    private void Play(SessionStep step, IvrPrompt prompt)
    {
        _playingPromptId = prompt.Id;
        step.Play(prompt, bargeIn: true);
    }
}
