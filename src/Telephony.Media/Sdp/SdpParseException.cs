namespace Telephony.Media.Sdp;

/// <summary>An SDP body that does not follow RFC 4566 closely enough to be understood.</summary>
public sealed class SdpParseException : FormatException
{
    public SdpParseException(string message, int lineNumber)
        : base(lineNumber > 0 ? $"SDP line {lineNumber}: {message}" : $"SDP: {message}")
    {
        LineNumber = lineNumber;
    }

    public SdpParseException()
        : this("malformed session description", 0)
    {
    }

    public SdpParseException(string message)
        : this(message, 0)
    {
    }

    public SdpParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>1-based line where the problem was found, 0 when it concerns the whole body.</summary>
    public int LineNumber { get; }
}
