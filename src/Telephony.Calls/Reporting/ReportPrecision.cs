namespace Telephony.Calls.Reporting;

/// <summary>How many decimals each kind of figure is published with, in CSV and JSON alike.</summary>
public static class ReportPrecision
{
    /// <summary>A rate as a fraction of 1: 0.8571 is 85.71 %.</summary>
    public const int Rate = 4;

    public const int Seconds = 1;

    public const int Score = 2;

    public static double? Round(double? value, int decimals) =>
        value is { } v ? Math.Round(v, decimals, MidpointRounding.AwayFromZero) : null;
}
