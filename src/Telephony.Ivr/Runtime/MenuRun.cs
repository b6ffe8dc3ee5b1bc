namespace Telephony.Ivr;

/// <summary>
/// Menu state machine: play the menu prompt (barge-in), wait for a key with the input timer, and on a wrong key or
/// silence play the matching retry prompt and ask again, until the attempts are spent.
/// </summary>
internal sealed class MenuRun(MenuNode node) : NodeRun
{
    private enum Phase
    {
        PlayingMenuPrompt,
        PlayingRetryPrompt,
        WaitingForKey,
    }

    private Phase _phase;
    private string? _playingPromptId;
    private int _failedAttempts;

    public override void Enter(SessionStep step, char? typeAhead)
    {
        if (typeAhead is { } key)
        {
            Choose(step, key);
        }
        else
        {
            PlayMenuPrompt(step);
        }
    }

    public override void Handle(SessionStep step, IvrEvent ivrEvent)
    {
        switch (ivrEvent)
        {
            case PromptFinished finished when finished.PromptId == _playingPromptId:
                OnPromptFinished(step);
                break;
            case DigitPressed digit when _phase == Phase.WaitingForKey || node.BargeIn:
                Choose(step, digit.Digit);
                break;
            case InputTimedOut when _phase == Phase.WaitingForKey:
                Fail(step, node.TimeoutPrompt);
                break;
        }
    }

    private void OnPromptFinished(SessionStep step)
    {
        _playingPromptId = null;
        if (_phase == Phase.PlayingRetryPrompt)
        {
            PlayMenuPrompt(step);
            return;
        }

        _phase = Phase.WaitingForKey;
        step.StartInputTimer(node.Timeout);
    }

    private void Choose(SessionStep step, char key)
    {
        if (node.FindOption(key) is { } option)
        {
            step.GoTo(option.Next);
        }
        else
        {
            Fail(step, node.InvalidPrompt);
        }
    }

    private void Fail(SessionStep step, IvrPrompt? retryPrompt)
    {
        _failedAttempts++;
        if (_failedAttempts >= node.MaxAttempts)
        {
            step.GoTo(node.OnMaxAttempts);
        }
        else if (retryPrompt is not null)
        {
            Play(step, retryPrompt, Phase.PlayingRetryPrompt);
        }
        else
        {
            PlayMenuPrompt(step);
        }
    }

    private void PlayMenuPrompt(SessionStep step) => Play(step, node.Prompt, Phase.PlayingMenuPrompt);

    private void Play(SessionStep step, IvrPrompt prompt, Phase phase)
    {
        _phase = phase;
        _playingPromptId = prompt.Id;
        step.Play(prompt, node.BargeIn);
    }
}
