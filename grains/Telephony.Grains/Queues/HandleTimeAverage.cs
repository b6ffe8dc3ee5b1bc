namespace Telephony.Grains.Queues;

/// <summary>
/// A decaying average of a queue's recent handle times (talk and wrap-up): each new one weighs <see cref="Weight"/>,
/// so the estimate follows the day's pace without a window to keep. Empty until the first call is handled.
/// </summary>
internal sealed class HandleTimeAverage
{
    public const double Weight = 0.2;

    private double? _seconds;

    public TimeSpan? Value => _seconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null;

    public void Add(TimeSpan handled)
    {
        if (handled <= TimeSpan.Zero)
        {
            return;
        }

        var seconds = handled.TotalSeconds;
        _seconds = _seconds is { } average ? average + (Weight * (seconds - average)) : seconds;
    }

    /// <summary>The wait at a position: position × average ÷ agents serving (at least one); null without history.</summary>
    public TimeSpan? EstimateAt(int position, int agentsServing) =>
        _seconds is { } average ? TimeSpan.FromSeconds(position * average / Math.Max(1, agentsServing)) : null;
}
