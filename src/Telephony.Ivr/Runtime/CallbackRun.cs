namespace Telephony.Ivr;

/// <summary>One question, one chance: the accept key (or phrase) books a callback; anything else, or silence, declines it.</summary>
internal sealed class CallbackRun(CallbackNode node) : NodeRun
{
    private bool _waiting;

    public override void Enter(SessionStep step, char? typeAhead) => step.Play(node.Prompt, bargeIn: true);

    public override void Handle(SessionStep step, IvrEvent ivrEvent)
    {
        switch (ivrEvent)
        {
            case PromptFinished finished when finished.PromptId == node.Prompt.Id && !_waiting:
                _waiting = true;
                step.StartInputTimer(node.Timeout);
                break;
            case DigitPressed digit:
                Answer(step, digit.Digit == node.AcceptKey);
                break;
            case SpeechResult speech:
                Answer(step, speech.Confidence >= MenuNode.DefaultMinConfidence
                    && SpeechText.Match(speech.Transcript, [node], n => n.AcceptPhrases) is not null);
                break;
            case InputTimedOut when _waiting:
                Answer(step, accepted: false);
                break;
        }
    }

    private void Answer(SessionStep step, bool accepted)
    {
        if (accepted)
        {
            step.Emit(new RequestCallback(node.QueueId));
            step.GoTo(node.OnAccepted);
        }
        else
        {
            step.GoTo(node.OnDeclined);
        }
    }
}
