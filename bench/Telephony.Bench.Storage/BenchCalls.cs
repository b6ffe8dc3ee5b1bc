using System.Globalization;
using Telephony.Storage;

namespace Telephony.Bench.Storage;

/// <summary>The record of a call answered by an agent, as the server writes it: every step stores the same shape.</summary>
internal static class BenchCalls
{
    public static CallRecord Record(string run, int worker, long i)
    {
        var ended = DateTimeOffset.UtcNow;
        return new CallRecord
        {
            Id = Guid.NewGuid(),
            CallId = string.Create(CultureInfo.InvariantCulture, $"bench-{run}-{worker}-{i}@127.0.0.1"),
            Network = "cnav",
            Line = "retraite-3960",
            Path = "welcome>menu>retraite",
            QueueId = "retraite-general",
            StartedAt = ended.AddMinutes(-4),
            QueuedAt = ended.AddMinutes(-3),
            AnsweredAt = ended.AddMinutes(-4),
            EndedAt = ended,
            Outcome = "answered_agent",
            EndReason = "agent_hangup",
            CallerMasked = "+336******78",
        };
    }
}
