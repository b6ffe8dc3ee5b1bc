using System.Globalization;
using System.Text;

namespace Telephony.Sip.Messages;

/// <summary>One Via value: "SIP/2.0/UDP host:port;branch=...;received=...;rport=...".</summary>
public sealed class ViaHeader
{
    /// <summary>RFC 3261 branch magic cookie: branches starting with it are unique per transaction.</summary>
    public const string MagicCookie = "z9hG4bK";

    public ViaHeader(string transport, string host, int? port, string branch)
    {
        Transport = transport.ToUpperInvariant();
        Host = host.Trim('[', ']');
        Port = port;
        Parameters.Set("branch", branch);
    }

    private ViaHeader(string protocol, string transport, string host, int? port, SipParameters parameters)
    {
        Protocol = protocol;
        Transport = transport;
        Host = host;
        Port = port;
        Parameters = parameters;
    }

    /// <summary>"SIP/2.0".</summary>
    public string Protocol { get; } = "SIP/2.0";

    /// <summary>Transport in upper case: UDP, TCP, TLS, SCTP, WS, ... (unknown ones are extensions, kept).</summary>
    public string Transport { get; }

    /// <summary>sent-by host; IPv6 without brackets.</summary>
    public string Host { get; }

    public int? Port { get; }

    public SipParameters Parameters { get; } = new();

    public string? Branch => Parameters.Get("branch");

    public string? Received
    {
        get => Parameters.Get("received");
        set
        {
            if (value is null)
            {
                Parameters.Remove("received");
            }
            else
            {
                Parameters.Set("received", value);
            }
        }
    }

    /// <summary>True when an rport parameter is present (with or without value), RFC 3581.</summary>
    public bool HasRPort => Parameters.Contains("rport");

    /// <summary>rport value when filled in, otherwise null.</summary>
    public int? RPort =>
        int.TryParse(Parameters.Get("rport"), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535 ? port : null;

    public string SentBy => Port is { } port ? $"{HostForUri}:{port.ToString(CultureInfo.InvariantCulture)}" : HostForUri;

    private string HostForUri => Host.Contains(':') ? $"[{Host}]" : Host;

    /// <summary>Parses one Via value (folding/LWS around '/' allowed); throws <see cref="SipParseException"/>.</summary>
    public static ViaHeader Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var index = 0;
        var protocolName = ReadToken(value, ref index, "protocol name");
        ExpectSlash(value, ref index);
        var version = ReadToken(value, ref index, "protocol version");
        ExpectSlash(value, ref index);
        var transport = ReadToken(value, ref index, "transport");
        if (!string.Equals(protocolName, "SIP", StringComparison.OrdinalIgnoreCase))
        {
            throw SipParseException.BadRequest("Malformed Via: protocol is not SIP");
        }

        index = SipSyntax.SkipWhitespace(value, index);
        string host;
        if (index < value.Length && value[index] == '[')
        {
            var close = value.IndexOf(']', index);
            if (close < 0)
            {
                throw SipParseException.BadRequest("Malformed Via: unterminated IPv6 reference");
            }

            host = value[(index + 1)..close];
            index = close + 1;
        }
        else
        {
            var start = index;
            while (index < value.Length && (char.IsAsciiLetterOrDigit(value[index]) || value[index] is '-' or '.' or '_'))
            {
                index++;
            }

            host = value[start..index];
        }

        if (host.Length == 0)
        {
            throw SipParseException.BadRequest("Malformed Via: missing sent-by host");
        }

        int? port = null;
        index = SipSyntax.SkipWhitespace(value, index);
        if (index < value.Length && value[index] == ':')
        {
            index = SipSyntax.SkipWhitespace(value, index + 1);
            var start = index;
            while (index < value.Length && char.IsAsciiDigit(value[index]))
            {
                index++;
            }

            if (!int.TryParse(value.AsSpan(start, index - start), NumberStyles.None, CultureInfo.InvariantCulture, out var parsedPort) || parsedPort > 65535)
            {
                throw SipParseException.BadRequest("Malformed Via: bad port");
            }

            port = parsedPort;
        }

        var parameters = SipParameters.ParseHeaderParameters(value, index, "Via");
        return new ViaHeader($"{protocolName.ToUpperInvariant()}/{version}", transport.ToUpperInvariant(), host, port, parameters);
    }

    private static string ReadToken(string s, ref int index, string what)
    {
        index = SipSyntax.SkipWhitespace(s, index);
        var start = index;
        while (index < s.Length && SipSyntax.IsTokenChar(s[index]))
        {
            index++;
        }

        if (index == start)
        {
            throw SipParseException.BadRequest($"Malformed Via: missing {what}");
        }

        return s[start..index];
    }

    private static void ExpectSlash(string s, ref int index)
    {
        index = SipSyntax.SkipWhitespace(s, index);
        if (index >= s.Length || s[index] != '/')
        {
            throw SipParseException.BadRequest("Malformed Via: expected '/'");
        }

        index++;
    }

    /// <summary>The same Via (sent-by, branch and every parameter) naming another transport.</summary>
    public ViaHeader WithTransport(string transport)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(transport);
        var copy = Parse(ToString());
        return new ViaHeader(copy.Protocol, transport.ToUpperInvariant(), copy.Host, copy.Port, copy.Parameters);
    }

    public override string ToString()
    {
        var builder = new StringBuilder(96).Append(Protocol).Append('/').Append(Transport).Append(' ').Append(SentBy);
        Parameters.AppendTo(builder);
        return builder.ToString();
    }
}
