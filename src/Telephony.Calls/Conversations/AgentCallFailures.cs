using Telephony.Grains.Abstractions;
using Telephony.Sip.Uac;

namespace Telephony.Calls.Conversations;

/// <summary>What an agent phone's final answer to our INVITE means for the agent (see <see cref="AgentOfferFailure"/>).</summary>
public static class AgentCallFailures
{
    public static AgentOfferFailure Of(OutgoingCallOutcome outcome, int statusCode) => outcome switch
    {
        OutgoingCallOutcome.NoAnswer => AgentOfferFailure.NoAnswer,
        OutgoingCallOutcome.Cancelled => AgentOfferFailure.CallerLeft,
        // Busy here, busy everywhere, declined: the agent (or their phone) said no to this call.
        OutgoingCallOutcome.Rejected when statusCode is 486 or 600 or 603 => AgentOfferFailure.Busy,
        OutgoingCallOutcome.Rejected when statusCode is 488 or 415 => AgentOfferFailure.IncompatiblePhone,
        _ => AgentOfferFailure.Unreachable,
    };
}
