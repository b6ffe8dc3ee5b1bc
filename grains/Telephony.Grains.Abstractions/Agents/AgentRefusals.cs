namespace Telephony.Grains.Abstractions;

/// <summary>
/// Why an agent grain refused a command (<see cref="AgentCommandResult.Refusal"/>, the 409's reason). Stable codes:
/// the console translates them.
/// </summary>
public static class AgentRefusals
{
    /// <summary>The grain has no profile (the administration never configured this agent): the API answers 404.</summary>
    public const string NotConfigured = "not_configured";

    public const string Disabled = "disabled";

    /// <summary>Logging in needs the agent's phone registered.</summary>
    public const string PhoneNotRegistered = "phone_not_registered";

    /// <summary>The queue is not among the agent's skills (or the agent has none).</summary>
    public const string NotSkilled = "not_skilled";

    /// <summary>The command needs the agent logged in to a queue.</summary>
    public const string LoggedOut = "logged_out";

    /// <summary>Logging out of a queue the agent is not logged in to.</summary>
    public const string NotLoggedInToQueue = "not_logged_in_to_queue";

    /// <summary>Reserved, Ringing or OnCall: the call decides what comes next.</summary>
    public const string HandlingCall = "handling_call";

    public const string NotInWrapUp = "not_in_wrap_up";

    /// <summary>A pause needs a reason.</summary>
    public const string NoPauseReason = "no_pause_reason";
}
