using System.Text;

namespace Telephony.Ivr;

/// <summary>How a number confirmation ended.</summary>
internal abstract record ConfirmationResult
{
    /// <summary>The caller confirmed this number (E.164): the one to store and call.</summary>
    public sealed record Confirmed(string Number) : ConfirmationResult;

    /// <summary>Silence, or keys that answer nothing, too many times: the caller did not go on.</summary>
    public sealed record GaveUp : ConfirmationResult;

    /// <summary>Every number keyed was refused (the reason was said each time).</summary>
    public sealed record Refused(NumberRefusal Reason) : ConfirmationResult;
}

/// <summary>
/// The number a callback or an appointment will be made to, confirmed by the caller: the caller ID read back digit by
/// digit with « pour confirmer ce numéro, tapez 1, pour saisir un autre numéro, tapez 2 », or a number keyed (ended by
/// '#', or complete at 10 digits for a French number) and read back the same way. A number the service may not call
/// is refused with its reason said (« c'est un numéro surtaxé... ») and noted in the path by that fragment's id;
/// the digits themselves stay here, never in the path, an action other than the final one, or a log.
/// </summary>
internal sealed class NumberConfirmation(string nodeName, NumberRules rules, TimeSpan answerTimeout)
{
    public const int MaxAsks = 2;
    public const int MaxEntries = 3;
    public const int LongestNumber = 15;
    public static readonly TimeSpan EntryTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan InterDigitTimeout = TimeSpan.FromSeconds(5);

    private readonly FragmentPlayback _playback = new();
    private readonly StringBuilder _digits = new();
    private NumberVerdict? _candidate;
    private Phase _phase;
    private int _asks;
    private int _entries;
    private int _refusals;

    private enum Phase
    {
        Confirming,
        Entering,
    }

    /// <summary>True while the caller keys a number: their keys are personal data.</summary>
    public bool Entering => _phase == Phase.Entering;

    public void Start(SessionStep step)
    {
        var callerId = CallbackNumbers.Check(step.Options.CallerNumber, rules);
        if (callerId.Accepted)
        {
            Ask(step, callerId);
            return;
        }

        step.Note(nodeName, NumberFragments.Reason(callerId.Refusal));
        var why = callerId.Refusal == NumberRefusal.Missing
            ? FrenchAnnouncements.Fragment(NumberFragments.Reason(NumberRefusal.Missing))
            : FrenchAnnouncements.Join(FrenchAnnouncements.Fragment(NumberFragments.CallerNumberRefused), FrenchAnnouncements.Fragment(NumberFragments.Reason(callerId.Refusal)));
        StartEntry(step, why);
    }

    /// <returns>The end of the confirmation, or null while it goes on.</returns>
    public ConfirmationResult? Handle(SessionStep step, IvrEvent ivrEvent)
    {
        switch (ivrEvent)
        {
            case PromptFinished when _playback.Ended(ivrEvent):
                step.StartInputTimer(_phase == Phase.Confirming ? answerTimeout : _digits.Length == 0 ? EntryTimeout : InterDigitTimeout);
                return null;
            case DigitPressed digit:
                _playback.Interrupt();
                return _phase == Phase.Confirming ? Answer(step, digit.Digit) : Key(step, digit.Digit);
            case InputTimedOut when !_playback.Playing:
                return _phase == Phase.Confirming ? AskAgain(step) : EntryPaused(step);
            default:
                return null;
        }
    }

    private ConfirmationResult? Answer(SessionStep step, char key)
    {
        switch (key)
        {
            case '1':
                return new ConfirmationResult.Confirmed(_candidate!.E164!);
            case '2':
                StartEntry(step, null);
                return null;
            default:
                return AskAgain(step);
        }
    }

    private ConfirmationResult? AskAgain(SessionStep step)
    {
        if (_asks >= MaxAsks)
        {
            return new ConfirmationResult.GaveUp();
        }

        Ask(step, _candidate!);
        return null;
    }

    private void Ask(SessionStep step, NumberVerdict number)
    {
        _phase = Phase.Confirming;
        _candidate = number;
        _asks++;
        _playback.Play(step, FrenchAnnouncements.NumberReadBack(number.Digits!));
    }

    private void StartEntry(SessionStep step, Announcement? before)
    {
        _phase = Phase.Entering;
        _digits.Clear();
        _entries++;
        var ask = FrenchAnnouncements.Fragment(NumberFragments.KeyANumber);
        _playback.Play(step, before is null ? ask : FrenchAnnouncements.Join(before, ask));
    }

    private ConfirmationResult? Key(SessionStep step, char key)
    {
        switch (key)
        {
            case '#':
                return _digits.Length == 0 ? EntryPaused(step) : Complete(step);
            case '*':
                _digits.Clear();
                step.StartInputTimer(EntryTimeout);
                return null;
        }

        _digits.Append(key);
        var french = _digits.Length >= 2 && _digits[0] == '0' && _digits[1] != '0';
        if ((french && _digits.Length == 10) || _digits.Length >= LongestNumber)
        {
            return Complete(step);
        }

        step.StartInputTimer(InterDigitTimeout);
        return null;
    }

    private ConfirmationResult? EntryPaused(SessionStep step)
    {
        if (_digits.Length > 0)
        {
            return Complete(step);
        }

        if (_entries >= MaxEntries)
        {
            return new ConfirmationResult.GaveUp();
        }

        StartEntry(step, null);
        return null;
    }

    private ConfirmationResult? Complete(SessionStep step)
    {
        var verdict = CallbackNumbers.Check(_digits.ToString(), rules);
        _digits.Clear();
        if (verdict.Accepted)
        {
            _asks = 0;
            Ask(step, verdict);
            return null;
        }

        _refusals++;
        step.Note(nodeName, NumberFragments.Reason(verdict.Refusal));
        var why = FrenchAnnouncements.Fragment(NumberFragments.Reason(verdict.Refusal));
        if (_refusals >= MaxEntries)
        {
            return new ConfirmationResult.Refused(verdict.Refusal);
        }

        StartEntry(step, why);
        return null;
    }
}
