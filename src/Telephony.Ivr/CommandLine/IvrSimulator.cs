using NodaTime;

namespace Telephony.Ivr;

/// <summary>
/// Walks one call through a script without a phone, for script authors: the clock is fixed at the given Paris time,
/// prompts "play" instantly, and each time the IVR waits for the caller the next input (a key sequence or a phrase)
/// is given; with no input left the caller stays silent. Prints the prompts heard (their texts) and the path taken.
/// The keys of one entry are pressed quickly one after the other; when the IVR then waits for a further key (a menu
/// whose keys "1" and "12" both exist, a collect node short of its length) the caller pauses: the entry is over.
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

    public IvrSession Run(LocalDateTime parisTime, IReadOnlyList<Input> inputs, TextWriter output)
    {
        var instant = parisTime.InZoneLeniently(OpeningHours.Paris).ToInstant().ToDateTimeOffset();
        var clock = new FixedClock(instant);
        var session = new IvrSession(script, clock, options);
        var pendingInputs = new Queue<Input>(inputs);
        var pendingKeys = new Queue<char>();
        var typing = false;
        output.WriteLine($"{script.Name} ({script.Network}, {string.Join(" ", script.Numbers)}) version {script.Version}, "
            + $"{parisTime:yyyy-MM-dd HH:mm} Europe/Paris{(options.ForceOpen ? ", forced open" : string.Empty)}");
        var actions = new Queue<IvrAction>(session.Start());
        for (var steps = 0; steps < MaxSteps && actions.TryDequeue(out var action); steps++)
        {
            var reply = Perform(action, session, output, clock, pendingInputs, pendingKeys, ref typing);
            if (reply is not null)
            {
                var next = session.Handle(reply);
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

        output.WriteLine($"path: {string.Join(" > ", session.Path)}");
        output.WriteLine(session.Outcome is { } outcome ? $"outcome: {OutcomeName(outcome)}" : "outcome: (still in the IVR)");
        return session;
    }

    /// <param name="typing">
    /// True while the keys of one entry are being pressed: a timer started right after its last key is the wait for a
    /// further key of the same entry, which the caller lets run out instead of answering it with the next entry.
    /// </param>
    private IvrEvent? Perform(
        IvrAction action, IvrSession session, TextWriter output, FixedClock clock, Queue<Input> inputs, Queue<char> keys, ref bool typing)
    {
        // Only the action that answers a key press can be the wait for a further key of the same entry.
        var justPressed = typing;
        typing = false;
        switch (action)
        {
            case PlayPrompt play:
                output.WriteLine($"  [{session.CurrentNode}] ♪ {play.PromptId}: \"{TextOf(play.PromptId)}\"");
                // A caller who already typed ahead interrupts a barge-in prompt.
                if (play.BargeIn && keys.TryDequeue(out var early))
                {
                    typing = true;
                    return Pressed(output, session, early);
                }

                return new PromptFinished(play.PromptId);
            case StartInputTimer timer:
                if (keys.TryDequeue(out var key))
                {
                    typing = true;
                    return Pressed(output, session, key);
                }

                if (justPressed)
                {
                    output.WriteLine($"  (caller stops typing: {timer.Timeout.TotalSeconds:0.#} s pass)");
                    clock.Advance(timer.Timeout);
                    return new InputTimedOut();
                }

                switch (inputs.TryDequeue(out var input) ? input : null)
                {
                    case Keys typed:
                        typing = true;
                        foreach (var c in typed.Digits.Skip(1))
                        {
                            keys.Enqueue(c);
                        }

                        return Pressed(output, session, typed.Digits[0]);
                    case Say said:
                        output.WriteLine($"  caller says \"{said.Phrase}\"");
                        return new SpeechResult(said.Phrase, 1f);
                    default:
                        output.WriteLine($"  (silence for {timer.Timeout.TotalSeconds:0.#} s)");
                        clock.Advance(timer.Timeout);
                        return new InputTimedOut();
                }

            case JoinQueue join:
                output.WriteLine($"  → queue {join.QueueId} (priority {join.Priority}{(join.MaxWait is { } max ? $", max wait {max.TotalMinutes:0.#} min" : string.Empty)})");
                return null;
            case PlayAnnouncement announcement:
                output.WriteLine($"  ♪ announcement: \"{announcement.Text}\"");
                return null;
            case RequestCallback callback:
                output.WriteLine($"  → callback requested on queue {callback.QueueId}: {(CallbacksAccepted ? "stored" : "refused by the service")}");
                return new CallbackRequestAnswered(CallbacksAccepted);
            case TransferToLine transfer:
                output.WriteLine($"  → transfer to line {transfer.Number}");
                return null;
            case LineClosedByOperator closed:
                output.WriteLine($"  (line closed by an operator: {closed.Message ?? "no message"})");
                return null;
            case HangUp hangUp:
                output.WriteLine($"  → hang up ({OutcomeName(hangUp.Outcome)})");
                return null;
            default:
                output.WriteLine($"  (action {action})");
                return null;
        }
    }

    /// <summary>Menu keys are printed; digits typed into a collect node are personal data in real life, so never.</summary>
    private DigitPressed Pressed(TextWriter output, IvrSession session, char key)
    {
        var collecting = session.CurrentNode is { } node && script.GetNode(node) is CollectNode;
        output.WriteLine(collecting ? "  caller types a digit (masked)" : $"  caller presses {key}");
        return new DigitPressed(key);
    }

    private string TextOf(string promptId) => script.Prompts.FirstOrDefault(p => p.Id == promptId)?.Text ?? string.Empty;

    private static string OutcomeName(IvrOutcome outcome) => outcome.ToMetricLabel() ?? outcome.ToString().ToLowerInvariant();

    /// <summary>The simulated call's clock: fixed, moved on only by silences.</summary>
    private sealed class FixedClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
