namespace Telephony.Sip.Messages;

/// <summary>Result of looking for one complete message at the start of a stream buffer.</summary>
public enum SipFrameStatus
{
    /// <summary>A whole message is available; its length is given.</summary>
    Complete,

    /// <summary>More bytes are needed.</summary>
    NeedMoreData,

    /// <summary>Only keep-alive CRLFs were found; skip the given length.</summary>
    KeepAlive,

    /// <summary>Framing is impossible (no/invalid Content-Length, oversized): the connection must be closed.</summary>
    Invalid,
}

/// <summary>
/// Cuts messages out of a stream transport (RFC 3261 §18.3): the header block ends at the first empty line
/// and Content-Length, mandatory on streams, gives the body length.
/// </summary>
public static class SipStreamFramer
{
    public static SipFrameStatus TryFrame(ReadOnlySpan<byte> buffer, int maxMessageBytes, out int length, out string? error)
    {
        error = null;
        length = 0;
        var leading = 0;
        while (leading < buffer.Length && buffer[leading] is (byte)'\r' or (byte)'\n')
        {
            leading++;
        }

        if (leading > 0)
        {
            length = leading;
            return SipFrameStatus.KeepAlive;
        }

        var headerEnd = buffer.IndexOf("\r\n\r\n"u8);
        if (headerEnd < 0)
        {
            if (buffer.Length > maxMessageBytes)
            {
                error = "Message Too Large";
                return SipFrameStatus.Invalid;
            }

            return SipFrameStatus.NeedMoreData;
        }

        var bodyStart = headerEnd + 4;
        var contentLength = FindContentLength(buffer[..(headerEnd + 2)], out error);
        if (contentLength is null)
        {
            error ??= "Missing Content-Length";
            return SipFrameStatus.Invalid;
        }

        var total = (long)bodyStart + contentLength.Value;
        if (total > maxMessageBytes)
        {
            error = "Message Too Large";
            return SipFrameStatus.Invalid;
        }

        if (buffer.Length < total)
        {
            return SipFrameStatus.NeedMoreData;
        }

        length = (int)total;
        return SipFrameStatus.Complete;
    }

    private static int? FindContentLength(ReadOnlySpan<byte> headerBlock, out string? error)
    {
        error = null;
        int? found = null;
        Span<char> chars = stackalloc char[32];
        while (!headerBlock.IsEmpty)
        {
            var lineEnd = headerBlock.IndexOf("\r\n"u8);
            var line = lineEnd < 0 ? headerBlock : headerBlock[..lineEnd];
            headerBlock = lineEnd < 0 ? [] : headerBlock[(lineEnd + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0 || line[0] is (byte)' ' or (byte)'\t')
            {
                continue;
            }

            var name = line[..colon].TrimEnd(" \t"u8);
            if (!name.SequenceEqual("l"u8) && !name.SequenceEqual("L"u8) && !System.Text.Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                continue;
            }

            if (found is not null)
            {
                error = "Multiple Content-Length headers";
                return null;
            }

            var valueBytes = line[(colon + 1)..].Trim(" \t"u8);
            if (valueBytes.Length > chars.Length)
            {
                error = "Malformed Content-Length";
                return null;
            }

            for (var i = 0; i < valueBytes.Length; i++)
            {
                chars[i] = (char)valueBytes[i];
            }

            try
            {
                found = ContentLengthRules.ParseValue(chars[..valueBytes.Length]);
            }
            catch (SipParseException e)
            {
                error = e.ReasonPhrase;
                return null;
            }
        }

        return found;
    }
}
