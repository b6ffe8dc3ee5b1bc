namespace Telephony.Media.Rtcp;

/// <summary>One reception report block of an SR or RR (RFC 3550 §6.4.1), about the stream of <paramref name="Ssrc"/>.</summary>
/// <param name="Ssrc">The source this block reports on.</param>
/// <param name="FractionLost">Packets lost since the last report, as a fraction of 256.</param>
/// <param name="CumulativeLost">Packets lost since the start, 24-bit signed (duplicates can make it negative).</param>
/// <param name="ExtendedHighestSequence">Highest sequence number received, with the count of wraps in the high 16 bits.</param>
/// <param name="Jitter">Interarrival jitter in timestamp units.</param>
/// <param name="LastSenderReport">Middle 32 bits of the NTP timestamp of the last SR received from that source, 0 if none.</param>
/// <param name="DelaySinceLastSenderReport">Delay since that SR, in 1/65536 s.</param>
public readonly record struct RtcpReportBlock(
    uint Ssrc,
    byte FractionLost,
    int CumulativeLost,
    uint ExtendedHighestSequence,
    uint Jitter,
    uint LastSenderReport,
    uint DelaySinceLastSenderReport)
{
    public const int Length = 24;
}
