using Telephony.Grains.Abstractions;

namespace Telephony.Grains.Agents;

/// <summary>
/// What each queue last heard of the agent (by a push, a claim or an offer's answer): its status, level and whether it
/// is logged in, which is all a queue's view uses but for a Ready agent's idle time. A push that would leave that view
/// as it is needs not be sent: an agent taking one call after another goes Reserved, Ready (told only to the queue it
/// claims from) and Reserved again, and its other queues would hear "Reserved" twice. Ready is always sent (the queue
/// orders idle agents by it), and so is the periodic refresh, which also repairs a lost push.
/// </summary>
internal sealed class PresenceLedger
{
    private readonly Dictionary<string, (AgentStatus Status, int Level, bool LoggedIn)> _told = [];

    public bool Knows(string queueId, AgentPresence presence) =>
        presence.Status != AgentStatus.Ready
        && _told.TryGetValue(queueId, out var told)
        && told == (presence.Status, presence.Level, presence.LoggedIn);

    public void Told(string queueId, AgentPresence presence) =>
        _told[queueId] = (presence.Status, presence.Level, presence.LoggedIn);

    /// <summary>Whether the queue heard is unknown (a call failed): the next push goes whatever it says.</summary>
    public void Forget(string queueId) => _told.Remove(queueId);
}
