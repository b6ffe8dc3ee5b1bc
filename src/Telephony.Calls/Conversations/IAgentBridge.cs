namespace Telephony.Calls.Conversations;

/// <summary>A caller's media connected to an agent's, until either side ends or the owner disposes it.</summary>
public interface IAgentBridge : IDisposable
{
    /// <summary>Completes when the media of either leg stops (a leg closed, went silent, or said RTCP BYE).</summary>
    Task Ended { get; }
}
