using System.Text;

namespace Telephony.Media.Sdp;

/// <summary>
/// An RFC 4566 session description. The media layer reads origin, connection, media lines, rtpmap, fmtp, ptime
/// and direction; every other line is kept as written so a description prints back the way it came.
/// </summary>
public sealed class SdpSessionDescription
{
    public SdpSessionDescription(SdpOrigin origin)
    {
        Origin = origin;
    }

    public int Version { get; set; }

    public SdpOrigin Origin { get; set; }

    public string SessionName { get; set; } = "-";

    /// <summary>Session-level c=, used by every media section that has none of its own.</summary>
    public SdpConnection? Connection { get; set; }

    public List<string> Bandwidths { get; } = [];

    /// <summary>t= and r= lines in order; a description without any prints "t=0 0".</summary>
    public List<SdpField> TimeFields { get; } = [];

    /// <summary>i=, u=, e=, p=, z=, k= lines at session level.</summary>
    public List<SdpField> OtherFields { get; } = [];

    public List<SdpAttribute> Attributes { get; } = [];

    public List<SdpMediaDescription> Media { get; } = [];

    /// <summary>The session-level direction attribute, or null when absent (sendrecv applies).</summary>
    public MediaDirection? Direction => FindDirection(Attributes);

    /// <summary>Parses an SDP body; throws <see cref="SdpParseException"/> when it is not one.</summary>
    public static SdpSessionDescription Parse(string text) => SdpParser.Parse(text);

    /// <summary>Like <see cref="Parse"/> but reports failure instead of throwing.</summary>
    public static bool TryParse(string? text, out SdpSessionDescription? description, out string? error)
    {
        description = null;
        error = null;
        if (text is null)
        {
            error = "SDP: no body";
            return false;
        }

        try
        {
            description = SdpParser.Parse(text);
            return true;
        }
        catch (SdpParseException exception)
        {
            error = exception.Message;
            return false;
        }
    }

    /// <summary>The connection that applies to a media section: its own c= or else the session's.</summary>
    public SdpConnection? ConnectionFor(SdpMediaDescription media) => media.Connection ?? Connection;

    /// <summary>The direction that applies to a media section (RFC 3264: media level wins, default sendrecv).</summary>
    public MediaDirection DirectionFor(SdpMediaDescription media) =>
        media.Direction ?? Direction ?? MediaDirection.SendRecv;

    /// <summary>Prints the description with CRLF line ends in the order RFC 4566 §5 requires.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(256);
        AppendLine(text, 'v', Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        AppendLine(text, 'o', Origin.ToString());
        AppendLine(text, 's', SessionName);
        foreach (var field in OtherFields.Where(f => f.Type is 'i' or 'u' or 'e' or 'p'))
        {
            AppendLine(text, field.Type, field.Value);
        }

        if (Connection is not null)
        {
            AppendLine(text, 'c', Connection.ToString());
        }

        foreach (var bandwidth in Bandwidths)
        {
            AppendLine(text, 'b', bandwidth);
        }

        if (TimeFields.Count == 0)
        {
            AppendLine(text, 't', "0 0");
        }

        foreach (var field in TimeFields)
        {
            AppendLine(text, field.Type, field.Value);
        }

        foreach (var field in OtherFields.Where(f => f.Type is 'z' or 'k'))
        {
            AppendLine(text, field.Type, field.Value);
        }

        foreach (var attribute in Attributes)
        {
            AppendLine(text, 'a', attribute.ToString());
        }

        foreach (var media in Media)
        {
            media.AppendTo(text);
        }

        return text.ToString();
    }

    internal static MediaDirection? FindDirection(List<SdpAttribute> attributes)
    {
        foreach (var attribute in attributes)
        {
            if (attribute.Value is not null)
            {
                continue;
            }

            switch (attribute.Name.ToLowerInvariant())
            {
                case "sendrecv":
                    return MediaDirection.SendRecv;
                case "sendonly":
                    return MediaDirection.SendOnly;
                case "recvonly":
                    return MediaDirection.RecvOnly;
                case "inactive":
                    return MediaDirection.Inactive;
                default:
                    break;
            }
        }

        return null;
    }

    private static void AppendLine(StringBuilder text, char type, string value) =>
        text.Append(type).Append('=').Append(value).Append("\r\n");
}
