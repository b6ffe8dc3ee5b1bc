using System.Globalization;
using System.Text;

namespace Telephony.Media.Sdp;

/// <summary>One m= section with the lines that follow it up to the next m= line.</summary>
public sealed class SdpMediaDescription
{
    public SdpMediaDescription(string media, int port, string protocol, IEnumerable<string> formats)
    {
        Media = media;
        Port = port;
        Protocol = protocol;
        Formats = [.. formats];
    }

    /// <summary>"audio", "video", ...</summary>
    public string Media { get; set; }

    /// <summary>0 means the stream is rejected or disabled (RFC 3264 §6).</summary>
    public int Port { get; set; }

    /// <summary>The "/number" after the port, when present.</summary>
    public int? PortCount { get; set; }

    /// <summary>"RTP/AVP", "RTP/SAVP", ...</summary>
    public string Protocol { get; set; }

    /// <summary>Formats in the offerer's order of preference; payload type numbers for RTP.</summary>
    public List<string> Formats { get; }

    /// <summary>i= and k= lines of this section, kept so a description survives a parse/print round trip.</summary>
    public List<SdpField> OtherFields { get; } = [];

    public SdpConnection? Connection { get; set; }

    /// <summary>b= values such as "AS:64".</summary>
    public List<string> Bandwidths { get; } = [];

    public List<SdpAttribute> Attributes { get; } = [];

    /// <summary>The direction attribute of this section, or null when it has none (the session's applies).</summary>
    public MediaDirection? Direction => SdpSessionDescription.FindDirection(Attributes);

    /// <summary>a=ptime in milliseconds, or null when absent or not a positive number.</summary>
    public int? PacketTimeMs
    {
        get
        {
            var value = GetAttributeValue("ptime");
            return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms > 0 ? ms : null;
        }
    }

    public string? GetAttributeValue(string name) =>
        Attributes.FirstOrDefault(a => a.Name.Equals(name, StringComparison.OrdinalIgnoreCase))?.Value;

    /// <summary>Every well-formed a=rtpmap of this section; malformed ones are ignored as RFC 4566 allows.</summary>
    public IReadOnlyList<SdpRtpMap> GetRtpMaps()
    {
        var maps = new List<SdpRtpMap>();
        foreach (var attribute in Attributes)
        {
            if (attribute.Name.Equals("rtpmap", StringComparison.OrdinalIgnoreCase) &&
                SdpRtpMap.TryParse(attribute.Value, out var map))
            {
                maps.Add(map!);
            }
        }

        return maps;
    }

    /// <summary>The format parameters of a payload type ("0-15" for "a=fmtp:101 0-15"), or null.</summary>
    public string? GetFormatParameters(int payloadType)
    {
        var prefix = payloadType.ToString(CultureInfo.InvariantCulture) + " ";
        foreach (var attribute in Attributes)
        {
            if (attribute.Name.Equals("fmtp", StringComparison.OrdinalIgnoreCase) &&
                attribute.Value is { } value && value.StartsWith(prefix, StringComparison.Ordinal))
            {
                return value[prefix.Length..].Trim();
            }
        }

        return null;
    }

    internal void AppendTo(StringBuilder text)
    {
        text.Append("m=").Append(Media).Append(' ').Append(Port.ToString(CultureInfo.InvariantCulture));
        if (PortCount is { } count)
        {
            text.Append('/').Append(count.ToString(CultureInfo.InvariantCulture));
        }

        text.Append(' ').Append(Protocol);
        foreach (var format in Formats)
        {
            text.Append(' ').Append(format);
        }

        text.Append("\r\n");
        foreach (var field in OtherFields.Where(f => f.Type == 'i'))
        {
            text.Append(field).Append("\r\n");
        }

        if (Connection is not null)
        {
            text.Append("c=").Append(Connection).Append("\r\n");
        }

        foreach (var bandwidth in Bandwidths)
        {
            text.Append("b=").Append(bandwidth).Append("\r\n");
        }

        foreach (var field in OtherFields.Where(f => f.Type != 'i'))
        {
            text.Append(field).Append("\r\n");
        }

        foreach (var attribute in Attributes)
        {
            text.Append("a=").Append(attribute).Append("\r\n");
        }
    }

    internal static SdpMediaDescription Parse(string value, int lineNumber)
    {
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 4)
        {
            throw new SdpParseException("m= needs media, port, protocol and at least one format", lineNumber);
        }

        var portText = parts[1];
        int? portCount = null;
        var slash = portText.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            if (!int.TryParse(portText.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count) ||
                count < 1)
            {
                throw new SdpParseException("m= port count is not a positive number", lineNumber);
            }

            portCount = count;
            portText = portText[..slash];
        }

        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new SdpParseException($"m= port '{Shorten(portText)}' is not a number between 0 and 65535", lineNumber);
        }

        return new SdpMediaDescription(parts[0], port, parts[2], parts[3..]) { PortCount = portCount };
    }

    internal static string Shorten(string text) => text.Length <= 32 ? text : text[..32] + "...";
}
