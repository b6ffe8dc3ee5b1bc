using Telephony.Calls.Appointments;
using Telephony.Calls.Callbacks;
using Telephony.Calls.Channels;
using Telephony.Calls.Conversations;
using Telephony.Calls.Queues;
using Telephony.Calls.Speech;
using Telephony.Ivr;

namespace Telephony.Calls.Flow;

/// <summary>
/// Runs one call through its line's IVR script: turns the interpreter's actions into audio, timers, queue waits
/// and callback requests on the channel, and what happens on the channel back into interpreter events.
/// The interpreter decides; this class only executes. In a menu with spoken phrases, when speech is on, the caller's
/// audio also goes to the call's recognition (<see cref="CallSpeech"/>): what it heard reaches the menu as a key would.
/// </summary>
public sealed class IvrCallFlow(
    IQueueWaiter queueWaiter,
    IConversation conversation,
    ICallbackRequester callbacks,
    IvrSessionOptions sessionOptions,
    TimeProvider time,
    ILogger<IvrCallFlow> logger,
    IvrAppointments? appointments = null,
    CallSpeechService? speechService = null)
{
    public async Task<CallResult> RunAsync(ICallChannel channel, IvrScript script, CancellationToken stopping)
    {
        using var speech = speechService?.Open(channel, script);
        var result = await RunSessionAsync(channel, script, speech, stopping);
        // What the caller said is kept with the record only when the operator asked for it (Speech:StoreTranscripts).
        return speech is { Said.Count: > 0 } && speechService!.StoreTranscripts
            ? result with { Transcript = string.Join(" | ", speech.Said) }
            : result;
    }

    private async Task<CallResult> RunSessionAsync(ICallChannel channel, IvrScript script, CallSpeech? speech, CancellationToken stopping)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(channel.Ended, stopping);
        var cancel = linked.Token;
        var session = new IvrSession(script, time, sessionOptions with { CallerNumber = channel.CallerNumber });
        var pending = new Queue<IvrAction>(session.Start());
        string? queueId = null;
        DateTimeOffset? queuedAt = null;
        var ringAttempts = 0;
        try
        {
            while (pending.TryDequeue(out var action))
            {
                // Once the call is over, or the service has decided to end it, nothing else happens to it.
                cancel.ThrowIfCancellationRequested();
                speech?.Follow(session);
                switch (action)
                {
                    case PlayPrompt play:
                        Replace(pending, session.Handle(await IvrInput.PlayAsync(channel, play, speech, cancel)));
                        break;
                    case StartInputTimer timer:
                        Replace(pending, session.Handle(await IvrInput.WaitForDigitAsync(channel, timer.Timeout, time, speech, cancel)));
                        break;
                    case PlayAnnouncement announcement:
                        foreach (var file in announcement.FilePaths)
                        {
                            await channel.PlayAsync(file, cancel);
                        }

                        break;
                    case JoinQueue join:
                        // The queue's music and the agent's voice are no business of the recognizer.
                        speech?.Suspend();
                        var ivr = session.IsFinished ? null : (Func<IvrEvent, IReadOnlyList<IvrAction>>)session.Handle;
                        var caller = WaitingCaller.From(session).WithSaid(speech?.Said ?? []);
                        var wait = await queueWaiter.WaitAsync(channel, script, join, ivr, caller, cancel);
                        (queueId, queuedAt) = (wait.QueueId, wait.JoinedAt);
                        ringAttempts += wait.RingAttempts;
                        if (wait.Final is { } final)
                        {
                            return final with { RingAttempts = ringAttempts };
                        }

                        if (wait.AlreadyWaiting)
                        {
                            return await TellAlreadyWaitingAsync(channel, script, session, join.QueueId, cancel);
                        }

                        if (wait.Connected is { } connected)
                        {
                            return await TalkAsync(channel, script, session, connected, wait, ringAttempts, stopping);
                        }

                        Replace(pending, session.Handle(new QueueResult(wait.Refused is null ? QueueResultKind.MaxWaitReached : QueueResultKind.QueueFull)));
                        break;
                    case RequestCallback request:
                        // The IVR confirms only what was really stored: a refused number is told so.
                        var stored = await callbacks.RequestAsync(new CallbackAsked(
                            channel.CallId, script.Network, script.LineLabel, request.QueueId, request.Number ?? channel.CallerNumber, queuedAt,
                            WaitingCaller.From(session), request.NumberRules));
                        queueId ??= request.QueueId;
                        Replace(pending, session.Handle(new CallbackRequestAnswered(stored)));
                        break;
                    case FindAppointment or CancelAppointment or ListSlots or BookAppointment when appointments is not null:
                        Replace(pending, session.Handle(await appointments.AnswerAsync(action, script, channel.CallId, channel.CallerNumber, cancel)));
                        break;
                    case LineClosedByOperator closed:
                        logger.LogInformation("Call {CallId}: line {Script} closed by an operator until {Until}: {Message}",
                            channel.CallId, script.Name, closed.Until?.ToString("O") ?? "further notice", closed.Message);
                        break;
                    case TransferToLine transfer:
                        return new CallResult(CallOutcome.Transferred, [.. session.Path], queueId, queuedAt, "transferred", transfer.Number);
                    case HangUp hangUp:
                        await channel.HangUpAsync();
                        return new CallResult(OutcomeOf(hangUp.Outcome), [.. session.Path], queueId, queuedAt, "ivr_hangup");
                    default:
                        logger.LogError("Call {CallId}: IVR action {Action} is not supported; ending the call", channel.CallId, action.GetType().Name);
                        await channel.HangUpAsync();
                        return new CallResult(CallOutcome.AbandonedIvr, [.. session.Path], queueId, queuedAt, "unsupported_ivr_action");
                }
            }

            // A script that runs out of actions must not leave a caller in silence.
            logger.LogError("Call {CallId}: IVR script {Script} produced no further action; ending the call", channel.CallId, script.Name);
            await channel.HangUpAsync();
            var ended = session.Outcome is { } done ? OutcomeOf(done) : CallOutcome.AbandonedIvr;
            return new CallResult(ended, [.. session.Path], queueId, queuedAt, "ivr_finished");
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested && !channel.Ended.IsCancellationRequested)
        {
            // The service is stopping: end the call politely and record it as the service's doing, not the caller's.
            await channel.HangUpAsync();
            return new CallResult(CallOutcome.Dropped, [.. session.Path], queueId, queuedAt, "service_stopping");
        }
        catch (OperationCanceledException) when (channel.DropReason is { } dropped)
        {
            // The service cut the call (a dead line): not the caller's choice, and not the IVR's outcome either.
            return new CallResult(CallOutcome.Dropped, [.. session.Path], queueId, queuedAt, dropped);
        }
        catch (OperationCanceledException) when (channel.Ended.IsCancellationRequested)
        {
            // The interpreter decides what a hang-up means where it happened (e.g. during the goodbye message the
            // caller was already fully served; after the closed-hours message the call counts as closed).
            session.Handle(new CallerHungUp());
            var outcome = session.Outcome is { } ivrOutcome ? OutcomeOf(ivrOutcome) : CallOutcome.AbandonedIvr;
            return new CallResult(outcome, [.. session.Path], queueId, queuedAt, "caller_hung_up_in_ivr");
        }
    }

    /// <summary>
    /// Another call from the same number already waits on this line: this caller is told so and the call ends. The IVR
    /// answered them (their first call keeps its place), so it counts as handled by the IVR, not as an abandon.
    /// </summary>
    private static async Task<CallResult> TellAlreadyWaitingAsync(ICallChannel channel, IvrScript script, IvrSession session, string queueId, CancellationToken cancel)
    {
        await channel.PlayAsync(script.FragmentPath(AnnouncementFragments.AlreadyWaiting), cancel);

        await channel.HangUpAsync();
        return new CallResult(CallOutcome.HandledIvr, [.. session.Path], queueId, null, "already_waiting");
    }

    /// <summary>An agent answered: the IVR's part is over, the conversation (and the survey after it) decides the end.</summary>
    private async Task<CallResult> TalkAsync(
        ICallChannel channel, IvrScript script, IvrSession session, AgentConnection connected, QueueWaitResult wait, int ringAttempts, CancellationToken stopping)
    {
        session.Handle(new QueueResult(QueueResultKind.AgentAnswered));
        var end = await conversation.RunAsync(channel, connected, script, stopping);
        return new CallResult(CallOutcome.AnsweredAgent, [.. session.Path], wait.QueueId, wait.JoinedAt, end.EndReason)
        {
            AgentId = connected.Agent.Reservation.AgentId,
            AgentAnsweredAt = connected.AnsweredAt,
            RingAttempts = ringAttempts,
            TalkTime = end.TalkTime,
            SurveyAsked = end.Survey is not null,
            SurveyScore = end.Survey?.Score,
        };
    }

    /// <summary>
    /// The actions returned for an event describe what to do from now on; an empty answer means "carry on
    /// with what was already planned".
    /// </summary>
    private static void Replace(Queue<IvrAction> pending, IReadOnlyList<IvrAction> next)
    {
        if (next.Count == 0)
        {
            return;
        }

        pending.Clear();
        foreach (var action in next)
        {
            pending.Enqueue(action);
        }
    }

    private static CallOutcome OutcomeOf(IvrOutcome outcome) => outcome switch
    {
        IvrOutcome.HandledIvr => CallOutcome.HandledIvr,
        IvrOutcome.Closed => CallOutcome.Closed,
        IvrOutcome.Saturated => CallOutcome.Saturated,
        IvrOutcome.CallbackRequested => CallOutcome.CallbackRequested,
        IvrOutcome.Transferred => CallOutcome.Transferred,
        // Queued: a caller who hangs up while queued is counted by the queue wait; here it means the queue was left.
        _ => CallOutcome.AbandonedIvr,
    };
}
