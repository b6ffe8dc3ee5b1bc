using System.Buffers.Binary;

namespace Telephony.Media.Rtp;

/// <summary>
/// A parsed view over one RTP datagram (RFC 3550 §5.1). Nothing is copied: the spans point into the caller's buffer,
/// which is why this is a ref struct. Parsing checks every length against the datagram before reading it.
/// </summary>
public readonly ref struct RtpPacket
{
    public const int FixedHeaderLength = 12;
    public const int Version = 2;

    private readonly ReadOnlySpan<byte> _csrcs;

    private RtpPacket(
        bool marker,
        byte payloadType,
        ushort sequenceNumber,
        uint timestamp,
        uint ssrc,
        ReadOnlySpan<byte> csrcs,
        bool hasExtension,
        ushort extensionProfile,
        ReadOnlySpan<byte> extensionData,
        ReadOnlySpan<byte> payload,
        int paddingLength)
    {
        Marker = marker;
        PayloadType = payloadType;
        SequenceNumber = sequenceNumber;
        Timestamp = timestamp;
        Ssrc = ssrc;
        _csrcs = csrcs;
        HasExtension = hasExtension;
        ExtensionProfile = extensionProfile;
        ExtensionData = extensionData;
        Payload = payload;
        PaddingLength = paddingLength;
    }

    public bool Marker { get; }

    public byte PayloadType { get; }

    public ushort SequenceNumber { get; }

    public uint Timestamp { get; }

    public uint Ssrc { get; }

    public int CsrcCount => _csrcs.Length / 4;

    public bool HasExtension { get; }

    /// <summary>The "defined by profile" 16 bits of the header extension (0 without one).</summary>
    public ushort ExtensionProfile { get; }

    /// <summary>The header extension body, without its 4-byte profile/length word.</summary>
    public ReadOnlySpan<byte> ExtensionData { get; }

    /// <summary>The payload, with any padding already removed.</summary>
    public ReadOnlySpan<byte> Payload { get; }

    public int PaddingLength { get; }

    public uint GetCsrc(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, CsrcCount);
        return BinaryPrimitives.ReadUInt32BigEndian(_csrcs[(index * 4)..]);
    }

    /// <summary>Parses a datagram, returning false for anything that is not valid RTP version 2.</summary>
    public static bool TryParse(ReadOnlySpan<byte> datagram, out RtpPacket packet) =>
        TryParse(datagram, out packet, out _);

    /// <summary>Parses a datagram or throws <see cref="RtpFormatException"/> saying what is wrong with it.</summary>
    public static RtpPacket Parse(ReadOnlySpan<byte> datagram)
    {
        if (!TryParse(datagram, out var packet, out var error))
        {
            throw new RtpFormatException(error!);
        }

        return packet;
    }

    /// <summary>Size of a packet with these parts.</summary>
    public static int GetLength(int csrcCount, int payloadLength) => FixedHeaderLength + (csrcCount * 4) + payloadLength;

    /// <summary>
    /// Writes the 12-byte fixed header (no CSRC, no extension, no padding) and returns its length. This is the hot path
    /// for sending: the caller writes the payload right after it in the same buffer.
    /// </summary>
    public static int WriteHeader(Span<byte> destination, in RtpHeaderFields header)
    {
        if (destination.Length < FixedHeaderLength)
        {
            throw new ArgumentException("Destination is shorter than an RTP header.", nameof(destination));
        }

        if (header.PayloadType > 127)
        {
            throw new ArgumentOutOfRangeException(nameof(header), "RTP payload type is 7 bits.");
        }

        destination[0] = Version << 6;
        destination[1] = (byte)((header.Marker ? 0x80 : 0) | header.PayloadType);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], header.SequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], header.Timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], header.Ssrc);
        return FixedHeaderLength;
    }

    /// <summary>Writes a whole packet with optional CSRCs (at most 15) and returns its length.</summary>
    public static int Write(Span<byte> destination, in RtpHeaderFields header, ReadOnlySpan<uint> csrcs, ReadOnlySpan<byte> payload)
    {
        if (csrcs.Length > 15)
        {
            throw new ArgumentOutOfRangeException(nameof(csrcs), "RTP carries at most 15 CSRCs.");
        }

        var length = GetLength(csrcs.Length, payload.Length);
        if (destination.Length < length)
        {
            throw new ArgumentException($"Destination needs {length} bytes.", nameof(destination));
        }

        WriteHeader(destination, header);
        destination[0] |= (byte)csrcs.Length;
        var offset = FixedHeaderLength;
        foreach (var csrc in csrcs)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], csrc);
            offset += 4;
        }

        payload.CopyTo(destination[offset..]);
        return length;
    }

    private static bool TryParse(ReadOnlySpan<byte> datagram, out RtpPacket packet, out string? error)
    {
        packet = default;
        if (datagram.Length < FixedHeaderLength)
        {
            error = $"RTP packet of {datagram.Length} bytes is shorter than the 12-byte header.";
            return false;
        }

        var first = datagram[0];
        if (first >> 6 != Version)
        {
            error = $"RTP version {first >> 6} is not 2.";
            return false;
        }

        var hasPadding = (first & 0x20) != 0;
        var hasExtension = (first & 0x10) != 0;
        var csrcCount = first & 0x0F;
        var offset = FixedHeaderLength + (csrcCount * 4);
        if (datagram.Length < offset)
        {
            error = $"RTP packet announces {csrcCount} CSRCs but is only {datagram.Length} bytes.";
            return false;
        }

        var csrcs = datagram[FixedHeaderLength..offset];
        ushort extensionProfile = 0;
        var extensionData = ReadOnlySpan<byte>.Empty;
        if (hasExtension)
        {
            if (datagram.Length < offset + 4)
            {
                error = "RTP header extension is cut off.";
                return false;
            }

            extensionProfile = BinaryPrimitives.ReadUInt16BigEndian(datagram[offset..]);
            var extensionLength = BinaryPrimitives.ReadUInt16BigEndian(datagram[(offset + 2)..]) * 4;
            offset += 4;
            if (datagram.Length - offset < extensionLength)
            {
                error = "RTP header extension is longer than the packet.";
                return false;
            }

            extensionData = datagram.Slice(offset, extensionLength);
            offset += extensionLength;
        }

        var end = datagram.Length;
        var paddingLength = 0;
        if (hasPadding)
        {
            // RFC 3550 §5.1: the last octet counts the padding, itself included, so 0 is invalid.
            paddingLength = datagram[^1];
            if (paddingLength == 0 || paddingLength > end - offset)
            {
                error = $"RTP padding length {paddingLength} does not fit the packet.";
                return false;
            }

            end -= paddingLength;
        }

        packet = new RtpPacket(
            (datagram[1] & 0x80) != 0,
            (byte)(datagram[1] & 0x7F),
            BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(datagram[8..]),
            csrcs,
            hasExtension,
            extensionProfile,
            extensionData,
            datagram[offset..end],
            paddingLength);
        error = null;
        return true;
    }
}
