namespace Telephony.Media.Rtcp;

/// <summary>RTCP packet types of RFC 3550 §12.1.</summary>
public static class RtcpPacketType
{
    public const byte SenderReport = 200;
    public const byte ReceiverReport = 201;
    public const byte SourceDescription = 202;
    public const byte Goodbye = 203;
    public const byte Application = 204;
}
