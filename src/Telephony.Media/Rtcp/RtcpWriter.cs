using System.Buffers.Binary;
using System.Text;

namespace Telephony.Media.Rtcp;

/// <summary>
/// Builds the RTCP packets a call sends (RFC 3550 §6.4-6.6) into a caller's buffer; each method returns the bytes written.
/// A compound datagram is an SR or RR followed by an SDES with the CNAME, and a BYE at the end of a call.
/// </summary>
public static class RtcpWriter
{
    public static int WriteSenderReport(Span<byte> destination, uint ssrc, ulong ntpTimestamp, uint rtpTimestamp, uint packetCount, uint octetCount, RtcpReportBlock? block)
    {
        var blocks = block is null ? 0 : 1;
        var length = 28 + (blocks * RtcpReportBlock.Length);
        WriteHeader(destination, RtcpPacketType.SenderReport, blocks, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], ntpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], rtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], packetCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination[24..], octetCount);
        if (block is { } value)
        {
            WriteBlock(destination[28..], value);
        }

        return length;
    }

    public static int WriteReceiverReport(Span<byte> destination, uint ssrc, RtcpReportBlock? block)
    {
        var blocks = block is null ? 0 : 1;
        var length = 8 + (blocks * RtcpReportBlock.Length);
        WriteHeader(destination, RtcpPacketType.ReceiverReport, blocks, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        if (block is { } value)
        {
            WriteBlock(destination[8..], value);
        }

        return length;
    }

    /// <summary>An SDES packet with one chunk holding only the CNAME item (ASCII, at most 255 bytes).</summary>
    public static int WriteSourceDescription(Span<byte> destination, uint ssrc, string cname)
    {
        var nameLength = Math.Min(Encoding.ASCII.GetByteCount(cname), 255);
        // SSRC, CNAME type and length, the name, then at least one zero byte ending the item list, padded to 32 bits.
        var chunk = 4 + 2 + nameLength + 1;
        var length = 4 + ((chunk + 3) / 4 * 4);
        WriteHeader(destination, RtcpPacketType.SourceDescription, 1, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        destination[8] = 1;
        destination[9] = (byte)nameLength;
        Encoding.ASCII.GetBytes(cname.AsSpan(0, Math.Min(cname.Length, nameLength)), destination[10..]);
        destination[(10 + nameLength)..length].Clear();
        return length;
    }

    public static int WriteGoodbye(Span<byte> destination, uint ssrc)
    {
        WriteHeader(destination, RtcpPacketType.Goodbye, 1, 8);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        return 8;
    }

    /// <summary>The 64-bit NTP timestamp (seconds since 1900 in the high word) of a moment.</summary>
    public static ulong ToNtp(DateTimeOffset time)
    {
        var sinceEpoch = time.UtcDateTime - new DateTime(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var seconds = (ulong)sinceEpoch.Ticks / TimeSpan.TicksPerSecond;
        var fraction = ((ulong)sinceEpoch.Ticks % TimeSpan.TicksPerSecond << 32) / TimeSpan.TicksPerSecond;
        return (seconds << 32) | fraction;
    }

    private static void WriteHeader(Span<byte> destination, byte type, int count, int length)
    {
        if (destination.Length < length)
        {
            throw new ArgumentException($"Destination needs {length} bytes.", nameof(destination));
        }

        destination[0] = (byte)(0x80 | count);
        destination[1] = type;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)((length / 4) - 1));
    }

    private static void WriteBlock(Span<byte> destination, RtcpReportBlock block)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, block.Ssrc);
        var lost = Math.Clamp(block.CumulativeLost, -0x800000, 0x7FFFFF) & 0xFFFFFF;
        BinaryPrimitives.WriteInt32BigEndian(destination[4..], (block.FractionLost << 24) | lost);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], block.ExtendedHighestSequence);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], block.Jitter);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], block.LastSenderReport);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], block.DelaySinceLastSenderReport);
    }
}
