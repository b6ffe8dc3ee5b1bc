using System.Buffers.Binary;

namespace Telephony.Media.Rtp;

/// <summary>
/// The 4-byte RFC 4733 §2.3 named-event payload: event code, end bit, volume (dBm0 below 0) and duration in timestamp units.
/// </summary>
public readonly record struct TelephoneEvent(byte Event, bool End, byte Volume, ushort Duration)
{
    public const int PayloadLength = 4;

    /// <summary>Parses the first 4 bytes of a payload; longer payloads (redundant events) use only the first block.</summary>
    public static bool TryParse(ReadOnlySpan<byte> payload, out TelephoneEvent telephoneEvent)
    {
        if (payload.Length < PayloadLength)
        {
            telephoneEvent = default;
            return false;
        }

        telephoneEvent = new TelephoneEvent(
            payload[0],
            (payload[1] & 0x80) != 0,
            (byte)(payload[1] & 0x3F),
            BinaryPrimitives.ReadUInt16BigEndian(payload[2..]));
        return true;
    }

    public int Write(Span<byte> destination)
    {
        if (destination.Length < PayloadLength)
        {
            throw new ArgumentException("Destination is shorter than a telephone-event payload.", nameof(destination));
        }

        destination[0] = Event;
        destination[1] = (byte)((End ? 0x80 : 0) | (Volume & 0x3F));
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], Duration);
        return PayloadLength;
    }

    /// <summary>The DTMF character of an event code (0-9, *, #, A-D), or null for other events such as flash.</summary>
    public static char? ToDigit(byte eventCode) => eventCode switch
    {
        <= 9 => (char)('0' + eventCode),
        10 => '*',
        11 => '#',
        <= 15 => (char)('A' + eventCode - 12),
        _ => null,
    };

    /// <summary>The event code of a DTMF character; throws for anything else.</summary>
    public static byte FromDigit(char digit) => char.ToUpperInvariant(digit) switch
    {
        >= '0' and <= '9' => (byte)(digit - '0'),
        '*' => 10,
        '#' => 11,
        var upper and >= 'A' and <= 'D' => (byte)(upper - 'A' + 12),
        _ => throw new ArgumentOutOfRangeException(nameof(digit), $"'{digit}' is not a DTMF digit."),
    };
}
