using System.Globalization;
using System.Net;
using Telephony.Sip.Auth;
using Telephony.Sip.Transport;

namespace Telephony.Calls.Configuration;

/// <summary>
/// The <c>Trunk</c> configuration section: the operator's SIP trunk, the only way out of the service to a citizen's
/// phone (callbacks). Without <see cref="Address"/> callbacks are stored but never dialled.
/// </summary>
public sealed class TrunkSettings
{
    public const string SectionName = "Trunk";

    /// <summary><c>address:port</c> of the trunk (an IP literal: the SIP stack does no DNS), e.g. <c>192.0.2.20:5060</c>.</summary>
    public string? Address { get; set; }

    /// <summary><c>udp</c> or <c>tcp</c>.</summary>
    public string Transport { get; set; } = "udp";

    /// <summary>Digest username the trunk challenges for; empty: a challenge ends the attempt.</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>The number the citizen sees; empty: the line's public number (e.g. 3960).</summary>
    public string? CallerId { get; set; }

    /// <summary>Outbound calls to citizens this node places at once through the trunk; more wait for a free one.</summary>
    public int MaxConcurrentCalls { get; set; } = 10;

    public bool Enabled => !string.IsNullOrWhiteSpace(Address);

    public IPEndPoint ParseAddress() =>
        IPEndPoint.TryParse(Address?.Trim() ?? "", out var endPoint) && endPoint.Port != 0
            ? endPoint
            : throw Bad(nameof(Address), $"'{Address}' must be an IP address and port, e.g. 192.0.2.20:5060 (no host name: the SIP stack does no DNS).");

    public SipTransportKind ParseTransport() => Transport.Trim().ToLowerInvariant() switch
    {
        "udp" => SipTransportKind.Udp,
        "tcp" => SipTransportKind.Tcp,
        _ => throw Bad(nameof(Transport), $"'{Transport}' must be udp or tcp."),
    };

    /// <summary>The digest credentials, or null when the trunk needs none.</summary>
    public SipClientCredentials? Credentials => string.IsNullOrEmpty(Username) ? null : new SipClientCredentials(Username, Password ?? "");

    /// <exception cref="InvalidOperationException">A value is wrong: the message names its key.</exception>
    public void Validate()
    {
        if (!Enabled)
        {
            return;
        }

        ParseAddress();
        ParseTransport();
        if (!string.IsNullOrEmpty(Username) && string.IsNullOrEmpty(Password))
        {
            throw Bad(nameof(Password), "is required with Trunk:Username (the trunk's digest password).");
        }

        if (string.IsNullOrEmpty(Username) && !string.IsNullOrEmpty(Password))
        {
            throw Bad(nameof(Username), "is required with Trunk:Password.");
        }

        if (Username is { } user && (user.Length > 64 || user.Any(c => char.IsControl(c) || c is ' ' or '"' or '@' or ':')))
        {
            throw Bad(nameof(Username), "must be at most 64 characters without spaces, quotes, '@' or ':'.");
        }

        if (!string.IsNullOrEmpty(CallerId) && !IsCallerId(CallerId))
        {
            throw Bad(nameof(CallerId), $"'{CallerId}' must be a number: up to 15 digits, optionally after '+'.");
        }

        if (MaxConcurrentCalls is < 1 or > 10_000)
        {
            throw Bad(nameof(MaxConcurrentCalls), $"{MaxConcurrentCalls.ToString(CultureInfo.InvariantCulture)} must be between 1 and 10000.");
        }
    }

    internal static bool IsCallerId(string value)
    {
        var digits = value.StartsWith('+') ? value[1..] : value;
        return digits.Length is > 0 and <= 15 && digits.All(char.IsAsciiDigit);
    }

    /// <summary>Never the password: settings end up in logs.</summary>
    public override string ToString() =>
        Enabled ? $"TrunkSettings {{ Address = {Address}, Transport = {Transport}, Username = {Username}, CallerId = {CallerId} }}" : "TrunkSettings { disabled }";

    private static InvalidOperationException Bad(string key, string problem) => new($"{SectionName}:{key} {problem}");
}
