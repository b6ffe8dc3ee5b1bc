using System.Globalization;

namespace Telephony.Calls.Callbacks;

/// <summary>The <c>Callbacks</c> configuration section: when and how often a citizen is called back.</summary>
public sealed class CallbackSettings
{
    public const string SectionName = "Callbacks";

    /// <summary>Hours, Europe/Paris, during which citizens are called, <c>HH:mm-HH:mm</c> (<c>00:00-24:00</c>: any time).</summary>
    public string CallingHours { get; set; } = "08:30-19:30";

    /// <summary>Days citizens are called on, e.g. <c>Mon-Sat</c> or <c>Mon,Tue,Thu</c>.</summary>
    public string CallingDays { get; set; } = "Mon-Sat";

    /// <summary>Calls to the citizen at most, then the callback is <c>failed</c> and the citizen gets an SMS.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Wait after a failed attempt (no answer, busy...) before the next.</summary>
    public double RetryDelaySeconds { get; set; } = 900;

    /// <summary>How long the citizen's phone may ring: cancelled before a voicemail would answer (usually 20-30 s).</summary>
    public double RingTimeoutSeconds { get; set; } = 20;

    /// <summary>How long a node holds a callback without renewing its lease before another node may take it over.</summary>
    public double LeaseSeconds { get; set; } = 30;

    /// <summary>Period of each callback's Orleans reminder: how often an active callback is looked at again (at least).</summary>
    public double ReminderPeriodSeconds { get; set; } = 60;

    public TimeSpan RetryDelay => TimeSpan.FromSeconds(RetryDelaySeconds);

    public TimeSpan RingTimeout => TimeSpan.FromSeconds(RingTimeoutSeconds);

    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);

    public TimeSpan ReminderPeriod => TimeSpan.FromSeconds(ReminderPeriodSeconds);

    public CallingHours ParseCallingHours() => Callbacks.CallingHours.Parse(CallingHours, CallingDays);

    /// <exception cref="InvalidOperationException">A value is wrong: the message names its key.</exception>
    public void Validate()
    {
        ParseCallingHours();
        if (MaxAttempts is < 1 or > 20)
        {
            throw Bad(nameof(MaxAttempts), $"{MaxAttempts.ToString(CultureInfo.InvariantCulture)} must be between 1 and 20.");
        }

        Range(nameof(RetryDelaySeconds), RetryDelaySeconds, 1, 7 * 86_400);
        Range(nameof(RingTimeoutSeconds), RingTimeoutSeconds, 5, 120);
        Range(nameof(LeaseSeconds), LeaseSeconds, 3, 600);
        Range(nameof(ReminderPeriodSeconds), ReminderPeriodSeconds, 1, 3600);
    }

    private static void Range(string key, double value, double min, double max)
    {
        if (!(value >= min && value <= max))
        {
            throw Bad(key, $"{value.ToString(CultureInfo.InvariantCulture)} must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)} seconds.");
        }
    }

    internal static InvalidOperationException Bad(string key, string problem) => new($"{SectionName}:{key} {problem}");
}
