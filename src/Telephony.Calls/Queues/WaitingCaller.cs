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

    /// <summary>
    /// Adds what the caller said to choose in the menus, for the agent's console only ("A dit : « ma retraite »"):
    /// like <see cref="ForAgent"/> it is never logged, and a callback request does not store it.
    /// </summary>
    public WaitingCaller WithSaid(IReadOnlyList<string> said) => said.Count == 0
        ? this
        : this with { ForAgent = [.. ForAgent, .. said.Select(t => new CallContextItem(SaidLabel, $"« {t} »"))] };

    /// <summary>The label of <see cref="WithSaid"/>'s items on the console.</summary>
    public const string SaidLabel = "A dit";

    public override string ToString() => $"WaitingCaller {{ {Path.Count} node(s), {ForAgent.Count} item(s) for the agent }}";
}
