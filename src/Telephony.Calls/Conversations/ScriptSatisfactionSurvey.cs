using Telephony.Calls.Channels;
using Telephony.Calls.Flow;
using Telephony.Ivr;

namespace Telephony.Calls.Conversations;

/// <summary>
/// Puts the line's one satisfaction question (the script's <c>survey</c>) to a caller whose agent has hung up, and
/// returns the key: 1 to 5, or no answer for silence, another key or a hang-up. A line without a survey asks nothing.
/// The interpreter (<see cref="SurveySession"/>) decides; this only plays, listens and times.
/// </summary>
public sealed class ScriptSatisfactionSurvey(TimeProvider time) : ISatisfactionSurvey
{
    public async Task<SurveyAnswer?> AskAsync(ICallChannel caller, IvrScript script)
    {
        if (script.Survey is null)
        {
            return null;
        }

        var survey = new SurveySession(script);
        var pending = new Queue<IvrAction>(survey.Start());
        // A key pressed while talking to the agent is not an answer to a question not yet asked.
        caller.DiscardPendingDigits();
        try
        {
            while (pending.TryDequeue(out var action))
            {
                IReadOnlyList<IvrAction> next;
                switch (action)
                {
                    case SurveyFinished finished:
                        return new SurveyAnswer(finished.Score);
                    case PlayPrompt play:
                        next = survey.Handle(await IvrInput.PlayAsync(caller, play, speech: null, caller.Ended));
                        break;
                    case StartInputTimer timer:
                        next = survey.Handle(await IvrInput.WaitForDigitAsync(caller, timer.Timeout, time, speech: null, caller.Ended));
                        break;
                    default:
                        next = [];
                        break;
                }

                if (next.Count > 0)
                {
                    pending = new Queue<IvrAction>(next);
                }
            }
        }
        catch (OperationCanceledException) when (caller.Ended.IsCancellationRequested)
        {
            // The caller hung up during the question or the thanks: a score already given is kept.
            foreach (var action in survey.Handle(new CallerHungUp()))
            {
                if (action is SurveyFinished finished)
                {
                    return new SurveyAnswer(finished.Score);
                }
            }
        }

        return new SurveyAnswer(null);
    }
}
