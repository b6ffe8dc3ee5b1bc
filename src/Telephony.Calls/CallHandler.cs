using System.Collections.Concurrent;
using Telephony.Calls.Admission;
using Telephony.Calls.Channels;
using Telephony.Calls.Flow;
using Telephony.Calls.Metrics;
using Telephony.Ivr;
using Telephony.Media;
using Telephony.Media.Sessions;
using Telephony.Sip;
using Telephony.Storage;

namespace Telephony.Calls;

/// <summary>
/// Receives each new call from the SIP endpoint, picks its line from the dialled number, negotiates media,
/// answers, runs the line's flow and records the outcome. One task per call; nothing here blocks the SIP stack.
/// </summary>
public sealed class CallHandler(
    ILineScripts scripts,
    MediaResources media,
    CallAnswering answering,
    IvrCallFlow flow,
    CallRecorder recorder,
    TelephonyMetrics metrics,
    CallAdmission admission,
    CallDrain drain,
    AdmissionSettings admissionSettings,
    TimeProvider time,
    ILogger<CallHandler> logger) : ISipCallHandler
{
    private const int MaxTransfers = 3;
    private readonly ConcurrentDictionary<string, Task> _activeCalls = new();
    private readonly IReadOnlyList<KeyValuePair<string, string>> _retryAfter =
        [new("Retry-After", admissionSettings.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    public int ActiveCalls => _activeCalls.Count;

    /// <summary>
    /// Runs the whole call on the task the SIP endpoint started for it: one hop to the thread pool per call, not two.
    /// </summary>
    public Task OnIncomingCallAsync(IncomingCall call)
    {
        // Before anything is allocated (no port, no record, no dictionary entry): a refused INVITE costs a counter.
        var refusal = admission.TryAdmit();
        if (refusal != AdmissionRefusal.None)
        {
            metrics.SetupRefused(refusal);
            return call.RejectAsync(503, "Service Unavailable", _retryAfter);
        }

        var key = $"{call.CallId}/{Guid.NewGuid():N}";
        metrics.CallStarted();
        var setup = new SetupSlot(admission);
        var run = RunCallAsync(call, setup);
        _activeCalls[key] = run;
        // Removed by a continuation attached after the add: a call that ends at once (a 404) cannot be removed
        // before it was added and linger in the count.
        _ = run.ContinueWith(
            _ =>
            {
                _activeCalls.TryRemove(key, out Task? _);
                setup.End();
                admission.CallEnded();
                metrics.CallFinished();
            },
            TaskScheduler.Default);
        return run;
    }

    /// <summary>
    /// Waits, up to <paramref name="timeout"/>, for the calls in progress to end by themselves (the drain of a
    /// graceful shutdown: no new call is admitted meanwhile); true when none is left.
    /// </summary>
    public async Task<bool> WaitForCallsAsync(TimeSpan timeout)
    {
        var pending = _activeCalls.Values.ToArray();
        if (pending.Length == 0)
        {
            return true;
        }

        logger.LogInformation("Draining: {Count} call(s) in progress may go on for up to {Seconds:0} s; new calls get 503", pending.Length, timeout.TotalSeconds);
        var all = Task.WhenAll(pending);
        await Task.WhenAny(all, Task.Delay(timeout, time));
        return all.IsCompleted && _activeCalls.IsEmpty;
    }

    /// <summary>
    /// Waits for calls in progress to finish (the stopping token has already asked them to hang up), so that
    /// their records are written before the process exits.
    /// </summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        var pending = _activeCalls.Values.ToArray();
        if (pending.Length > 0)
        {
            logger.LogInformation("Waiting for {Count} call(s) to end", pending.Length);
            await Task.WhenAny(Task.WhenAll(pending), Task.Delay(timeout, time));
        }
    }

    private async Task RunCallAsync(IncomingCall call, SetupSlot setup)
    {
        var startedAt = time.GetUtcNow();
        try
        {
            var script = scripts.Current.FindByDialedNumber(call.DialedUser);
            if (script is null)
            {
                logger.LogInformation("Call {CallId}: no line for the dialled number; 404", call.CallId);
                await RejectAsync(call, 404, "No such line");
                return;
            }

            await AnswerAndRunAsync(call, script, startedAt, setup);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            logger.LogError(error, "Call {CallId} failed", call.CallId);
            if (!call.Terminated.IsCompleted)
            {
                await TryEndAsync(call);
            }
        }
    }

    private async Task AnswerAndRunAsync(IncomingCall call, IvrScript script, DateTimeOffset startedAt, SetupSlot setup)
    {
        RtpSession rtp;
        try
        {
            rtp = media.OpenSession();
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            await RefuseWithoutMediaAsync(call, script, startedAt, error);
            return;
        }

        (CallContext, CallResult, DateTimeOffset)? ended = null;
        await using (rtp)
        {
            // The record's row is made durable just before the 200 OK: from the moment the caller hears the answer, a
            // kill -9 of this node leaves an open row that the cluster closes node_lost, never no record at all.
            var opening = new CallContext(call.CallId, script.Network, script.LineLabel, call.CallerUser, startedAt, AnsweredAt: null);
            var opened = false;
            NegotiatedAudio? answer = null;
            try
            {
                answer = await answering.AnswerAsync(call, rtp, async () =>
                {
                    opened = true;
                    await recorder.OpenBeforeAnswerAsync(opening with { AnsweredAt = time.GetUtcNow() });
                });
            }
            finally
            {
                setup.End();
                if (answer is null && opened)
                {
                    // Not confirmed (no ACK, cancelled, no usable answer) or failed: no call took place.
                    recorder.Withdraw(opening);
                }
            }

            if (answer is not { } audio)
            {
                return;
            }

            var answeredAt = time.GetUtcNow();
            rtp.Start(audio, call.RemoteEndPoint.Address);
            SessionRenegotiation.Attach(call, rtp, answering.Codecs, logger);
            metrics.CallOffered(script.Network, script.LineLabel);
            logger.LogInformation("Call {CallId} answered on {Network}/{Line} from {Caller} ({Codec})",
                call.CallId, script.Network, script.LineLabel, PhoneNumberMasking.Mask(call.CallerUser), audio.Codec);

            using var channel = new SipMediaCallChannel(call, rtp, media.Prompts, logger);
            var context = opening with { AnsweredAt = answeredAt };
            CallContext finalContext;
            CallResult result;
            try
            {
                (finalContext, result) = await RunLinesAsync(channel, script, context);
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                // The call was answered and counted as offered: it must also get its record and its outcome.
                logger.LogError(error, "Call {CallId} failed in its flow", call.CallId);
                (finalContext, result) = (context, new CallResult(CallOutcome.Dropped, [], null, null, "internal_error"));
            }

            if (!call.Terminated.IsCompleted)
            {
                await TryEndAsync(call);
            }

            // A call the service cut (a dead line) is recorded as dropped, whatever the flow thought it was doing;
            // a call an agent answered stays answered (the caller's line may die during the conversation).
            if (channel.DropReason is { } dropped && result.Outcome != CallOutcome.AnsweredAgent)
            {
                result = result with { Outcome = CallOutcome.Dropped, EndReason = dropped };
            }

            ended = (finalContext, result, time.GetUtcNow());
        }

        // Recorded once the media ports are given back (the record only queues a write now, but whatever recording
        // does must never hold the ports: it once included a grain call, which waits while a dead silo is declared dead).
        if (ended is var (endedContext, endedResult, endedAt))
        {
            recorder.Record(endedContext, endedResult, endedAt);
        }
    }

    /// <summary>
    /// Runs the line's flow, following IVR transfers to other lines: the line left counts the call as
    /// <c>transferred</c>, the line reached counts it as offered and gives the final outcome.
    /// </summary>
    private async Task<(CallContext Context, CallResult Result)> RunLinesAsync(ICallChannel channel, IvrScript script, CallContext context)
    {
        var path = new List<string>();
        for (var transfers = 0; ; transfers++)
        {
            var result = await flow.RunAsync(channel, script, drain.CallsMustEnd);
            path.AddRange(result.Path);
            if (result.TransferTo is not { } number)
            {
                return (context, result with { Path = path });
            }

            var target = scripts.Current.FindByDialedNumber(number);
            if (target is null || transfers >= MaxTransfers)
            {
                // Validation rejects transfers to unknown lines, so this is a reload race or a transfer loop.
                logger.LogError("Call {CallId}: cannot transfer from {Script} to another line (target found: {Found}); ending the call",
                    channel.CallId, script.Name, target is not null);
                await channel.HangUpAsync();
                return (context, result with { Outcome = CallOutcome.AbandonedIvr, Path = path, EndReason = "transfer_failed" });
            }

            logger.LogInformation("Call {CallId} transferred from {From} to {To}", channel.CallId, context.Line, target.LineLabel);
            context = recorder.RecordTransfer(context, result, time.GetUtcNow(), target.Network, target.LineLabel);
            script = target;
            metrics.CallOffered(context.Network, context.Line);
            path.Add($"transfer:{context.Line}");
        }
    }

    /// <summary>The line's label in metrics and records: its main number as the public dials it, e.g. 3960.</summary>
    public static string LineLabel(IvrScript script) => script.Numbers[0];

    /// <summary>A citizen who could not get through still counts on the line: offered, and refused for the right reason.</summary>
    private async Task RefuseWithoutMediaAsync(IncomingCall call, IvrScript script, DateTimeOffset startedAt, Exception error)
    {
        var failure = MediaOpenFailure.Of(error);
        if (failure.IsSaturation)
        {
            logger.LogWarning("Call {CallId}: no RTP port free; {Status} and counted saturated", call.CallId, failure.SipStatus);
        }
        else
        {
            logger.LogError(error, "Call {CallId}: media could not be opened; {Status} and counted dropped", call.CallId, failure.SipStatus);
        }

        await RejectAsync(call, failure.SipStatus, failure.ReasonPhrase);
        metrics.CallOffered(script.Network, script.LineLabel);
        var context = new CallContext(call.CallId, script.Network, script.LineLabel, call.CallerUser, startedAt, null);
        recorder.Record(context, new CallResult(failure.Outcome, [], null, null, failure.EndReason), time.GetUtcNow());
    }

    private async Task RejectAsync(IncomingCall call, int status, string reason, string? warning = null)
    {
        metrics.CallRejected(status);
        IReadOnlyList<KeyValuePair<string, string>>? headers = warning is null ? null : [new("Warning", warning)];
        await call.RejectAsync(status, reason, headers);
    }

    private async Task TryEndAsync(IncomingCall call)
    {
        try
        {
            await call.HangUpAsync();
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            logger.LogWarning(error, "Call {CallId}: BYE failed", call.CallId);
        }
    }

    /// <summary>An admitted call's place among the set-ups in flight, given back once (at the ACK, or when the call ends first).</summary>
    private sealed class SetupSlot(CallAdmission admission)
    {
        private int _ended;

        public void End()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                admission.SetupEnded();
            }
        }
    }
}
