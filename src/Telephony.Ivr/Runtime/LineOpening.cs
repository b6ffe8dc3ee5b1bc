namespace Telephony.Ivr;

/// <summary>
/// Whether a line is open at an instant, in the order calls decide it (an <c>hours</c> node): an operator override in
/// force first, then <c>Ivr:ForceOpen</c>, then the script's opening hours (holidays and closures included). A script
/// without <c>opening-hours</c> answers at all hours. Shared by the call flow and the <c>telephony_line_open</c> gauge,
/// so that the gauge says what a caller would get.
/// </summary>
public static class LineOpening
{
    /// <summary>The line's override if one applies at <paramref name="now"/>, else null.</summary>
    public static LineOverride? OverrideAt(IvrScript script, IvrSessionOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(options);
        var lineOverride = options.Overrides.Get(script.Name);
        return lineOverride is not null && lineOverride.AppliesAt(now) ? lineOverride : null;
    }

    public static bool IsOpen(IvrScript script, IvrSessionOptions options, DateTimeOffset now) =>
        IsOpen(script, options, now, OverrideAt(script, options, now));

    /// <param name="lineOverride">What <see cref="OverrideAt"/> returned for the same instant.</param>
    internal static bool IsOpen(IvrScript script, IvrSessionOptions options, DateTimeOffset now, LineOverride? lineOverride) =>
        lineOverride?.Kind switch
        {
            LineOverrideKind.ForcedClosed => false,
            LineOverrideKind.ForcedOpen => true,
            _ => options.ForceOpen || script.OpeningHours?.IsOpen(now) != false,
        };
}
