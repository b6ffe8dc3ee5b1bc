using System.Globalization;
using System.Net;
using System.Text;

namespace Telephony.Sip.Messages;

/// <summary>
/// A URI as found in a Request-URI, name-addr or Contact. sip: and sips: URIs are broken into parts
/// (user unescaped, host with IPv6 brackets removed, port, parameters, headers); other schemes
/// (tel:, http:, ...) are kept opaque.
/// </summary>
public sealed class SipUri
{
    private readonly string? _rawUser;

    /// <summary>Builds a sip:/sips: URI; the user is given unescaped and escaped on output.</summary>
    public SipUri(string scheme, string? user, string host, int? port = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(scheme);
        ArgumentException.ThrowIfNullOrEmpty(host);
        Scheme = scheme.ToLowerInvariant();
        User = user;
        _rawUser = user is null ? null : SipSyntax.EscapeUser(user);
        Host = host.Trim('[', ']');
        Port = port;
    }

    private SipUri(string scheme, string opaque)
    {
        Scheme = scheme;
        Opaque = opaque;
        Host = string.Empty;
    }

    private SipUri(string scheme, string? rawUser, string? password, string host, int? port, SipParameters parameters, string? headers)
    {
        Scheme = scheme;
        _rawUser = rawUser;
        User = rawUser is null ? null : SipSyntax.Unescape(rawUser);
        Password = password;
        Host = host;
        Port = port;
        Parameters = parameters;
        Headers = headers;
    }

    /// <summary>Scheme in lower case ("sip", "sips", "tel", ...).</summary>
    public string Scheme { get; }

    public bool IsSip => Scheme is "sip" or "sips";

    /// <summary>User part, %-unescaped once ("+33809401401"), or null.</summary>
    public string? User { get; }

    public string? Password { get; }

    /// <summary>The user part as written (escaped), or null.</summary>
    internal string? RawUser => _rawUser;

    /// <summary>Host name or address; IPv6 without brackets. Empty for non-SIP schemes.</summary>
    public string Host { get; }

    public int? Port { get; }

    /// <summary>URI parameters as written (escaped), in order.</summary>
    public SipParameters Parameters { get; } = new();

    /// <summary>The "?..." header part as written (without the '?'), or null.</summary>
    public string? Headers { get; }

    /// <summary>Everything after "scheme:" for non-SIP schemes, otherwise null.</summary>
    public string? Opaque { get; }

    public string? Transport => Parameters.Get("transport");

    /// <summary>Host as it appears in a URI or Via: IPv6 addresses get brackets back.</summary>
    public string HostForUri => Host.Contains(':') ? $"[{Host}]" : Host;

    /// <summary>Value of the first parameter whose unescaped name matches, itself unescaped once; null if absent.</summary>
    public string? GetUnescapedParameter(string name)
    {
        foreach (var (rawName, rawValue) in Parameters)
        {
            if (string.Equals(SipSyntax.Unescape(rawName), name, StringComparison.OrdinalIgnoreCase))
            {
                return rawValue is null ? string.Empty : SipSyntax.Unescape(rawValue);
            }
        }

        return null;
    }

    public static SipUri Parse(string text) => SipUriParser.Parse(text);

    public static bool TryParse(string text, out SipUri? uri)
    {
        try
        {
            uri = SipUriParser.Parse(text);
            return true;
        }
        catch (SipParseException)
        {
            uri = null;
            return false;
        }
    }

    internal static SipUri CreateOpaque(string scheme, string opaque) => new(scheme, opaque);

    internal static SipUri CreateParsed(string scheme, string? rawUser, string? password, string host, int? port, SipParameters parameters, string? headers) =>
        new(scheme, rawUser, password, host, port, parameters, headers);

    /// <summary>Resolves the host to an IP address when it is a literal; null for names.</summary>
    public IPAddress? TryGetAddress() => IPAddress.TryParse(Host, out var address) ? address : null;

    public override string ToString()
    {
        var builder = new StringBuilder(64).Append(Scheme).Append(':');
        if (Opaque is not null)
        {
            return builder.Append(Opaque).ToString();
        }

        if (_rawUser is not null)
        {
            builder.Append(_rawUser);
            if (Password is not null)
            {
                builder.Append(':').Append(Password);
            }

            builder.Append('@');
        }

        builder.Append(HostForUri);
        if (Port is { } port)
        {
            builder.Append(':').Append(port.ToString(CultureInfo.InvariantCulture));
        }

        Parameters.AppendTo(builder);
        if (Headers is not null)
        {
            builder.Append('?').Append(Headers);
        }

        return builder.ToString();
    }
}
