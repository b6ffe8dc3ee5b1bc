namespace Telephony.Media.Sdp;

/// <summary>Line-by-line RFC 4566 reader. Strict where a wrong guess would send media to the wrong place, lenient elsewhere.</summary>
internal static class SdpParser
{
    /// <summary>SIP bodies carrying one audio call are a few hundred bytes; anything near this is hostile.</summary>
    internal const int MaxLength = 64 * 1024;
    private const int MaxMediaSections = 64;

    public static SdpSessionDescription Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxLength)
        {
            throw new SdpParseException($"body of {text.Length} characters exceeds the {MaxLength} limit");
        }

        var lines = text.Split('\n');
        SdpSessionDescription? session = null;
        SdpMediaDescription? media = null;
        var sawVersion = false;
        var sawSessionName = false;
        for (var index = 0; index < lines.Length; index++)
        {
            var lineNumber = index + 1;
            var line = lines[index].TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            if (line.Length < 2 || line[1] != '=' || line[0] is < 'a' or > 'z')
            {
                throw new SdpParseException("expected '<letter>=<value>'", lineNumber);
            }

            if (line.AsSpan().ContainsAny('\0', '\r'))
            {
                throw new SdpParseException("control character inside a line", lineNumber);
            }

            var type = line[0];
            var value = line[2..];
            if (!sawVersion)
            {
                if (type != 'v' || value.Trim() != "0")
                {
                    throw new SdpParseException("the first line must be v=0", lineNumber);
                }

                sawVersion = true;
                continue;
            }

            if (session is null)
            {
                if (type != 'o')
                {
                    throw new SdpParseException("o= must follow v=", lineNumber);
                }

                session = new SdpSessionDescription(SdpOrigin.Parse(value, lineNumber));
                continue;
            }

            if (type == 'm')
            {
                if (session.Media.Count >= MaxMediaSections)
                {
                    throw new SdpParseException($"more than {MaxMediaSections} media sections", lineNumber);
                }

                media = SdpMediaDescription.Parse(value, lineNumber);
                session.Media.Add(media);
                continue;
            }

            if (media is null)
            {
                ReadSessionLine(session, type, value, lineNumber, ref sawSessionName);
            }
            else
            {
                ReadMediaLine(media, type, value, lineNumber);
            }
        }

        if (session is null)
        {
            throw new SdpParseException(sawVersion ? "missing o= line" : "empty body");
        }

        return session;
    }

    private static void ReadSessionLine(SdpSessionDescription session, char type, string value, int lineNumber, ref bool sawSessionName)
    {
        switch (type)
        {
            case 's':
                if (sawSessionName)
                {
                    throw new SdpParseException("more than one s= line", lineNumber);
                }

                sawSessionName = true;
                session.SessionName = value;
                break;
            case 'c':
                session.Connection = SdpConnection.Parse(value, lineNumber);
                break;
            case 'b':
                session.Bandwidths.Add(value);
                break;
            case 't' or 'r':
                session.TimeFields.Add(new SdpField(type, value));
                break;
            case 'a':
                session.Attributes.Add(SdpAttribute.Parse(value));
                break;
            case 'i' or 'u' or 'e' or 'p' or 'z' or 'k':
                session.OtherFields.Add(new SdpField(type, value));
                break;
            default:
                // RFC 4566 §5: unknown types are ignored; 'v' and 'o' again would be a second description.
                if (type is 'v' or 'o')
                {
                    throw new SdpParseException($"unexpected second {type}= line", lineNumber);
                }

                break;
        }
    }

    private static void ReadMediaLine(SdpMediaDescription media, char type, string value, int lineNumber)
    {
        switch (type)
        {
            case 'c':
                media.Connection = SdpConnection.Parse(value, lineNumber);
                break;
            case 'b':
                media.Bandwidths.Add(value);
                break;
            case 'a':
                media.Attributes.Add(SdpAttribute.Parse(value));
                break;
            case 'i' or 'k':
                media.OtherFields.Add(new SdpField(type, value));
                break;
            default:
                if (type is 'v' or 'o' or 's' or 't')
                {
                    throw new SdpParseException($"{type}= is not allowed inside a media section", lineNumber);
                }

                break;
        }
    }
}
