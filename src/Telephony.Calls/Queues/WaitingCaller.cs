using Telephony.Grains.Abstractions;
using Telephony.Ivr;

namespace Telephony.Calls.Queues;

/// <summary>
/// What the IVR knows of a caller it sends to a queue: the nodes visited (for the record), and, for the agent's
/// console, the choices in words and what the script marks for the agent (never logged: it may be a fiscal number).
/// </summary>
public sealed record WaitingCaller(IReadOnlyList<string> Path, IReadOnlyList<string> ChoicesInWords, IReadOnlyList<CallContextItem> ForAgent)
{
    public static WaitingCaller From(IvrSession session) => new(
        [.. session.Path],
        [.. session.ChoicesInWords],
        [.. session.ForAgent.Select(item => new CallContextItem(item.Label, item.Value))]);

    public override string ToString() => $"WaitingCaller {{ {Path.Count} node(s), {ForAgent.Count} item(s) for the agent }}";
}
