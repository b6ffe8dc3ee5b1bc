namespace Telephony.Ivr;

/// <summary>How a survey ended; only <see cref="Answered"/> carries a score.</summary>
public enum SurveyEnding
{
    /// <summary>The caller pressed a key from 1 to 5.</summary>
    Answered,

    /// <summary>No key before the timeout.</summary>
    Silence,

    /// <summary>A key that is no score (0, 6-9, * or #): not guessed into one.</summary>
    InvalidKey,

    /// <summary>The caller hung up before answering.</summary>
    HungUp,
}

/// <summary>
/// The end of a survey: store <paramref name="Score"/> (1-5, or null for no answer) with the call record, then hang
/// up if the caller is still there. Always the last action of a <see cref="SurveySession"/>.
/// </summary>
public sealed record SurveyFinished(int? Score, SurveyEnding Ending) : IvrAction;

/// <summary>
/// Runs a line's satisfaction survey on a call whose agent has hung up. Pure, like <see cref="IvrSession"/>: the host
/// reports <see cref="PromptFinished"/>, <see cref="DigitPressed"/>, <see cref="InputTimedOut"/> and
/// <see cref="CallerHungUp"/>, and performs the <see cref="PlayPrompt"/>, <see cref="StartInputTimer"/> and finally
/// <see cref="SurveyFinished"/> actions it gets back. One question, one key: a wrong key is no answer rather than a
/// second question to a caller who has finished their call.
/// </summary>
public sealed class SurveySession
{
    private readonly IvrScript _script;
    private readonly IvrSurvey _survey;
    private State _state = State.NotStarted;

    /// <exception cref="ArgumentException">The script has no survey (check <see cref="IvrScript.Survey"/> first).</exception>
    public SurveySession(IvrScript script)
    {
        ArgumentNullException.ThrowIfNull(script);
        _script = script;
        _survey = script.Survey ?? throw new ArgumentException($"IVR script '{script.Name}' has no survey.", nameof(script));
    }

    private enum State
    {
        NotStarted,
        Asking,
        WaitingForKey,
        Thanking,
        Finished,
    }

    public bool IsFinished => _state == State.Finished;

    /// <summary>The caller's score once answered (1-5), null before or without an answer.</summary>
    public int? Score { get; private set; }

    /// <summary>Set when the survey is over.</summary>
    public SurveyEnding? Ending { get; private set; }

    /// <summary>Asks the question; a key pressed during it answers at once (barge-in).</summary>
    public IReadOnlyList<IvrAction> Start()
    {
        if (_state != State.NotStarted)
        {
            throw new InvalidOperationException("The survey has already started.");
        }

        _state = State.Asking;
        return [Play(_survey.Prompt, bargeIn: true)];
    }

    /// <summary>Feeds one event; returns the actions it calls for (none for stale or irrelevant events).</summary>
    public IReadOnlyList<IvrAction> Handle(IvrEvent ivrEvent)
    {
        ArgumentNullException.ThrowIfNull(ivrEvent);
        if (_state == State.NotStarted)
        {
            throw new InvalidOperationException("Start the survey before handling events.");
        }

        return (_state, ivrEvent) switch
        {
            (State.Finished, _) => [],
            // A caller who answered and hangs up during the thanks has given their score.
            (_, CallerHungUp) => Finish(Score is null ? SurveyEnding.HungUp : SurveyEnding.Answered),
            (State.Asking, PromptFinished finished) when finished.PromptId == _survey.Prompt.Id => WaitForKey(),
            (State.Asking or State.WaitingForKey, DigitPressed digit) => Answer(digit.Digit),
            (State.WaitingForKey, InputTimedOut) => Finish(SurveyEnding.Silence),
            (State.Thanking, PromptFinished finished) when finished.PromptId == _survey.ThanksPrompt?.Id => Finish(SurveyEnding.Answered),
            _ => [],
        };
    }

    private IReadOnlyList<IvrAction> WaitForKey()
    {
        _state = State.WaitingForKey;
        return [new StartInputTimer(_survey.Timeout)];
    }

    private IReadOnlyList<IvrAction> Answer(char key)
    {
        if (IvrSurvey.ScoreOf(key) is not { } score)
        {
            return Finish(SurveyEnding.InvalidKey);
        }

        Score = score;
        if (_survey.ThanksPrompt is { } thanks)
        {
            _state = State.Thanking;
            return [Play(thanks, bargeIn: false)];
        }

        return Finish(SurveyEnding.Answered);
    }

    private IReadOnlyList<IvrAction> Finish(SurveyEnding ending)
    {
        _state = State.Finished;
        Ending = ending;
        return [new SurveyFinished(Score, ending)];
    }

    private PlayPrompt Play(IvrPrompt prompt, bool bargeIn) => new(prompt.Id, _script.PromptPath(prompt.Id), bargeIn);
}
