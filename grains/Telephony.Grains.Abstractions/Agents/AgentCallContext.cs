namespace Telephony.Grains.Abstractions;

/// <summary>
/// What the agent's console shows about the call it handles ("dites-le nous une fois"): the line, the queue, when the
/// caller joined it, the IVR path in words, and what the caller keyed or said that the script marks for the agent.
/// Held in memory only while the agent handles the call, shown only to that agent, never logged nor persisted:
/// <see cref="ForAgent"/> may hold a fiscal number.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AgentCallContext(
    [property: Id(0)] string Network,
    [property: Id(1)] string Line,
    [property: Id(2)] string QueueId,
    [property: Id(3)] string QueueName,
    [property: Id(4)] DateTimeOffset QueuedAt,
    [property: Id(5)] IReadOnlyList<string> PathInWords,
    [property: Id(6)] IReadOnlyList<CallContextItem> ForAgent,
    [property: Id(7)] IReadOnlyList<RecentCall> RecentCalls)
{
    public override string ToString() => $"AgentCallContext {{ {Network}/{Line}, queue {QueueId}, {ForAgent.Count} item(s) for the agent }}";
}

/// <summary>One thing the caller told the IVR, labelled as the script names it (e.g. "Numéro fiscal").</summary>
[GenerateSerializer, Immutable]
public sealed record CallContextItem([property: Id(0)] string Label, [property: Id(1)] string Value)
{
    // The value may be personal data: keep it out of logs and debugger displays.
    public override string ToString() => $"CallContextItem {{ {Label} }}";
}

/// <summary>An earlier call from the same number to the same line (the repeat-caller hint): when, and how it ended.</summary>
[GenerateSerializer, Immutable]
public sealed record RecentCall([property: Id(0)] DateTimeOffset At, [property: Id(1)] string Outcome);
