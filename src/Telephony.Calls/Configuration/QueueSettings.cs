
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
    /// Estimated wait per caller ahead (position × this), announced to waiting callers until agents' real
    /// handling times are measured.
    /// </summary>
    public double EstimatedSecondsPerCaller { get; set; } = 180;
}
