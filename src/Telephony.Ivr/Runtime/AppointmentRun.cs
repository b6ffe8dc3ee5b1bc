namespace Telephony.Ivr;

/// <summary>Number confirmation, then the slots read out, the choice booked by the host, the code read back.</summary>
internal sealed class AppointmentRun(AppointmentNode node) : NodeRun
{
    private const int MaxListings = 2;

    private readonly NumberConfirmation _confirmation = new(node.Name, node.NumberRules, node.Timeout);
    private readonly FragmentPlayback _playback = new();
    private State _state = State.ConfirmingNumber;
    private string? _number;
    private IReadOnlyList<AppointmentSlot> _slots = [];
    private int _listings;
    private string? _then;
    private bool _booked;

    private enum State
    {
        ConfirmingNumber,
        WaitingForSlots,
        Offering,
        WaitingForBooking,

        /// <summary>Saying something, then going to <see cref="_then"/> (or listing the slots again when null).</summary>
        Telling,
    }

    public override bool ExpectsPersonalDigits => _state == State.ConfirmingNumber && _confirmation.Entering;

    public override void Enter(SessionStep step, char? typeAhead) => _confirmation.Start(step);

    public override IvrOutcome OutcomeIfCallerHangsUp(IvrScript script) =>
        _booked ? IvrOutcome.HandledIvr : IvrOutcome.AbandonedIvr;

    public override void Handle(SessionStep step, IvrEvent ivrEvent)
    {
        switch (ivrEvent)
        {
            case CallerHungUp:
                break;
            case var _ when _state == State.ConfirmingNumber:
                Confirming(step, _confirmation.Handle(step, ivrEvent));
                break;
            case SlotsListed listed when _state == State.WaitingForSlots:
                _slots = listed.Slots.Take(node.SlotCount).ToList();
                if (_slots.Count == 0)
                {
                    Tell(step, FrenchAnnouncements.Fragment(AppointmentFragments.NoSlot), node.OnFailed);
                }
                else
                {
                    Offer(step);
                }

                break;
            case PromptFinished when _state == State.Offering && _playback.Ended(ivrEvent):
                step.StartInputTimer(node.Timeout);
                break;
            case DigitPressed digit when _state == State.Offering:
                _playback.Interrupt();
                Choose(step, digit.Digit - '0');
                break;
            case InputTimedOut when _state == State.Offering && !_playback.Playing:
                Choose(step, choice: 0);
                break;
            case AppointmentBookingAnswered answered when _state == State.WaitingForBooking:
                Booked(step, answered);
                break;
            case PromptFinished when _state == State.Telling && _playback.Ended(ivrEvent):
                if (_then is { } next)
                {
                    step.GoTo(next);
                }
                else
                {
                    ListSlots(step);
                }

                break;
        }
    }

    private void Confirming(SessionStep step, ConfirmationResult? result)
    {
        switch (result)
        {
            case ConfirmationResult.Confirmed confirmed:
                _number = confirmed.Number;
                ListSlots(step);
                break;
            case ConfirmationResult.GaveUp:
                step.GoTo(node.OnFailed);
                break;
            case ConfirmationResult.Refused refused:
                Tell(step, FrenchAnnouncements.Fragment(NumberFragments.Reason(refused.Reason)), node.OnFailed);
                break;
        }
    }

    private void ListSlots(SessionStep step)
    {
        _state = State.WaitingForSlots;
        step.Emit(new ListSlots(node.ReasonId, node.SlotCount));
    }

    private void Offer(SessionStep step)
    {
        _state = State.Offering;
        _listings++;
        var choices = _slots.Select((slot, i) => FrenchAnnouncements.SlotChoice(slot.LocalStart, slot.LocalEnd, i + 1));
        _playback.Play(step, FrenchAnnouncements.Join([FrenchAnnouncements.Fragment(AppointmentFragments.NextSlots), .. choices]));
    }

    /// <param name="choice">1 to the number of slots offered; anything else (0: silence) asks again, once.</param>
    private void Choose(SessionStep step, int choice)
    {
        if (choice >= 1 && choice <= _slots.Count)
        {
            _state = State.WaitingForBooking;
            step.Emit(new BookAppointment(node.ReasonId, _slots[choice - 1].Start, _number!) { NumberRules = node.NumberRules });
        }
        else if (_listings < MaxListings)
        {
            Offer(step);
        }
        else
        {
            step.GoTo(node.OnFailed);
        }
    }

    private void Booked(SessionStep step, AppointmentBookingAnswered answered)
    {
        switch (answered.Result)
        {
            case AppointmentBookingAnswer.Booked when answered.Code is { } code && answered.Slot is { } slot:
                step.Note(node.Name, "booked");
                _booked = true;
                // Not interruptible: the code is what cancels the appointment later.
                Tell(step, FrenchAnnouncements.Join(
                    FrenchAnnouncements.Fragment(AppointmentFragments.Booked),
                    FrenchAnnouncements.Slot(slot.Start, slot.End),
                    FrenchAnnouncements.Fragment(AppointmentFragments.CodeIs),
                    FrenchAnnouncements.Code(code),
                    FrenchAnnouncements.Fragment(AppointmentFragments.BySms)), node.OnBooked, bargeIn: false);
                break;
            case AppointmentBookingAnswer.AlreadyBooked when answered.Slot is { } existing:
                step.Note(node.Name, "already-booked");
                _booked = true;
                Tell(step, FrenchAnnouncements.Join(FrenchAnnouncements.Fragment(AppointmentFragments.AlreadyHave), FrenchAnnouncements.Slot(existing.Start, existing.End)), node.OnBooked);
                break;
            case AppointmentBookingAnswer.SlotFull:
                // Someone else took the last place meanwhile: the list is read again, fresh.
                _listings = 0;
                Tell(step, FrenchAnnouncements.Fragment(AppointmentFragments.SlotTaken), then: null);
                break;
            default:
                Tell(step, FrenchAnnouncements.Fragment(AppointmentFragments.Unavailable), node.OnFailed);
                break;
        }
    }

    private void Tell(SessionStep step, Announcement what, string? then, bool bargeIn = true)
    {
        _state = State.Telling;
        _then = then;
        _playback.Play(step, what, bargeIn);
    }
}
