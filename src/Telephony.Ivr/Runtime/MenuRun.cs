namespace Telephony.Ivr;

/// <summary>
/// Menu state machine: play the menu prompt (barge-in), wait for a key with the input timer, and on a wrong entry or
/// silence play the matching retry prompt and ask again (with the short prompt, if any), until the attempts are spent.
/// Keys accumulate while they begin a longer option key (options "1" and "12": after 1 the menu waits the inter-digit
/// timeout for a 2). A phrase recognised by the host's speech recogniser chooses like a key.
/// </summary>
internal sealed class MenuRun(MenuNode node) : NodeRun
{
    private enum Phase
    {
        PlayingMenuPrompt,
        PlayingRetryPrompt,
        WaitingForKey,

        /// <summary>Some keys are typed and begin a longer option key: the inter-digit timer runs.</summary>
        WaitingForNextKey,
    }

    /// <summary>Keys typed so far in this entry (at most <see cref="MenuOption.MaxKeyLength"/> before a decision).</summary>
    private string _keys = string.Empty;
    private Phase _phase;
    private string? _playingPromptId;
    private int _failedAttempts;

    public override void Enter(SessionStep step, char? typeAhead)
    {
        if (typeAhead is { } key)
        {
            OnKey(step, key);
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
            case DigitPressed digit when AcceptsInput:
                OnKey(step, digit.Digit);
                break;
            case SpeechResult speech when AcceptsInput:
                ChooseBySpeech(step, speech);
                break;
            case OptionSpoken spoken when AcceptsInput:
                ChooseSpokenOption(step, spoken);
                break;
            case SpeechGaveUp when AcceptsInput:
                TellToUseKeypad(step);
                break;
            case InputTimedOut when _phase == Phase.WaitingForKey:
                Fail(step, node.TimeoutPrompt);
                break;
            case InputTimedOut when _phase == Phase.WaitingForNextKey:
                ChooseTypedKeys(step);
                break;
        }
    }

    /// <summary>Input counts while the menu waits, or during any prompt of a barge-in menu (the host stopped it).</summary>
    private bool AcceptsInput => _phase is Phase.WaitingForKey or Phase.WaitingForNextKey || node.BargeIn;

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

    /// <summary>
    /// Decides as soon as the keys can mean only one thing: an option key that no longer key begins with is chosen at
    /// once, keys that begin no option key are wrong at once; otherwise the caller gets the inter-digit timeout.
    /// </summary>
    private void OnKey(SessionStep step, char key)
    {
        // A barge-in key stopped the prompt: no PromptFinished will come for it.
        _playingPromptId = null;
        _keys += key;
        if (node.IsStartOfLongerKey(_keys))
        {
            _phase = Phase.WaitingForNextKey;
            step.StartInputTimer(node.InterDigitTimeout);
        }
        else
        {
            ChooseTypedKeys(step);
        }
    }

    private void ChooseTypedKeys(SessionStep step)
    {
        var typed = _keys;
        _keys = string.Empty;
        if (node.FindOptionByKeys(typed) is { } option)
        {
            Choose(step, option);
        }
        else
        {
            Fail(step, node.InvalidPrompt);
        }
    }

    /// <summary>An unsure or unmatched phrase costs an attempt, like a wrong key: better to ask again than to guess.</summary>
    private void ChooseBySpeech(SessionStep step, SpeechResult speech)
    {
        _keys = string.Empty;
        _playingPromptId = null;
        var option = speech.Confidence >= node.MinConfidence ? node.FindOption(speech.Transcript) : null;
        if (option is not null)
        {
            Choose(step, option);
        }
        else
        {
            Fail(step, node.InvalidPrompt);
        }
    }

    /// <summary>The host's matcher named the option's key: chosen like typed keys, without waiting for a longer key.</summary>
    private void ChooseSpokenOption(SessionStep step, OptionSpoken spoken)
    {
        _keys = string.Empty;
        _playingPromptId = null;
        if (node.FindOptionByKeys(spoken.Key) is { } option)
        {
            step.Note(node.Name, "speech");
            Choose(step, option);
        }
        else
        {
            Fail(step, node.InvalidPrompt);
        }
    }

    /// <summary>Speech is over for this menu: say to use the keys, then the menu prompt again; no attempt is spent.</summary>
    private void TellToUseKeypad(SessionStep step)
    {
        _keys = string.Empty;
        _phase = Phase.PlayingRetryPrompt;
        _playingPromptId = AnnouncementFragments.SpeechToKeypad;
        step.PlayFragment(AnnouncementFragments.SpeechToKeypad, node.BargeIn);
    }

    private static void Choose(SessionStep step, MenuOption option)
    {
        step.Memory.Choose(option);
        step.GoTo(option.Next);
    }

    private void Fail(SessionStep step, IvrPrompt? retryPrompt)
    {
        _keys = string.Empty;
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
