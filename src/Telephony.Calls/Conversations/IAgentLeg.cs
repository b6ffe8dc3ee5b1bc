using Telephony.Grains.Abstractions;

namespace Telephony.Calls.Conversations;

/// <summary>
/// The call to an agent's phone, once it answered: the far side of a conversation with a waiting caller. Its media
/// is bridged to the caller's by <see cref="Channels.ICallChannel.ConnectAgent"/>.
/// </summary>
public interface IAgentLeg : IAsyncDisposable
{
    AgentReservation Reservation { get; }

    /// <summary>Completes when the agent's side ends: their BYE, or their media stopped.</summary>
    Task Ended { get; }

    /// <summary>Ends the agent's call from our side (BYE); <see cref="Ended"/> then completes.</summary>
    Task HangUpAsync();
}

/// <summary>Rings a reserved agent's phone for a waiting caller, and tells the agent grain how it went.</summary>
public interface IAgentDialer
{
    /// <param name="callerDisplay">What the agent's phone shows as the caller, in words (e.g. "CNAV retraite").</param>
    /// <param name="callerLeft">Cancelled when the caller hangs up: the ringing phone gets a CANCEL.</param>
    Task<AgentDialResult> DialAsync(AgentReservation reservation, string callerDisplay, CancellationToken callerLeft);
}

/// <summary>Either the answered leg, or why the phone did not take the call.</summary>
public sealed record AgentDialResult(IAgentLeg? Leg, AgentOfferFailure? Failure)
{
    public static AgentDialResult Answered(IAgentLeg leg) => new(leg, null);

    public static AgentDialResult Failed(AgentOfferFailure failure) => new(null, failure);
}
