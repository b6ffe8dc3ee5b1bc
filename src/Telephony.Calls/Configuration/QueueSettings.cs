
namespace Telephony.Calls.Configuration;

/// <summary>The <c>Queue</c> configuration section.</summary>
public sealed class QueueSettings
{
    public const string SectionName = "Queue";

    /// <summary>
    /// Looped while a caller waits; a relative path is taken inside <c>Ivr:ScriptsPath</c>.
    /// A missing file means silence (the RTP clock keeps running), with a warning at start-up.
    /// </summary>
    public string MusicOnHoldPath { get; set; } = "prompts/common/music-on-hold.wav";

    public string ResolveMusicOnHold(IvrSettings ivr) =>
        Path.GetFullPath(Path.Combine(ivr.ScriptsPath, MusicOnHoldPath));

    /// <summary>
    /// Said to a caller whose number already has a call waiting on the line ("un appel depuis votre numéro est déjà
    /// en attente…"), before the service hangs up; relative to <c>Ivr:ScriptsPath</c>.
    /// </summary>
    public string AlreadyWaitingPromptPath { get; set; } = "prompts/common/already-waiting.wav";

    public string ResolveAlreadyWaitingPrompt(IvrSettings ivr) =>
        Path.GetFullPath(Path.Combine(ivr.ScriptsPath, AlreadyWaitingPromptPath));

    /// <summary>
    /// Estimated wait per caller ahead (position × this), announced to waiting callers until agents' real
    /// handling times are measured.
    /// </summary>
    public double EstimatedSecondsPerCaller { get; set; } = 180;

    /// <summary>
    /// How often a waiting call checks that its queue still holds it (seconds). A queue grain whose silo died comes back
    /// empty elsewhere; the calls, alive on their own nodes, then re-join with their arrival time within this delay.
    /// </summary>
    public double PresenceCheckSeconds { get; set; } = 5;

    public TimeSpan PresenceCheckInterval => TimeSpan.FromSeconds(PresenceCheckSeconds > 0 ? PresenceCheckSeconds : 5);
}
