using Telephony.Grains.Abstractions;
using Telephony.Server.Admin;

namespace Telephony.Server.AgentConsole;

/// <summary>Which buttons the state allows, by the agent grain's own rules (the grain still decides).</summary>
public sealed record ConsoleCommands(bool Ready, bool Pause, bool EndWrapUp)
{
    public static ConsoleCommands For(AgentState state) => new(
        // From LoggedOut, Prêt logs in to the agent's queues, which needs the phone registered.
        Ready: state.Status is AgentStatus.Paused or AgentStatus.WrapUp || (state.Status == AgentStatus.LoggedOut && state.PhoneRegistered),
        Pause: state.Status is AgentStatus.Ready or AgentStatus.Paused or AgentStatus.WrapUp,
        EndWrapUp: state.Status == AgentStatus.WrapUp);
}

/// <summary>An earlier call of the same number to the line, and how it ended.</summary>
public sealed record ConsoleRecentCall(DateTimeOffset At, string Outcome, string OutcomeLabel);

/// <summary>
/// The call the agent handles, as the console shows it. <see cref="ForAgent"/> holds what the caller keyed for the
/// agent (a numéro fiscal): this view is sent only to the agent's own session, never logged.
/// </summary>
public sealed record ConsoleCallView(
    string CallId,
    string QueueId,
    string? QueueName,
    string? Network,
    string? Line,
    DateTimeOffset? QueuedAt,
    double? WaitedSeconds,
    IReadOnlyList<string> Path,
    string PathInWords,
    IReadOnlyList<CallContextItem> ForAgent,
    IReadOnlyList<ConsoleRecentCall> RecentCalls)
{
    public const string PathSeparator = " → ";

    public override string ToString() => $"ConsoleCallView {{ {CallId}, queue {QueueId}, {ForAgent.Count} item(s) for the agent }}";
}

/// <summary>The agent's state as the console's page reads it (GET /agent/state and every pushed event).</summary>
public sealed record ConsoleStateView(
    string Status,
    string StatusLabel,
    string? PauseReason,
    string? PauseReasonLabel,
    DateTimeOffset Since,
    DateTimeOffset? Deadline,
    bool PhoneRegistered,
    IReadOnlyList<string> Queues,
    long Version,
    ConsoleCommands Allowed,
    ConsoleCallView? Call)
{
    public static ConsoleStateView Of(AgentState state) => new(
        AgentResponses.SnakeCase(state.Status.ToString()),
        ConsoleWords.Status(state.Status),
        state.PauseReason,
        state.PauseReason is { } reason ? ConsoleWords.PauseReason(reason) : null,
        state.Since,
        state.Deadline,
        state.PhoneRegistered,
        state.LoggedInQueues,
        state.Version,
        ConsoleCommands.For(state),
        state.Call is { } call ? CallOf(call, state) : null);

    public override string ToString() => $"ConsoleStateView {{ {Status}, version {Version} }}";

    private static ConsoleCallView CallOf(AgentCurrentCall call, AgentState state)
    {
        var context = call.Context;
        var path = context?.PathInWords ?? [];
        return new ConsoleCallView(
            call.CallId,
            call.QueueId,
            context?.QueueName,
            context?.Network,
            context?.Line,
            context?.QueuedAt,
            // On the call, "since" is when the agent answered: the caller's wait is over and known.
            state.Status == AgentStatus.OnCall && context is not null ? Math.Max(0, Math.Round((state.Since - context.QueuedAt).TotalSeconds)) : null,
            path,
            string.Join(ConsoleCallView.PathSeparator, path),
            context?.ForAgent ?? [],
            (context?.RecentCalls ?? []).OrderByDescending(r => r.At).Select(r => new ConsoleRecentCall(r.At, r.Outcome, ConsoleWords.Outcome(r.Outcome))).ToList());
    }
}
