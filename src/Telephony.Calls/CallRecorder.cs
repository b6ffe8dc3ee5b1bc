using Telephony.Calls.Callers;
using Telephony.Calls.Metrics;
using Telephony.Grains.Abstractions;
using Telephony.Storage;

namespace Telephony.Calls;

/// <summary>
/// Writes the call record and counts the outcome, once per call when the call is over, plus once per line the call
/// was transferred from.
/// </summary>
public sealed class CallRecorder(ICallRecordRepository records, CallerHistory callers, TelephonyMetrics metrics, ILogger<CallRecorder> logger)
{
    public async Task RecordAsync(CallContext context, CallResult result, DateTimeOffset endedAt)
    {
        metrics.CallEnded(context.Network, context.Line, result.Outcome);
        CountQueueFigures(context, result, endedAt);
        var record = RecordOf(context, result, endedAt);
        await StoreAsync(context, record);

        // The repeat-caller hint of this number's next call to the line.
        await callers.RecordAsync(context.Caller, context.Line, context.CallId, new RecentCall(context.StartedAt, record.Outcome));
        logger.LogInformation("Call {CallId} on {Network}/{Line} ended: {Outcome} ({Reason}), path {Path}",
            context.CallId, context.Network, context.Line, record.Outcome, result.EndReason, record.Path);
    }

    /// <summary>
    /// The call leaves this line for another (an IVR transfer): counted <c>transferred</c> here, and recorded, so that
    /// the reports built from the records count this line's part as Prometheus does (dashboards/README.md: the line
    /// that transfers counts the call offered and transferred, the line reached counts it again with its outcome).
    /// </summary>
    public async Task RecordTransferAsync(CallContext context, CallResult leg, DateTimeOffset transferredAt)
    {
        metrics.CallEnded(context.Network, context.Line, CallOutcome.Transferred);
        await StoreAsync(context, RecordOf(context, leg with { Outcome = CallOutcome.Transferred }, transferredAt));
    }

    private static CallRecord RecordOf(CallContext context, CallResult result, DateTimeOffset endedAt) => new()
    {
        Id = Guid.NewGuid(),
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
    };

    private async Task StoreAsync(CallContext context, CallRecord record)
    {
        try
        {
            // The call is over whatever happens here: a storage outage must not hold up the caller's line,
            // and the outcome is already counted; the failure is logged with everything needed to replay it.
            await records.AddAsync(record, CancellationToken.None);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            logger.LogError(error, "Call record for {CallId} could not be stored: {@Record}", context.CallId, record);
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
    string CallId, string Network, string Line, string? Caller, DateTimeOffset StartedAt, DateTimeOffset? AnsweredAt);
