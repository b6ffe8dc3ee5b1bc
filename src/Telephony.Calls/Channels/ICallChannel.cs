
using Telephony.Calls.Conversations;

namespace Telephony.Calls.Channels;

/// <summary>
/// One answered call as the call flow sees it: play audio, hear digits, hang up. It hides SIP and RTP so the
/// flow (IVR, queue) can be tested without sockets and later run over other channels (an agent leg, a callback).
/// </summary>
public interface ICallChannel
{
    string CallId { get; }

    /// <summary>The caller's number as presented (From user part); personal data: mask before logging.</summary>
    string? CallerNumber { get; }

    /// <summary>
    /// Cancelled when the call ends, whoever ends it: when the caller hangs up, and as soon as the service decides to
    /// end it (<see cref="HangUpAsync"/>, a dead line), before the BYE is even answered. Nothing may happen to the call
    /// after that: no prompt, no queue, no agent.
    /// </summary>
    CancellationToken Ended { get; }

    /// <summary>
    /// Set when the service cut the call short on its own, rather than the caller or the call's normal end: e.g.
    /// <c>no_media</c> when nothing ever arrived from the caller, <c>media_timeout</c> when their media stopped.
    /// Such a call is recorded as <c>dropped</c>: a dead line is not a citizen choosing to leave.
    /// </summary>
    string? DropReason { get; }

    /// <summary>Digits from RFC 4733 events and SIP INFO, in arrival order.</summary>
    IAsyncEnumerable<char> ReadDigitsAsync(CancellationToken cancellationToken);

    /// <summary>Takes a digit already pressed, if any, without waiting.</summary>
    bool TryTakeDigit(out char digit);

    /// <summary>Drops digits pressed before now (e.g. during a prompt that does not allow barge-in).</summary>
    void DiscardPendingDigits();

    /// <summary>Plays a prompt; returns false when stopped early (barge-in or the call ended).</summary>
    Task<bool> PlayAsync(string promptPath, CancellationToken cancellationToken);

    /// <summary>Loops a prompt (music on hold) until cancelled.</summary>
    Task PlayLoopAsync(string promptPath, CancellationToken cancellationToken);

    /// <summary>Ends the call from our side (BYE); <see cref="Ended"/> is cancelled at once.</summary>
    Task HangUpAsync();

    /// <summary>
    /// Connects the caller's media to an agent's answered leg (both ways, transcoding if the codecs differ). Stop any
    /// prompt or music first: the caller then hears only the agent. Disposing the bridge gives the caller their own
    /// stream back (for the survey).
    /// </summary>
    IAgentBridge ConnectAgent(IAgentLeg agent);
}
