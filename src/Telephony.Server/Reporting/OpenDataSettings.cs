namespace Telephony.Server.Reporting;

/// <summary>The <c>OpenData</c> configuration section: the public dataset at <c>/opendata/</c>.</summary>
public sealed class OpenDataSettings
{
    public const string SectionName = "OpenData";

    /// <summary>A line-day with fewer offered calls is left out, so that no caller can be singled out.</summary>
    public int MinimumCalls { get; set; } = 10;

    /// <summary>How many complete days (up to yesterday, Paris) the dataset covers.</summary>
    public int Days { get; set; } = 365;

    /// <summary>Fails at start-up, naming the key, rather than at the first download.</summary>
    public void Validate()
    {
        if (MinimumCalls < 1)
        {
            throw new InvalidOperationException($"OpenData:MinimumCalls must be at least 1 (it is {MinimumCalls}).");
        }

        if (Days is < 1 or > Calls.Reporting.ReportRange.MaxDays)
        {
            throw new InvalidOperationException($"OpenData:Days must be from 1 to {Calls.Reporting.ReportRange.MaxDays} (it is {Days}).");
        }
    }
}
