namespace Telephony.Ivr;

/// <summary>
/// Menu state machine: play the menu prompt (barge-in), wait for a key with the input timer, and on a wrong key or
/// silence play the matching retry prompt and ask again (with the short prompt, if any), until the attempts are spent.
/// A phrase recognised by the host's speech recogniser chooses like a key.
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
            case SpeechResult speech when _phase == Phase.WaitingForKey || node.BargeIn:
                ChooseBySpeech(step, speech);
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

    /// <summary>An unsure or unmatched phrase costs an attempt, like a wrong key: better to ask again than to guess.</summary>
    private void ChooseBySpeech(SessionStep step, SpeechResult speech)
    {
        var option = speech.Confidence >= node.MinConfidence ? node.FindOption(speech.Transcript) : null;
        if (option is not null)
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

    /// <summary>After a failed attempt the caller has heard the options once: the short version, when there is one, is enough.</summary>
    private void PlayMenuPrompt(SessionStep step) =>
        Play(step, _failedAttempts > 0 && node.ShortPrompt is { } shortPrompt ? shortPrompt : node.Prompt, Phase.PlayingMenuPrompt);

    private void Play(SessionStep step, IvrPrompt prompt, Phase phase)
    {
        _phase = phase;
        _playingPromptId = prompt.Id;
        step.Play(prompt, node.BargeIn);
    }
}
