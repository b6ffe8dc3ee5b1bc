namespace Telephony.Media.Codecs;

/// <summary>
/// ITU-T G.711 A-law companding between 16-bit linear PCM and 8-bit codes (even bits inverted on the wire).
/// Both directions go through tables built once, so the per-packet cost is one lookup per sample.
/// </summary>
public static class ALaw
{
    /// <summary>The code for digital silence (linear 0 encodes to the smallest positive step).</summary>
    public const byte Silence = 0xD5;

    private static readonly short[] DecodeTable = BuildDecodeTable();
    private static readonly byte[] EncodeTable = BuildEncodeTable();

    public static byte Encode(short sample) => EncodeTable[(ushort)sample];

    public static short Decode(byte code) => DecodeTable[code];

    /// <summary>Encodes <paramref name="samples"/> into the first samples.Length bytes of <paramref name="destination"/>.</summary>
    public static void Encode(ReadOnlySpan<short> samples, Span<byte> destination)
    {
        if (destination.Length < samples.Length)
        {
            throw new ArgumentException("Destination is shorter than the samples to encode.", nameof(destination));
        }

        for (var i = 0; i < samples.Length; i++)
        {
            destination[i] = EncodeTable[(ushort)samples[i]];
        }
    }

    /// <summary>Decodes <paramref name="codes"/> into the first codes.Length samples of <paramref name="destination"/>.</summary>
    public static void Decode(ReadOnlySpan<byte> codes, Span<short> destination)
    {
        if (destination.Length < codes.Length)
        {
            throw new ArgumentException("Destination is shorter than the codes to decode.", nameof(destination));
        }

        for (var i = 0; i < codes.Length; i++)
        {
            destination[i] = DecodeTable[codes[i]];
        }
    }

    private static byte EncodeSlow(int sample)
    {
        // A-law quantises 13-bit magnitudes; negative values are folded with one's complement.
        var value = sample >> 3;
        int mask;
        if (value >= 0)
        {
            mask = 0xD5;
        }
        else
        {
            mask = 0x55;
            value = -value - 1;
        }

        var segment = 0;
        while (segment < 8 && value >= (0x20 << segment))
        {
            segment++;
        }

        if (segment >= 8)
        {
            return (byte)(0x7F ^ mask);
        }

        var code = segment << 4;
        code |= segment < 2 ? (value >> 1) & 0x0F : (value >> segment) & 0x0F;
        return (byte)(code ^ mask);
    }

    private static short DecodeSlow(byte code)
    {
        var value = code ^ 0x55;
        var magnitude = (value & 0x0F) << 4;
        var segment = (value & 0x70) >> 4;
        magnitude = segment switch
        {
            0 => magnitude + 8,
            1 => magnitude + 0x108,
            _ => (magnitude + 0x108) << (segment - 1),
        };
        return (short)((value & 0x80) != 0 ? magnitude : -magnitude);
    }

    private static short[] BuildDecodeTable()
    {
        var table = new short[256];
        for (var code = 0; code < 256; code++)
        {
            table[code] = DecodeSlow((byte)code);
        }

        return table;
    }

    private static byte[] BuildEncodeTable()
    {
        var table = new byte[65536];
        for (var i = 0; i < 65536; i++)
        {
            table[i] = EncodeSlow((short)i);
        }

        return table;
    }
}
