namespace Telephony.Media.Rtp;

/// <summary>Every even port of the configured RTP range is leased or bound by another process.</summary>
public sealed class RtpPortsExhaustedException : InvalidOperationException
{
    public RtpPortsExhaustedException()
        : base("No free RTP port.")
    {
    }

    public RtpPortsExhaustedException(string message)
        : base(message)
    {
    }

    public RtpPortsExhaustedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
