using System.Text;

namespace Telephony.Sip.Messages;

/// <summary>
/// Parses one SIP message from bytes (RFC 3261 §7). The span is the whole datagram on UDP, or the exact
/// frame cut by <see cref="SipStreamFramer"/> on TCP. Throws only <see cref="SipParseException"/>.
/// </summary>
public static class SipParser
{
    public static SipMessage Parse(ReadOnlySpan<byte> data)
    {
        var position = SkipLeadingLineBreaks(data);
        if (position >= data.Length)
        {
            throw SipParseException.BadRequest("Empty message");
        }

        var startLineBytes = ReadLine(data, ref position, out _);
        var (message, deferredError) = StartLineParser.Parse(startLineBytes);
        var headerError = ReadHeaders(data, ref position, message.Headers);
        if (deferredError is not null)
        {
            throw new SipParseException(deferredError.StatusCode, deferredError.ReasonPhrase, message);
        }

        if (headerError is not null)
        {
            throw new SipParseException(400, headerError, message);
        }

        try
        {
            message.Body = ReadBody(data, position, message.Headers);
            MessageValidator.Validate(message);
        }
        catch (SipParseException e)
        {
            throw new SipParseException(e.StatusCode, e.ReasonPhrase, message);
        }

        return message;
    }

    private static int SkipLeadingLineBreaks(ReadOnlySpan<byte> data)
    {
        var position = 0;
        while (position < data.Length && data[position] is (byte)'\r' or (byte)'\n')
        {
            position++;
        }

        return position;
    }

    /// <summary>Reads one line (LF or CRLF terminated); at the end of data returns the rest.</summary>
    private static ReadOnlySpan<byte> ReadLine(ReadOnlySpan<byte> data, ref int position, out bool terminated)
    {
        var rest = data[position..];
        var newline = rest.IndexOf((byte)'\n');
        terminated = newline >= 0;
        var line = newline < 0 ? rest : rest[..newline];
        position += newline < 0 ? rest.Length : newline + 1;
        return line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;
    }

    /// <summary>Reads header lines up to the blank line, unfolding continuations; returns an error reason or null.</summary>
    private static string? ReadHeaders(ReadOnlySpan<byte> data, ref int position, SipHeaderCollection headers)
    {
        string? name = null;
        string? value = null;
        StringBuilder? folded = null;
        string? error = null;
        while (position < data.Length)
        {
            var line = ReadLine(data, ref position, out _);
            if (line.IsEmpty)
            {
                break;
            }

            if (line[0] is (byte)' ' or (byte)'\t')
            {
                if (name is null)
                {
                    error ??= "Malformed header: continuation line without header";
                    continue;
                }

                // Folding (LWS with CRLF) is equivalent to a single space (RFC 3261 §7.3.1).
                var continuation = Encoding.UTF8.GetString(line.Trim(" \t"u8));
                folded ??= new StringBuilder(value);
                if (continuation.Length > 0)
                {
                    if (folded.Length > 0)
                    {
                        folded.Append(' ');
                    }

                    folded.Append(continuation);
                }

                continue;
            }

            Flush(headers, name, value, folded);
            folded = null;
            var colon = line.IndexOf((byte)':');
            if (colon <= 0 || !TryReadName(line[..colon].TrimEnd(" \t"u8), out name))
            {
                name = null;
                error ??= "Malformed header line";
                continue;
            }

            value = Encoding.UTF8.GetString(line[(colon + 1)..].Trim(" \t"u8));
        }

        Flush(headers, name, value, folded);
        return error;
    }

    private static void Flush(SipHeaderCollection headers, string? name, string? value, StringBuilder? folded)
    {
        if (name is not null)
        {
            headers.AddNormalized(name, folded?.ToString() ?? value ?? string.Empty);
        }
    }

    private static bool TryReadName(ReadOnlySpan<byte> bytes, out string? name)
    {
        name = null;
        if (bytes.IsEmpty || bytes.Length > 256)
        {
            return false;
        }

        Span<char> chars = stackalloc char[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            chars[i] = (char)bytes[i];
            if (!SipSyntax.IsTokenChar(chars[i]))
            {
                return false;
            }
        }

        // Known names (and compact forms) map to a shared canonical string: no allocation per header name.
        name = SipHeaderNames.TryCanonicalize(chars) ?? new string(chars);
        return true;
    }

    private static ReadOnlyMemory<byte> ReadBody(ReadOnlySpan<byte> data, int bodyStart, SipHeaderCollection headers)
    {
        var available = data.Length - Math.Min(bodyStart, data.Length);
        var declared = ContentLengthRules.Read(headers);
        if (declared is null)
        {
            // No Content-Length: on a datagram the body is the rest of it (RFC 3261 §18.3).
            return available == 0 ? ReadOnlyMemory<byte>.Empty : data[bodyStart..].ToArray();
        }

        if (declared.Value > available)
        {
            throw SipParseException.BadRequest("Content-Length larger than the message body");
        }

        // Octets after Content-Length are ignored (RFC 3261 §18.3).
        return declared.Value == 0 ? ReadOnlyMemory<byte>.Empty : data.Slice(bodyStart, declared.Value).ToArray();
    }
}
