using Telephony.Calls.Conversations;
using Telephony.Media.Sessions;

namespace Telephony.Calls.Channels;

/// <summary>A caller's RTP session bridged to an agent's by <see cref="MediaBridge"/>, as the conversation sees it.</summary>
internal sealed class MediaAgentBridge : IAgentBridge
{
    private readonly MediaBridge _bridge;
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public MediaAgentBridge(RtpSession caller, RtpSession agent)
    {
        _bridge = new MediaBridge(caller, agent);
        _bridge.Ended += (_, _) => _ended.TrySetResult();
        if (_bridge.IsEnded)
        {
            _ended.TrySetResult();
        }
    }

    public Task Ended => _ended.Task;

    public void Dispose()
    {
        _bridge.Dispose();
        _ended.TrySetResult();
    }
}
