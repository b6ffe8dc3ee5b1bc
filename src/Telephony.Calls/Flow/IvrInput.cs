using Telephony.Calls.Channels;
using Telephony.Calls.Speech;
using Telephony.Ivr;
using Telephony.Speech.Pipeline;

namespace Telephony.Calls.Flow;

/// <summary>
/// Turns what the caller does during a prompt or a wait into the interpreter's input events: keys, and, in a menu with
/// spoken phrases, what the call's speech recognition heard. Speech barges in like a key: the prompt stops when the
/// caller starts to speak, and the input timer is suspended until the utterance's verdict.
/// </summary>
internal static class IvrInput
{
    /// <summary>
    /// Longest wait for a verdict once the caller began to speak (the pipeline cuts an utterance at 8 s): past it the
    /// menu carries on as if the prompt had ended, so a recognizer that never answers cannot hold a caller.
    /// </summary>
    private static readonly TimeSpan VerdictTimeout = TimeSpan.FromSeconds(15);

    public static async Task<IvrEvent> PlayAsync(ICallChannel channel, PlayPrompt play, CallSpeech? speech, CancellationToken cancel)
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

        var speaking = false;
        while (speech is not null && speech.TryRead(out var ready))
        {
            if (speech.Interpret(ready) is { } verdict)
            {
                return verdict;
            }

            speaking = true;
        }

        using var playback = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        using var input = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var digitTask = FirstDigitAsync(channel, input.Token);
        var speechTask = speech is null ? Never<SpeechEvent>(input.Token) : speech.ReadAsync(input.Token);
        // Already speaking (the onset came before the prompt): the prompt is not started, the verdict is awaited.
        var playTask = speaking ? VerdictDeadline(input.Token) : channel.PlayAsync(play.FilePath, playback.Token);
        try
        {
            while (true)
            {
                var first = await Task.WhenAny(digitTask, playTask, speechTask);
                if (first == speechTask)
                {
                    if (await OrNull(speechTask) is not { } heard)
                    {
                        speechTask = Never<SpeechEvent>(input.Token);
                        continue;
                    }

                    if (speech!.Interpret(heard) is { } verdict)
                    {
                        return verdict;
                    }

                    // The caller started to speak: stop the prompt (barge-in) and wait for what they say, or a key.
                    if (!speaking)
                    {
                        speaking = true;
                        await playback.CancelAsync();
                        await SwallowCancellation(playTask);
                        playTask = VerdictDeadline(input.Token);
                    }

                    speechTask = speech.ReadAsync(input.Token);
                    continue;
                }

                if (first == playTask)
                {
                    await SwallowCancellation(playTask);
                    cancel.ThrowIfCancellationRequested();
                    await input.CancelAsync();
                    // A key that arrived as the prompt ended is still the caller's choice: look at the digit side even when
                    // the prompt finished first, so no key is lost in the race.
                    var late = await OrNull(digitTask);
                    return late is { } key ? new DigitPressed(key) : new PromptFinished(play.PromptId);
                }

                cancel.ThrowIfCancellationRequested();
                var digit = await OrNull(digitTask);
                return digit is { } pressed ? new DigitPressed(pressed) : new PromptFinished(play.PromptId);
            }
        }
        finally
        {
            await playback.CancelAsync();
            await input.CancelAsync();
            await SwallowCancellation(playTask);
        }
    }

    public static async Task<IvrEvent> WaitForDigitAsync(ICallChannel channel, TimeSpan timeout, TimeProvider time, CallSpeech? speech, CancellationToken cancel)
    {
        if (channel.TryTakeDigit(out var early))
        {
            return new DigitPressed(early);
        }

        var speaking = false;
        while (speech is not null && speech.TryRead(out var ready))
        {
            if (speech.Interpret(ready) is { } verdict)
            {
                return verdict;
            }

            speaking = true;
        }

        // The timeout runs on the injected clock so tests can drive it; the call's own end still cancels at once.
        using var input = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var digitTask = FirstDigitAsync(channel, input.Token);
        var speechTask = speech is null ? Never<SpeechEvent>(input.Token) : speech.ReadAsync(input.Token);
        var timerTask = Task.Delay(speaking ? VerdictTimeout : timeout, time, input.Token);
        try
        {
            while (true)
            {
                var first = await Task.WhenAny(digitTask, speechTask, timerTask);
                cancel.ThrowIfCancellationRequested();
                if (first == digitTask)
                {
                    return await OrNull(digitTask) is { } d ? new DigitPressed(d) : new InputTimedOut();
                }

                if (first == speechTask)
                {
                    if (await OrNull(speechTask) is not { } heard)
                    {
                        speechTask = Never<SpeechEvent>(input.Token);
                        continue;
                    }

                    if (speech!.Interpret(heard) is { } verdict)
                    {
                        return verdict;
                    }

                    // The caller is speaking: the menu's silence timer must not cut them off; wait for the verdict.
                    if (!speaking)
                    {
                        speaking = true;
                        timerTask = Task.Delay(VerdictTimeout, time, input.Token);
                    }

                    speechTask = speech.ReadAsync(input.Token);
                    continue;
                }

                if (first == timerTask)
                {
                    return new InputTimedOut();
                }
            }
        }
        finally
        {
            await input.CancelAsync();
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

    /// <summary>Stands for the stopped prompt while a verdict is awaited: "ends" after <see cref="VerdictTimeout"/>.</summary>
    private static async Task<bool> VerdictDeadline(CancellationToken cancel)
    {
        await Task.Delay(VerdictTimeout, cancel);
        return false;
    }

    private static async Task<T> Never<T>(CancellationToken cancel)
    {
        await Task.Delay(Timeout.Infinite, cancel);
        throw new OperationCanceledException(cancel);
    }

    private static async Task<T?> OrNull<T>(Task<T> task)
    {
        try
        {
            return await task;
        }
        catch (OperationCanceledException)
        {
            return default;
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            return default;
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
