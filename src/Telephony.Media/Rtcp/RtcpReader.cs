using System.Buffers.Binary;

namespace Telephony.Media.Rtcp;

/// <summary>
/// Validates and reads a compound RTCP datagram (RFC 3550 §6.1 and the checks of appendix A.2): every packet is
/// version 2, its length word fits inside the datagram, only the last packet may be padded, and the first is an SR
/// or RR. Anything else is rejected with a reason; no exception escapes for any input.
/// </summary>
public static class RtcpReader
{
    private const int HeaderLength = 4;

    public static bool TryRead(ReadOnlySpan<byte> datagram, out RtcpSummary summary) => TryRead(datagram, out summary, out _);

    public static bool TryRead(ReadOnlySpan<byte> datagram, out RtcpSummary summary, out string? error)
    {
        summary = default;
        if (datagram.Length < HeaderLength + 4)
        {
            error = $"RTCP datagram of {datagram.Length} bytes is too short.";
            return false;
        }

        if (datagram[1] is not (RtcpPacketType.SenderReport or RtcpPacketType.ReceiverReport))
        {
            error = $"Compound RTCP must start with SR or RR, not type {datagram[1]}.";
            return false;
        }

        var result = default(RtcpSummary);
        var offset = 0;
        var first = true;
        while (offset < datagram.Length)
        {
            var remaining = datagram[offset..];
            if (remaining.Length < HeaderLength)
            {
                error = "RTCP packet header is cut off.";
                return false;
            }

            var header = remaining[0];
            var count = header & 0x1F;
            var length = (BinaryPrimitives.ReadUInt16BigEndian(remaining[2..]) + 1) * 4;
            if (header >> 6 != 2)
            {
                error = $"RTCP version {header >> 6} is not 2.";
                return false;
            }

            if (length > remaining.Length)
            {
                error = $"RTCP packet announces {length} bytes, only {remaining.Length} left.";
                return false;
            }

            var isLast = length == remaining.Length;
            var hasPadding = (header & 0x20) != 0;
            var body = remaining[HeaderLength..length];
            if (hasPadding)
            {
                if (!isLast || body.IsEmpty || body[^1] == 0 || body[^1] > body.Length)
                {
                    error = "RTCP padding is only allowed, with a valid count, on the last packet.";
                    return false;
                }

                body = body[..^body[^1]];
            }

            if (!ReadPacket(remaining[1], count, body, first, ref result, out error))
            {
                return false;
            }

            first = false;
            offset += length;
        }

        summary = result;
        error = null;
        return true;
    }

    private static bool ReadPacket(byte type, int count, ReadOnlySpan<byte> body, bool first, ref RtcpSummary result, out string? error)
    {
        error = null;
        switch (type)
        {
            case RtcpPacketType.SenderReport:
                if (body.Length < 24 + (count * RtcpReportBlock.Length))
                {
                    error = $"SR with {count} report blocks is only {body.Length} bytes.";
                    return false;
                }

                result = result with
                {
                    SenderSsrc = first ? BinaryPrimitives.ReadUInt32BigEndian(body) : result.SenderSsrc,
                    HasSenderReport = true,
                    NtpTimestamp = BinaryPrimitives.ReadUInt64BigEndian(body[4..]),
                    RtpTimestamp = BinaryPrimitives.ReadUInt32BigEndian(body[12..]),
                    SenderPacketCount = BinaryPrimitives.ReadUInt32BigEndian(body[16..]),
                    SenderOctetCount = BinaryPrimitives.ReadUInt32BigEndian(body[20..]),
                    FirstReportBlock = result.FirstReportBlock ?? (count > 0 ? ReadBlock(body[24..]) : null),
                };
                return true;
            case RtcpPacketType.ReceiverReport:
                if (body.Length < 4 + (count * RtcpReportBlock.Length))
                {
                    error = $"RR with {count} report blocks is only {body.Length} bytes.";
                    return false;
                }

                result = result with
                {
                    SenderSsrc = first ? BinaryPrimitives.ReadUInt32BigEndian(body) : result.SenderSsrc,
                    FirstReportBlock = result.FirstReportBlock ?? (count > 0 ? ReadBlock(body[4..]) : null),
                };
                return true;
            case RtcpPacketType.Goodbye:
                if (body.Length < count * 4)
                {
                    error = $"BYE with {count} sources is only {body.Length} bytes.";
                    return false;
                }

                result = result with { HasBye = true, ByeSsrc = count > 0 ? BinaryPrimitives.ReadUInt32BigEndian(body) : result.SenderSsrc };
                return true;
            default:
                // SDES, APP and types defined later are skipped whole: the length word already bounds them.
                return true;
        }
    }

    private static RtcpReportBlock ReadBlock(ReadOnlySpan<byte> block)
    {
        // The cumulative count is a 24-bit two's-complement number: shift it to the top and back to sign-extend.
        var lostWord = BinaryPrimitives.ReadInt32BigEndian(block[4..]);
        return new RtcpReportBlock(
            BinaryPrimitives.ReadUInt32BigEndian(block),
            block[4],
            (lostWord << 8) >> 8,
            BinaryPrimitives.ReadUInt32BigEndian(block[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(block[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(block[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(block[20..]));
    }
}
