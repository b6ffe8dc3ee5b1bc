using Telephony.Calls.Callers;
using Telephony.Calls.Metrics;
using Telephony.Calls.Recording;
using Telephony.Storage;

namespace Telephony.Calls;

/// <summary>
/// Opens a call's record as it is answered (durable before the 200 OK), completes it and counts the outcome, once per
/// call, when it is over, plus once per line the call was transferred from. The writes go through
/// <see cref="CallRecordWriter"/>: only the opening waits, boundedly, for the database; the rest never do.
/// </summary>
public sealed class CallRecorder(
    CallRecordWriter writer, NodeIdentity node, CallerKeys callerKeys, TelephonyMetrics metrics, ILogger<CallRecorder> logger)
{
    /// <summary>
    /// The write-ahead row of a call about to be answered, made durable before its 200 OK goes out: if this node dies
    /// at any moment after the caller hears the answer, the row is there, left open, and closed as <c>node_lost</c>.
    /// The wait is shared (one commit for every call answered meanwhile) and bounded by
    /// <see cref="CallRecordWriter.OpenRecordTimeout"/>: past it the call is answered anyway, a warning says why.
    /// A call whose answer is then not confirmed must have its row withdrawn (<see cref="Withdraw"/>).
    /// </summary>
    public async Task OpenBeforeAnswerAsync(CallContext context)
    {
        if (OpeningOf(context) is not { } opening)
        {
            return;
        }

        switch (await writer.EnqueueWithinTimeoutAsync(opening))
        {
            case DurableWait.Late:
                logger.LogWarning("Call {CallId}: its record was not stored within {Timeout} ms; answering anyway (the write stays queued)",
                    context.CallId, writer.OpenRecordTimeout.TotalMilliseconds);
                break;
            case DurableWait.Lost:
                logger.LogError("Call {CallId}: its open record was lost (see the writer's error); answering anyway", context.CallId);
                break;
        }
    }

    /// <summary>The row opened before a 200 OK that the caller never acknowledged (or that could not be sent): no call took place.</summary>
    public void Withdraw(CallContext context)
    {
        try
        {
            writer.Enqueue(CallRecordWrite.Withdrawal(new WithdrawnCallRecord(context.RecordId, context.CallId)));
        }
        catch (ArgumentException error)
        {
            logger.LogError(error, "Call {CallId}: its open record cannot be withdrawn", context.CallId);
        }
    }

    /// <summary>The write-ahead row of an answered call, queued without waiting (a transfer's new line: the call is up already).</summary>
    public void Open(CallContext context)
    {
        if (OpeningOf(context) is { } opening)
        {
            writer.Enqueue(opening);
        }
    }

    private CallRecordWrite? OpeningOf(CallContext context)
    {
        try
        {
            return CallRecordWrite.Opening(new OpenCallRecord
            {
                Id = context.RecordId,
                CallId = context.CallId,
                Network = context.Network,
                Line = context.Line,
                StartedAt = context.StartedAt,
                AnsweredAt = context.AnsweredAt,
                CallerMasked = PhoneNumberMasking.Mask(context.Caller),
                Node = node,
            });
        }
        catch (ArgumentException error)
        {
            // A bad field must not hold up the call: its completion is tried (and logged) again at the end.
            logger.LogError(error, "Call {CallId}: its record cannot be opened", context.CallId);
            return null;
        }
    }

    public void Record(CallContext context, CallResult result, DateTimeOffset endedAt)
    {
        metrics.CallEnded(context.Network, context.Line, result.Outcome);
        CountQueueFigures(context, result, endedAt);
        // The key puts the call in the number's recent calls (the repeat-caller hint of its next call to the line), in the
        // record's own transaction: no write of its own, and no caller grain woken for a call that never waited.
        var record = RecordOf(context, result, endedAt) with { CallerKey = callerKeys.KeyOf(context.Caller) };
        Store(context, record);
        logger.LogInformation("Call {CallId} on {Network}/{Line} ended: {Outcome} ({Reason}), path {Path}",
            context.CallId, context.Network, context.Line, record.Outcome, result.EndReason, record.Path);
    }

    /// <summary>
    /// The record of a callback's outbound call, with its own outcome (<c>callback_completed</c>, <c>callback_failed</c>):
    /// what the reports count as Rc and Rf. Not an offered call and not in <c>telephony_calls_outcome_total</c>
    /// (callbacks are counted in <c>telephony_callbacks_total</c>).
    /// </summary>
    public void RecordCallback(CallContext context, CallResult result, string outcome, DateTimeOffset endedAt)
    {
        Store(context, RecordOf(context, result, endedAt) with { Outcome = outcome });
        logger.LogInformation("Callback call {CallId} on {Network}/{Line} recorded: {Outcome} ({Reason})",
            context.CallId, context.Network, context.Line, outcome, result.EndReason);
    }

    /// <summary>
    /// The call leaves this line for another (an IVR transfer): counted <c>transferred</c> here, and its record on this
    /// line completed as such, so that the reports built from the records count this line's part as Prometheus does
    /// (dashboards/README.md: the line that transfers counts the call offered and transferred, the line reached counts
    /// it again with its outcome). The caller then gets a new record, opened for the line reached.
    /// </summary>
    public CallContext RecordTransfer(CallContext context, CallResult leg, DateTimeOffset transferredAt, string network, string line)
    {
        metrics.CallEnded(context.Network, context.Line, CallOutcome.Transferred);
        Store(context, RecordOf(context, leg with { Outcome = CallOutcome.Transferred }, transferredAt));
        var next = context with { Network = network, Line = line, RecordId = Guid.NewGuid() };
        Open(next);
        return next;
    }

    private CallRecord RecordOf(CallContext context, CallResult result, DateTimeOffset endedAt) => new()
    {
        Id = context.RecordId,
        CallId = context.CallId,
        Network = context.Network,
        Line = context.Line,
        Path = string.Join('>', result.Path),
        QueueId = result.QueueId,
        StartedAt = context.StartedAt,
        AnsweredAt = context.AnsweredAt,
        QueuedAt = result.QueuedAt,
        EndedAt = endedAt,
        Outcome = result.Outcome.ToLabel(),
        EndReason = result.EndReason,
        CallerMasked = PhoneNumberMasking.Mask(context.Caller),
        AgentId = result.AgentId,
        AgentAnsweredAt = result.AgentAnsweredAt,
        WaitSeconds = WaitOf(result, endedAt)?.TotalSeconds,
        TalkSeconds = result.TalkTime?.TotalSeconds,
        RingAttempts = result.RingAttempts,
        SurveyScore = result.SurveyScore,
        NodeId = node.Id,
        Transcript = result.Transcript,
    };

    private void Store(CallContext context, CallRecord record)
    {
        try
        {
            // Queued, not awaited: a storage outage must not hold up the caller's line (the writer buffers on disk).
            writer.Enqueue(CallRecordWrite.Completion(record));
        }
        catch (ArgumentException error)
        {
            logger.LogError(error, "Call record for {CallId} is invalid and not stored: {@Record}", context.CallId, record);
        }
    }

    /// <summary>How long the caller waited in the queue: until an agent answered, or until they left it by hanging up.</summary>
    private static TimeSpan? WaitOf(CallResult result, DateTimeOffset endedAt) => result.QueuedAt is not { } queuedAt ? null
        : result.AgentAnsweredAt is { } answeredAt ? answeredAt - queuedAt
        : result.Outcome is CallOutcome.AbandonedQueue or CallOutcome.AbandonedQueueShort ? endedAt - queuedAt
        : null;

    /// <summary>The queue side of the outcome: service level, wait and talk times, the survey's answer.</summary>
    private void CountQueueFigures(CallContext context, CallResult result, DateTimeOffset endedAt)
    {
        if (result.QueueId is not { } queue || result.QueuedAt is not { } queuedAt)
        {
            return;
        }

        if (result.Outcome == CallOutcome.AnsweredAgent && result.AgentAnsweredAt is { } answeredAt)
        {
            metrics.AnsweredByAgent(context.Network, context.Line, queue, answeredAt - queuedAt);
            metrics.AgentCallEnded(context.Network, queue, result.TalkTime ?? endedAt - answeredAt);
            if (result.SurveyAsked)
            {
                // Silence or a hang-up during the question is "none".
                metrics.SurveyAnswered(context.Network, context.Line, result.SurveyScore);
            }
        }
        else if (result.Outcome is CallOutcome.AbandonedQueue or CallOutcome.AbandonedQueueShort)
        {
            metrics.AbandonedInQueue(context.Network, queue, endedAt - queuedAt);
        }
    }
}

/// <summary>The facts of a call known before its flow runs.</summary>
/// <param name="AnsweredAt">Null for a call refused before it was answered (e.g. saturated).</param>
public sealed record CallContext(
    string CallId, string Network, string Line, string? Caller, DateTimeOffset StartedAt, DateTimeOffset? AnsweredAt)
{
    /// <summary>The id of the call's record: the row opened at the answer and completed at the end are the same row.</summary>
    public Guid RecordId { get; init; } = Guid.NewGuid();
}
