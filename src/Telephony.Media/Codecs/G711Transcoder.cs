namespace Telephony.Media.Codecs;

/// <summary>
/// PCMU to PCMA and back, one byte at a time through 256-entry tables (decode with one law, encode with the other),
/// so bridging two legs that chose different laws costs a table lookup per sample and no linear buffer.
/// </summary>
public static class G711Transcoder
{
    private static readonly byte[] MuLawToALaw = Build(MuLaw.Decode, ALaw.Encode);
    private static readonly byte[] ALawToMuLaw = Build(ALaw.Decode, MuLaw.Encode);

    public static void Transcode(AudioCodec from, AudioCodec to, ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (destination.Length < source.Length)
        {
            throw new ArgumentException("Destination is shorter than the source.", nameof(destination));
        }

        if (from == to)
        {
            source.CopyTo(destination);
            return;
        }

        var table = from == AudioCodec.Pcmu ? MuLawToALaw : ALawToMuLaw;
        for (var i = 0; i < source.Length; i++)
        {
            destination[i] = table[source[i]];
        }
    }

    private static byte[] Build(Func<byte, short> decode, Func<short, byte> encode)
    {
        var table = new byte[256];
        for (var code = 0; code < 256; code++)
        {
            table[code] = encode(decode((byte)code));
        }

        return table;
    }
}
