using Telephony.Ivr;
using Telephony.Server.Metrics;

namespace Telephony.Server.Calls;

/// <summary>
/// Runs one call through its line's IVR script: turns the interpreter's actions into audio and timers on the
/// channel, and what happens on the channel (digits, prompt ends, timeouts) back into interpreter events.
/// The interpreter decides; this class only executes.
/// </summary>
public sealed class IvrCallFlow(IQueueWaiter queueWaiter, IvrSessionOptions sessionOptions, TimeProvider time, ILogger<IvrCallFlow> logger)
{
    public async Task<CallResult> RunAsync(ICallChannel channel, IvrScript script, CancellationToken stopping)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(channel.Ended, stopping);
        var cancel = linked.Token;
        var session = new IvrSession(script, time, sessionOptions);
        var pending = new Queue<IvrAction>(session.Start());
        try
        {
            while (pending.TryDequeue(out var action))
            {
                switch (action)
                {
                    case PlayPrompt play:
                        Replace(pending, session.Handle(await PlayAsync(channel, play, cancel)));
                        break;
                    case StartInputTimer timer:
                        Replace(pending, session.Handle(await WaitForDigitAsync(channel, timer.Timeout, cancel)));
                        break;
                    case JoinQueue join:
                        return await queueWaiter.WaitAsync(channel, script, join, session.Path, cancel);
                    case HangUp hangUp:
                        await channel.HangUpAsync();
                        return new CallResult(OutcomeOf(hangUp.Outcome), [.. session.Path], null, null, "ivr_hangup");
                    default:
                        logger.LogError("Call {CallId}: IVR action {Action} is not supported; ending the call", channel.CallId, action);
                        await channel.HangUpAsync();
                        return new CallResult(CallOutcome.AbandonedIvr, [.. session.Path], null, null, "unsupported_ivr_action");
                }
            }

            // A script that runs out of actions must not leave a caller in silence.
            logger.LogError("Call {CallId}: IVR script {Script} produced no further action; ending the call", channel.CallId, script.Name);
            await channel.HangUpAsync();
            return new CallResult(CallOutcome.HandledIvr, [.. session.Path], null, null, "ivr_finished");
        }
        catch (OperationCanceledException) when (channel.Ended.IsCancellationRequested)
        {
            // The interpreter decides what a hang-up means where it happened (e.g. during the goodbye message the
            // caller was already fully served).
            session.Handle(new CallerHungUp());
            var outcome = session.Outcome is { } ivrOutcome ? OutcomeOf(ivrOutcome) : CallOutcome.AbandonedIvr;
            return new CallResult(outcome, [.. session.Path], null, null, "caller_hung_up_in_ivr");
        }
    }

    /// <summary>
    /// The actions returned for an event describe what to do from now on; an empty answer means "carry on
    /// with what was already planned" (e.g. the input timer that follows a menu prompt).
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

    private static async Task<IvrEvent> PlayAsync(ICallChannel channel, PlayPrompt play, CancellationToken cancel)
    {
        if (!play.BargeIn)
        {
            await channel.PlayAsync(play.FilePath, cancel);
            cancel.ThrowIfCancellationRequested();
            channel.DiscardPendingDigits();
            return new PromptFinished(play.PromptId);
        }

        if (channel.TryTakeDigit(out var early))
        {
            return new DigitPressed(early);
        }

        using var bargeIn = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var digitTask = FirstDigitAsync(channel, bargeIn.Token);
        var playTask = channel.PlayAsync(play.FilePath, bargeIn.Token);
        await Task.WhenAny(digitTask, playTask);
        await bargeIn.CancelAsync();
        await SwallowCancellation(playTask);
        cancel.ThrowIfCancellationRequested();
        // A key that arrived as the prompt ended is still the caller's choice: look at the digit side even when
        // the prompt finished first, so no key is lost in the race.
        var digit = await DigitOrNullAsync(digitTask);
        return digit is { } pressed ? new DigitPressed(pressed) : new PromptFinished(play.PromptId);
    }

    private async Task<IvrEvent> WaitForDigitAsync(ICallChannel channel, TimeSpan timeout, CancellationToken cancel)
    {
        if (channel.TryTakeDigit(out var early))
        {
            return new DigitPressed(early);
        }

        // The timeout runs on the injected clock so tests can drive it; the call's own end still cancels at once.
        using var timeoutSource = new CancellationTokenSource(timeout, time);
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancel, timeoutSource.Token);
        try
        {
            var digit = await FirstDigitAsync(channel, timer.Token);
            return digit is { } d ? new DigitPressed(d) : new InputTimedOut();
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            logger.LogDebug("Call {CallId}: no input within {Timeout}", channel.CallId, timeout);
            return new InputTimedOut();
        }
    }

    private static async Task<char?> FirstDigitAsync(ICallChannel channel, CancellationToken cancel)
    {
        await foreach (var digit in channel.ReadDigitsAsync(cancel))
        {
            return digit;
        }

        return null;
    }

    private static async Task<char?> DigitOrNullAsync(Task<char?> digitTask)
    {
        try
        {
            return await digitTask;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private static async Task SwallowCancellation(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
            // Expected: the losing side of a barge-in race is cancelled.
        }
    }

    private static CallOutcome OutcomeOf(IvrOutcome outcome) => outcome switch
    {
        IvrOutcome.HandledIvr => CallOutcome.HandledIvr,
        IvrOutcome.Closed => CallOutcome.Closed,
        IvrOutcome.Saturated => CallOutcome.Saturated,
        _ => CallOutcome.AbandonedIvr,
    };
}
