using System.Globalization;

namespace Telephony.Sms;

/// <summary>
/// The <c>Sms</c> configuration section: the Kannel smsbox to send through, the sender id, the reminder hour and the
/// retry policy. Without <see cref="GatewayUrl"/> no SMS is stored or sent (the service says so at start-up).
/// </summary>
public sealed class SmsSettings
{
    public const string SectionName = "Sms";

    /// <summary>Kannel smsbox's sendsms URL, e.g. <c>http://127.0.0.1:13013/cgi-bin/sendsms</c>. Empty: SMS disabled.</summary>
    public string? GatewayUrl { get; set; }

    /// <summary>A <c>sendsms-user</c> of the smsbox.</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>What the citizen's phone shows as the sender: up to 11 letters and digits (e.g. "CNAV"), or a number.</summary>
    public string? Sender { get; set; }

    /// <summary>How long one request to the gateway may take before it counts as failed (seconds).</summary>
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>The reminder leaves the day before the appointment at this hour, Europe/Paris (0-23).</summary>
    public int ReminderHour { get; set; } = 18;

    /// <summary>Sends tried in all before an SMS is given up as failed.</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>Wait before the first retry (seconds); it doubles at each further retry up to <see cref="RetryMaxDelaySeconds"/>.</summary>
    public int RetryDelaySeconds { get; set; } = 30;

    public int RetryMaxDelaySeconds { get; set; } = 1800;

    /// <summary>Longest text accepted, in SMS segments (153 GSM characters or 67 UCS-2 characters each when split).</summary>
    public int MaxSegments { get; set; } = 3;

    /// <summary>How often each node looks for due SMS (reminders, retries, and SMS another node stored).</summary>
    public double PollIntervalSeconds { get; set; } = 5;

    public bool Enabled => !string.IsNullOrWhiteSpace(GatewayUrl);

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    public TimeSpan PollInterval => TimeSpan.FromSeconds(PollIntervalSeconds);

    /// <summary>Fails with the key's name and what is wrong, so a bad value stops the start-up rather than the first SMS.</summary>
    public void Validate()
    {
        if (!Enabled)
        {
            return;
        }

        if (!Uri.TryCreate(GatewayUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || url.Query.Length > 0)
        {
            throw Bad(nameof(GatewayUrl), $"'{GatewayUrl}' is not an http(s) URL without a query string (e.g. http://127.0.0.1:13013/cgi-bin/sendsms).");
        }

        if (url.UserInfo.Length > 0)
        {
            // Kannel reads its credentials from the query; a password here would only end up in logs.
            throw Bad(nameof(GatewayUrl), "must not carry credentials: set Sms:Username and Sms:Password.");
        }

        if (string.IsNullOrWhiteSpace(Username))
        {
            throw Bad(nameof(Username), "is required with Sms:GatewayUrl (a sendsms-user of the smsbox).");
        }

        if (string.IsNullOrEmpty(Password))
        {
            throw Bad(nameof(Password), "is required with Sms:GatewayUrl (the sendsms-user's password).");
        }

        if (SenderProblem(Sender) is { } senderProblem)
        {
            throw Bad(nameof(Sender), senderProblem);
        }

        Range(nameof(TimeoutSeconds), TimeoutSeconds, 1, 120);
        Range(nameof(ReminderHour), ReminderHour, 0, 23);
        Range(nameof(MaxAttempts), MaxAttempts, 1, 100);
        Range(nameof(RetryDelaySeconds), RetryDelaySeconds, 1, 86_400);
        Range(nameof(RetryMaxDelaySeconds), RetryMaxDelaySeconds, RetryDelaySeconds, 86_400);
        Range(nameof(MaxSegments), MaxSegments, 1, 10);
        if (!(PollIntervalSeconds >= 0.05 && PollIntervalSeconds <= 3600))
        {
            throw Bad(nameof(PollIntervalSeconds), $"{PollIntervalSeconds.ToString(CultureInfo.InvariantCulture)} must be between 0.05 and 3600 seconds.");
        }
    }

    /// <summary>Never the password: settings end up in logs.</summary>
    public override string ToString() =>
        Enabled ? $"SmsSettings {{ GatewayUrl = {GatewayUrl}, Username = {Username}, Sender = {Sender} }}" : "SmsSettings { disabled }";

    // Alphanumeric sender ids are at most 11 characters on GSM networks; numeric ones are a phone number (E.164: 15 digits).
    private static string? SenderProblem(string? sender)
    {
        if (string.IsNullOrWhiteSpace(sender))
        {
            return "is required with Sms:GatewayUrl (e.g. the network's name, at most 11 letters and digits).";
        }

        var digits = sender.StartsWith('+') ? sender[1..] : sender;
        if (digits.Length is > 0 and <= 15 && digits.All(char.IsAsciiDigit))
        {
            return null;
        }

        return sender.Length <= 11 && sender.All(c => char.IsAsciiLetterOrDigit(c) || c == ' ') && sender.Any(char.IsAsciiLetter)
            ? null
            : $"'{sender}' must be at most 11 ASCII letters, digits or spaces with at least one letter, or a number of at most 15 digits.";
    }

    private static void Range(string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            throw Bad(key, $"{value} must be between {min} and {max}.");
        }
    }

    private static InvalidOperationException Bad(string key, string problem) => new($"{SectionName}:{key} {problem}");
}
