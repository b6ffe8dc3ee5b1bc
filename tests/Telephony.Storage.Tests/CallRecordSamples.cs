namespace Telephony.Storage.Tests;

internal static class CallRecordSamples
{
    public static readonly DateTimeOffset Morning = new(2025, 3, 14, 9, 26, 53, 589, TimeSpan.FromHours(1));

    public static CallRecord Answered(string callId, DateTimeOffset? endedAt = null)
    {
        var ended = endedAt ?? Morning.AddMinutes(7).AddMilliseconds(123);
        return new CallRecord
        {
            Id = Guid.NewGuid(),
            CallId = callId,
            Network = "cnav",
            Line = "retraite-3960",
            Path = "welcome>menu>retraite",
            QueueId = "retraite-general",
            StartedAt = ended.AddMinutes(-7).AddMilliseconds(-123),
            QueuedAt = ended.AddMinutes(-6).AddMilliseconds(17),
            AnsweredAt = ended.AddMinutes(-3).AddMilliseconds(941),
            EndedAt = ended,
            Outcome = "answered_agent",
            EndReason = "agent_hangup",
            CallerMasked = PhoneNumberMasking.Mask("+33612345678"),
        };
    }
}
