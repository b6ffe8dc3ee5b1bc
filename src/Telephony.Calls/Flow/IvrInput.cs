using Telephony.Calls.Channels;
using Telephony.Ivr;

namespace Telephony.Calls.Flow;

/// <summary>Turns what the caller does during a prompt or a wait into the interpreter's input events.</summary>
internal static class IvrInput
{
    public static async Task<IvrEvent> PlayAsync(ICallChannel channel, PlayPrompt play, CancellationToken cancel)
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

    public static async Task<IvrEvent> WaitForDigitAsync(ICallChannel channel, TimeSpan timeout, TimeProvider time, CancellationToken cancel)
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
}
