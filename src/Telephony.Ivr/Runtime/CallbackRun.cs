namespace Telephony.Ivr;

/// <summary>
/// One question, one chance: the accept key (or phrase) asks the host to book a callback; anything else, or silence,
/// declines it. The confirmation follows only the host's answer: a refused request is said to be refused.
/// </summary>
internal sealed class CallbackRun(CallbackNode node) : NodeRun
{
    private readonly NumberConfirmation _confirmation = new(node.Name, node.NumberRules, node.Timeout);
    private State _state = State.Offering;

    private enum State
    {
        Offering,
        WaitingForAnswer,
        ConfirmingNumber,
        WaitingForHost,
        TellingRefusal,
    }

    public override bool ExpectsPersonalDigits => _state == State.ConfirmingNumber && _confirmation.Entering;

    public override void Enter(SessionStep step, char? typeAhead) => step.Play(node.Prompt, bargeIn: true);

    public override void Handle(SessionStep step, IvrEvent ivrEvent)
    {
        switch (ivrEvent)
        {
            case PromptFinished finished when finished.PromptId == node.Prompt.Id && _state == State.Offering:
                _state = State.WaitingForAnswer;
                step.StartInputTimer(node.Timeout);
                break;
            case DigitPressed digit when _state is State.Offering or State.WaitingForAnswer:
                Answer(step, digit.Digit == node.AcceptKey);
                break;
            case SpeechResult speech when _state is State.Offering or State.WaitingForAnswer:
                Answer(step, speech.Confidence >= MenuNode.DefaultMinConfidence
                    && SpeechText.Match(speech.Transcript, [node], n => n.AcceptPhrases) is not null);
                break;
            case InputTimedOut when _state == State.WaitingForAnswer:
                Answer(step, accepted: false);
                break;
            case not CallerHungUp when _state == State.ConfirmingNumber:
                switch (_confirmation.Handle(step, ivrEvent))
                {
                    case ConfirmationResult.Confirmed confirmed:
                        Request(step, confirmed.Number);
                        break;
                    case ConfirmationResult.GaveUp:
                        step.GoTo(node.OnDeclined);
                        break;
                    case ConfirmationResult.Refused refused:
                        _state = State.TellingRefusal;
                        step.PlayFragments(FrenchAnnouncements.Fragment(NumberFragments.Reason(refused.Reason)), bargeIn: false);
                        step.Play(node.RefusedPrompt, bargeIn: false);
                        break;
                }

                break;
            case CallbackRequestAnswered answered when _state == State.WaitingForHost:
                if (answered.Accepted)
                {
                    step.GoTo(node.OnAccepted);
                }
                else
                {
                    _state = State.TellingRefusal;
                    step.Play(node.RefusedPrompt, bargeIn: false);
                }

                break;
            case PromptFinished finished when finished.PromptId == node.RefusedPrompt.Id && _state == State.TellingRefusal:
                step.GoTo(node.OnRefused);
                break;
        }
    }

    private void Answer(SessionStep step, bool accepted)
    {
        if (accepted && node.ConfirmNumber)
        {
            _state = State.ConfirmingNumber;
            _confirmation.Start(step);
        }
        else if (accepted)
        {
            Request(step, number: null);
        }
        else
        {
            step.GoTo(node.OnDeclined);
        }
    }

    /// <param name="number">The confirmed number (E.164); null: the caller ID as presented.</param>
    private void Request(SessionStep step, string? number)
    {
        _state = State.WaitingForHost;
        step.Emit(new RequestCallback(node.QueueId) { Number = number, NumberRules = node.NumberRules });
    }
}
