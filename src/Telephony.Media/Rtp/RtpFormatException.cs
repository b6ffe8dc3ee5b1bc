namespace Telephony.Media.Rtp;

/// <summary>A datagram that is not a well-formed RTP (RFC 3550) or telephone-event (RFC 4733) packet.</summary>
public sealed class RtpFormatException : FormatException
{
    public RtpFormatException()
        : base("Malformed RTP packet.")
    {
    }

    public RtpFormatException(string message)
        : base(message)
    {
    }

    public RtpFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
