using System.Numerics;

namespace Telephony.Media.Codecs;

/// <summary>
/// ITU-T G.711 µ-law companding between 16-bit linear PCM and 8-bit codes.
/// Both directions go through tables built once, so the per-packet cost is one lookup per sample.
/// </summary>
public static class MuLaw
{
    /// <summary>The code for digital silence (linear 0).</summary>
    public const byte Silence = 0xFF;

    // G.711 µ-law works on 14-bit magnitudes; the bias makes every segment start at a power of two.
    private const int Bias = 0x84;
    private const int Clip = 32635;

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
        var sign = (sample >> 8) & 0x80;
        if (sign != 0)
        {
            sample = -sample;
        }

        sample = Math.Min(sample, Clip) + Bias;
        var exponent = BitOperations.Log2((uint)(sample >> 7));
        var mantissa = (sample >> (exponent + 3)) & 0x0F;
        return (byte)~(sign | (exponent << 4) | mantissa);
    }

    private static short DecodeSlow(byte code)
    {
        var inverted = ~code & 0xFF;
        var exponent = (inverted >> 4) & 0x07;
        var mantissa = inverted & 0x0F;
        var magnitude = (((mantissa << 3) + Bias) << exponent) - Bias;
        return (short)((inverted & 0x80) != 0 ? -magnitude : magnitude);
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
