namespace Telephony.Ivr;

/// <summary>Asks the host for the caller's appointment; offers to cancel or keep it; silence keeps it.</summary>
internal sealed class ExistingAppointmentRun(ExistingAppointmentNode node) : NodeRun
{
    private const int MaxAsks = 2;

    private readonly FragmentPlayback _playback = new();
    private State _state = State.WaitingForHost;
    private AppointmentTime? _appointment;
    private int _asks;
    private string? _then;

    private enum State
    {
        WaitingForHost,
        Asking,
        Cancelling,
        Telling,
    }

    public override void Enter(SessionStep step, char? typeAhead) => step.Emit(new FindAppointment());

    public override void Handle(SessionStep step, IvrEvent ivrEvent)
    {
        switch (ivrEvent)
        {
            case AppointmentFound found when _state == State.WaitingForHost:
                if (found.Appointment is null)
                {
                    step.GoTo(node.OnNone);
                }
                else
                {
                    _appointment = found.Appointment;
                    Ask(step);
                }

                break;
            case PromptFinished when _state == State.Asking && _playback.Ended(ivrEvent):
                step.StartInputTimer(node.Timeout);
                break;
            case DigitPressed { Digit: '1' } when _state == State.Asking:
                _playback.Interrupt();
                _state = State.Cancelling;
                step.Emit(new CancelAppointment());
                break;
            case DigitPressed { Digit: '2' } when _state == State.Asking:
                _playback.Interrupt();
                Tell(step, AppointmentFragments.Kept, node.OnKept, "kept");
                break;
            case DigitPressed or InputTimedOut when _state == State.Asking && (ivrEvent is DigitPressed || !_playback.Playing):
                _playback.Interrupt();
                if (_asks < MaxAsks)
                {
                    Ask(step);
                }
                else
                {
                    Tell(step, AppointmentFragments.Kept, node.OnKept, "kept");
                }

                break;
            case AppointmentCancelled cancelled when _state == State.Cancelling:
                if (cancelled.Cancelled)
                {
                    Tell(step, AppointmentFragments.Cancelled, node.OnCancelled, "cancelled");
                }
                else
                {
                    // Gone meanwhile (cancelled on the page, or being called): nothing to keep or cancel any more.
                    step.GoTo(node.OnNone);
                }

                break;
            case PromptFinished when _state == State.Telling && _playback.Ended(ivrEvent):
                step.GoTo(_then!);
                break;
        }
    }

    private void Ask(SessionStep step)
    {
        _state = State.Asking;
        _asks++;
        _playback.Play(step, FrenchAnnouncements.CancelOrKeep(_appointment!.Start, _appointment.End));
    }

    private void Tell(SessionStep step, string fragment, string then, string note)
    {
        step.Note(node.Name, note);
        _state = State.Telling;
        _then = then;
        _playback.Play(step, FrenchAnnouncements.Fragment(fragment));
    }
}
