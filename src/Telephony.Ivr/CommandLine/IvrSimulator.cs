using NodaTime;

namespace Telephony.Ivr;

/// <summary>What the simulated queue does with a caller who joins it (<c>simulate --queue</c>).</summary>
public enum SimulatedQueue
{
    /// <summary>The caller is still waiting when the simulation ends.</summary>
    Waiting,

    /// <summary>An agent answers; after the agent hangs up the line's survey, if any, is run.</summary>
    Answered,

    /// <summary>The queue's maximum wait is reached (for a queue that has one).</summary>
    MaxWait,

    /// <summary>The queue, and each queue it overflows to, refuses the call (for a queue that may refuse).</summary>
    Full,
}

/// <summary>
/// Walks one call through a script without a phone, for script authors: the clock is fixed at the given Paris time,
/// prompts "play" instantly, and each time the IVR waits for the caller the next input (a key sequence or a phrase)
/// is given (see <see cref="SimulatedCaller"/>). Prints the prompts heard (their texts), the queue joined with its
/// definition, the choices in words and the path taken. Digits keyed into a collect node are never printed, nor the
/// values offered to the agent.
/// </summary>
public sealed class IvrSimulator(IvrScript script, IvrSessionOptions options)
{
    /// <summary>Enough for any real call; stops a script that would keep a silent caller forever (it cannot, but the simulator must end).</summary>
    private const int MaxSteps = 500;

    /// <summary>
    /// One thing the simulated caller does when the IVR waits: press keys (one entry, e.g. "12" for menu option 12
    /// or a whole fiscal number, its keys pressed quickly) or say a phrase.
    /// </summary>
    public abstract record Input;

    public sealed record Keys(string Digits) : Input;

    public sealed record Say(string Phrase) : Input;

    /// <summary>Whether the simulated service stores a callback the caller asks for (false: the number is refused).</summary>
    public bool CallbacksAccepted { get; init; } = true;

    public SimulatedQueue Queue { get; init; } = SimulatedQueue.Waiting;

    /// <summary>The caller ID's upcoming appointment on the line (Paris time), for <c>existing-appointment</c> nodes; null: none.</summary>
    public AppointmentTime? ExistingAppointment { get; init; }

    public IvrSession Run(LocalDateTime parisTime, IReadOnlyList<Input> inputs, TextWriter output)
    {
        var instant = parisTime.InZoneLeniently(OpeningHours.Paris).ToInstant().ToDateTimeOffset();
        var caller = new SimulatedCaller(inputs, output, instant);
        var session = new IvrSession(script, caller.Clock, options);
        output.WriteLine($"{script.Name} ({script.Network}, {string.Join(" ", script.Numbers)}) version {script.Version}, "
            + $"{parisTime:yyyy-MM-dd HH:mm} Europe/Paris{(options.ForceOpen ? ", forced open" : string.Empty)}");
        var agentAnswered = false;
        var choicesPrinted = 0;
        Drive(
            session.Start(),
            ivrEvent =>
            {
                var next = session.Handle(ivrEvent);
                foreach (var choice in session.ChoicesInWords.Skip(choicesPrinted))
                {
                    output.WriteLine($"  choice: {choice}");
                }

                choicesPrinted = session.ChoicesInWords.Count;
                return next;
            },
            action =>
            {
                var (reply, answered) = Perform(action, session, caller, output);
                agentAnswered |= answered;
                return reply;
            });

        output.WriteLine($"path: {string.Join(" > ", session.Path)}");
        output.WriteLine($"choices in words: {(session.ChoicesInWords.Count == 0 ? "(none)" : string.Join(" → ", session.ChoicesInWords))}");
        foreach (var item in session.ForAgent)
        {
            output.WriteLine($"for the agent: {item.Label} ({item.Value.Length} digits, masked)");
        }

        output.WriteLine(session.Outcome is { } outcome ? $"outcome: {OutcomeName(outcome)}" : "outcome: (still in the IVR)");
        if (agentAnswered && script.Survey is not null)
        {
            RunSurvey(caller, output);
        }

        return session;
    }

    private static void Drive(
        IReadOnlyList<IvrAction> first, Func<IvrEvent, IReadOnlyList<IvrAction>> handle, Func<IvrAction, IvrEvent?> perform)
    {
        var actions = new Queue<IvrAction>(first);
        for (var steps = 0; steps < MaxSteps && actions.TryDequeue(out var action); steps++)
        {
            if (perform(action) is not { } reply)
            {
                continue;
            }

            var next = handle(reply);
            if (next.Count > 0)
            {
                actions.Clear();
                foreach (var a in next)
                {
                    actions.Enqueue(a);
                }
            }
        }
    }

    /// <returns>The event answering the action, if any, and whether an agent answered the call.</returns>
    private (IvrEvent? Reply, bool AgentAnswered) Perform(IvrAction action, IvrSession session, SimulatedCaller caller, TextWriter output)
    {
        // Menu keys are printed; digits typed into a collect node are personal data in real life, so never.
        var masked = session.ExpectsPersonalDigits;
        switch (action)
        {
            case PlayPrompt play:
                output.WriteLine($"  [{session.CurrentNode}] ♪ {play.PromptId}: \"{TextOf(play.PromptId)}\"");
                return (caller.Hear(play, masked), false);
            case StartInputTimer timer:
                return (caller.Answer(timer, masked), false);
        }

        caller.Wait();
        switch (action)
        {
            case JoinQueue join:
                output.WriteLine($"  → queue {join.QueueId} (priority {join.Priority}): {QueueInWords.Describe(script.Queues.Get(join.QueueId))}");
                return QueueAnswer(join, output);
            case PlayAnnouncement announcement:
                output.WriteLine($"  ♪ announcement: \"{announcement.Text}\"");
                return (null, false);
            case RequestCallback callback:
                output.WriteLine($"  → callback requested on queue {callback.QueueId}: {(CallbacksAccepted ? "stored" : "refused by the service")}");
                return (new CallbackRequestAnswered(CallbacksAccepted), false);
            case FindAppointment or CancelAppointment or ListSlots or BookAppointment:
                return (SimulatedAppointments.Answer(script, action, caller.Clock.GetUtcNow(), ExistingAppointment, output), false);
            case TransferToLine transfer:
                output.WriteLine($"  → transfer to line {transfer.Number}");
                return (null, false);
            case LineClosedByOperator closed:
                output.WriteLine($"  (line closed by an operator: {closed.Message ?? "no message"})");
                return (null, false);
            case HangUp hangUp:
                output.WriteLine($"  → hang up ({OutcomeName(hangUp.Outcome)})");
                return (null, false);
            default:
                output.WriteLine($"  (action {action})");
                return (null, false);
        }
    }

    /// <summary>What the simulated queue reports, as <see cref="Queue"/> says, when the node has a branch for it.</summary>
    private (IvrEvent? Reply, bool AgentAnswered) QueueAnswer(JoinQueue join, TextWriter output)
    {
        switch (Queue)
        {
            case SimulatedQueue.Answered:
                output.WriteLine("  an agent answers");
                return (join.AwaitsQueueEvents ? new QueueResult(QueueResultKind.AgentAnswered) : null, true);
            case SimulatedQueue.MaxWait when join.HandlesMaxWait:
                output.WriteLine("  (the maximum wait is reached)");
                return (new QueueResult(QueueResultKind.MaxWaitReached), false);
            case SimulatedQueue.Full when join.HandlesFull:
                var chain = script.Queues.OverflowChain(join.QueueId).Select(q => q.Id);
                output.WriteLine($"  (refused by {string.Join(", then ", chain)})");
                return (new QueueResult(QueueResultKind.QueueFull), false);
            case SimulatedQueue.MaxWait or SimulatedQueue.Full:
                output.WriteLine($"  (this queue cannot {(Queue == SimulatedQueue.Full ? "refuse the call" : "reach a maximum wait")}: the caller waits)");
                return (null, false);
            default:
                output.WriteLine("  (the caller waits)");
                return (null, false);
        }
    }

    private void RunSurvey(SimulatedCaller caller, TextWriter output)
    {
        output.WriteLine("after the agent hangs up:");
        var survey = new SurveySession(script);
        Drive(survey.Start(), survey.Handle, action =>
        {
            switch (action)
            {
                case PlayPrompt play:
                    output.WriteLine($"  [survey] ♪ {play.PromptId}: \"{TextOf(play.PromptId)}\"");
                    return caller.Hear(play, masked: false);
                case StartInputTimer timer:
                    return caller.Answer(timer, masked: false);
                case SurveyFinished finished:
                    output.WriteLine($"  → survey {(finished.Score is { } score ? $"score {score}" : "no answer")} ({finished.Ending.ToString().ToLowerInvariant()}), hang up");
                    return null;
                default:
                    output.WriteLine($"  (action {action})");
                    return null;
            }
        });
    }

    private string TextOf(string promptId) =>
        script.Prompts.FirstOrDefault(p => p.Id == promptId)?.Text ?? AnnouncementFragments.All.GetValueOrDefault(promptId) ?? string.Empty;

    private static string OutcomeName(IvrOutcome outcome) => outcome.ToMetricLabel() ?? outcome.ToString().ToLowerInvariant();
}
