namespace Telephony.Media.Rtcp;

/// <summary>
/// What a call needs from one compound RTCP datagram: who sent it, its sender report if any, the first reception
/// report block, and whether it says goodbye. A plain struct, so reading RTCP allocates nothing.
/// </summary>
public readonly record struct RtcpSummary(
    uint SenderSsrc,
    bool HasSenderReport,
    ulong NtpTimestamp,
    uint RtpTimestamp,
    uint SenderPacketCount,
    uint SenderOctetCount,
    RtcpReportBlock? FirstReportBlock,
    bool HasBye,
    uint ByeSsrc);
