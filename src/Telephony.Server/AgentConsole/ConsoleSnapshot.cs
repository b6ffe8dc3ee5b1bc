using Telephony.Grains.Abstractions;
using Telephony.Storage;

namespace Telephony.Server.AgentConsole;

/// <summary>Who is logged in, as the page greets them.</summary>
public sealed record ConsoleAgentView(string DisplayName, string SipUsername);

/// <summary>
/// What the page needs once logged in (<c>POST /agent/session</c>, <c>GET /agent/state</c>): the agent, the pause
/// reasons to choose from, and the state (null when the agent's grain could not be reached).
/// </summary>
public sealed record ConsoleSnapshot(ConsoleAgentView Agent, IReadOnlyList<ConsolePauseReason> PauseReasons, ConsoleStateView? State)
{
    public static ConsoleSnapshot Of(StoredAgent agent, AgentState? state, IReadOnlyList<ConsolePauseReason> reasons) =>
        new(new ConsoleAgentView(agent.DisplayName, agent.SipUsername), reasons, state is null ? null : ConsoleStateView.Of(state));
}
