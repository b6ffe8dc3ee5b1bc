namespace Telephony.Grains.Abstractions;

/// <summary>Why the agent's phone did not take a call offered to it.</summary>
public enum AgentOfferFailure
{
    /// <summary>Rang for the queue's ring timeout: the agent is paused ("no_answer").</summary>
    NoAnswer,

    /// <summary>The phone answered 486/600 busy: paused ("busy").</summary>
    Busy,

    /// <summary>No registration, no response, a transport error or a 4xx/5xx: paused ("unreachable").</summary>
    Unreachable,

    /// <summary>The phone offered no codec in common: paused ("incompatible_phone").</summary>
    IncompatiblePhone,

    /// <summary>The caller hung up while the phone rang: not the agent's fault, the agent is Ready again.</summary>
    CallerLeft,

    /// <summary>The service could not ring the phone (no media port left, its own error): not the agent's fault, Ready again.</summary>
    ServiceFailure,
}

public static class AgentOfferFailures
{
    /// <summary>The pause reason an offer failure gives the agent, or null when the agent goes back to Ready.</summary>
    public static string? PauseReason(this AgentOfferFailure failure) => failure switch
    {
        AgentOfferFailure.NoAnswer => "no_answer",
        AgentOfferFailure.Busy => "busy",
        AgentOfferFailure.Unreachable => "unreachable",
        AgentOfferFailure.IncompatiblePhone => "incompatible_phone",
        _ => null,
    };
}
